#!/usr/bin/env bash
# Builds the Dockerfile and runs the image, with engines from Debian's own packages: podman, and
# a debian:12 base image made by debootstrap from Debian's repository (no registry needed). Then
# checks the running container over real HTTP: /health, the TileJSON, a vector tile decoded by
# GDAL's MVT driver (ogrinfo), an area profile and the client's page; and stops it. Needs root.
#
# usage: deploy/docker-verify.sh   (--format docker: the OCI format has no HEALTHCHECK)
# Environment: OUT (/tmp/snamap-docker), DEBIAN_MIRROR (http://deb.debian.org/debian),
# PORT (18080), CCACHE (a host directory mounted at /ccache during the build; default
# ~/.cache/ccache, so a machine that has built snamap before compiles little),
# RUNTIME_FLAGS (default "--runtime runc --ulimit nofile=1024:4096 --ulimit nproc=1024:4096":
# where this was written root lacks CAP_SYS_RESOURCE, so podman's default limits cannot be set,
# and the cgroup layout is hybrid, which crun refuses; runc with explicit limits runs).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${OUT:-/tmp/snamap-docker}
port=${PORT:-18080}
ccache_dir=${CCACHE:-$HOME/.cache/ccache}
read -r -a runtime <<<"${RUNTIME_FLAGS:---runtime runc --ulimit nofile=1024:4096 --ulimit nproc=1024:4096}"
image=localhost/snamap:verify
name=snamap-verify
mkdir -p "$out" "$ccache_dir"

missing=()
for p in podman debootstrap runc uidmap gdal-bin curl; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

step() { echo "== $(date -u +%H:%M:%S) $*"; }

if ! podman image exists docker.io/library/debian:12; then
    step "debian:12 base image from debootstrap"
    rm -rf "$out/rootfs"
    debootstrap --variant=minbase bookworm "$out/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$out/debootstrap.log"
    tar -C "$out/rootfs" -c . | podman import - docker.io/library/debian:12 >/dev/null
    rm -rf "$out/rootfs"
fi

# npm inside the build trusts what Node on this machine trusts (NODE_EXTRA_CA_CERTS: e.g. a
# TLS-intercepting proxy's CA), mounted read-only for the build only.
ca=()
if [[ -n ${NODE_EXTRA_CA_CERTS:-} && -f $NODE_EXTRA_CA_CERTS ]]; then
    ca=(-v "$NODE_EXTRA_CA_CERTS:/etc/ssl/build-extra-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/build-extra-ca.crt)
fi
step "podman build (log: $out/build.log)"
podman build --format docker "${runtime[@]}" --network host -v "$ccache_dir:/ccache" "${ca[@]}" -t "$image" "$root" >"$out/build.log" 2>&1 ||
    { tail -30 "$out/build.log"; echo "podman build failed; see $out/build.log" >&2; exit 1; }
podman image inspect "$image" --format 'image {{.Id}}: {{.Size}} bytes' | cut -c1-90

podman rm -f "$name" >/dev/null 2>&1 || true
trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
step "podman run (the image's own CMD, port 8080 published on 127.0.0.1:$port)"
podman run -d --name "$name" "${runtime[@]}" -p "127.0.0.1:$port:8080" "$image" >/dev/null
base="http://127.0.0.1:$port"
for _ in $(seq 120); do curl -sf -o /dev/null "$base/health" && break; sleep 0.5; done

failures=0
check() { # check WHAT COMMAND...
    if "${@:2}" >"$out/check.txt" 2>&1; then echo "ok   $1"; else
        echo "FAIL $1"; sed 's/^/     /' "$out/check.txt" | head -10; failures=$((failures + 1)); fi
}
check "/health answers 200" curl -sf "$base/health"
check "TileJSON names the tiles" bash -c "curl -sf '$base/tiles/lsoa.json' | grep -q '\"tiles\"'"
tile() { # a tile holding features: the layer's centre at z10
    curl -sf "$base/tiles/lsoa.json" | python3 -c '
import json, math, sys
t = json.load(sys.stdin); lon, lat, _ = t["center"]; z = 10; n = 2 ** z
x = int((lon + 180) / 360 * n); y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
print(f"{z}/{x}/{y}")'
}
check "a vector tile decodes with GDAL's MVT driver" bash -c "
    curl -sf -o '$out/tile.mvt' '$base/tiles/lsoa/$(tile).mvt' &&
    ogrinfo -ro -al -so -oo X=0 -oo Y=0 -oo Z=0 '$out/tile.mvt' | grep -q 'Feature Count: [1-9]'"
check "an area profile" bash -c "curl -sf '$base/api/areas/S08000001/profile' | grep -q '\"indicators\"'"
check "the client's page" bash -c "curl -sf '$base/' | grep -qi '<html'"
check "the health check podman runs" podman healthcheck run "$name"
podman logs "$name" 2>&1 | tail -3 | sed 's/^/log: /'
step "$failures failure(s)"
exit $((failures > 0))
