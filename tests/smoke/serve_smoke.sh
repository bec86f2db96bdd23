#!/usr/bin/env bash
# Socket smoke test: real `snamap serve` on 127.0.0.1:0, real HTTP (curl), then SIGTERM and a
# clean exit. Usage: serve_smoke.sh SNAMAP_BINARY DB
set -u
snamap=$1 db=$2
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- server stderr:"; tail -20 "$work/err"; exit 1; }

"$snamap" serve "$db" --host 127.0.0.1 --port 0 --threads 2 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q "serving" "$work/out" && break
  kill -0 $pid 2>/dev/null || fail "server exited during start-up"
  sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out") || fail "no 'serving ... at http://127.0.0.1:PORT' line"
echo "server at $base (pid $pid)"

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect() { # expect CODE DESCRIPTION CURL-ARGS...
  local want=$1 what=$2; shift 2
  local got; got=$(status "$@")
  [ "$got" = "$want" ] || fail "$what: expected $want, got $got"
  echo "ok  $want $what"
}

expect 200 "health" "$base/health"
expect 200 "catalog" "$base/catalog"
expect 200 "TileJSON" "$base/tiles/lsoa11.json"
# A tile in central Birmingham, uncompressed and gzip.
tile="$base/tiles/lsoa11/12/2026/1344.mvt"
expect 200 "tile" "$tile"
curl -s -D "$work/h" -o "$work/t.gz" -H 'Accept-Encoding: gzip' "$tile"
grep -qi '^content-encoding: gzip' "$work/h" || fail "gzip not sent when accepted"
grep -qi '^vary: accept-encoding' "$work/h" || fail "no Vary header"
gzip -t "$work/t.gz" 2>/dev/null || fail "the gzip body is not valid gzip"
etag=$(grep -i '^etag:' "$work/h" | cut -d' ' -f2 | tr -d '\r')
[ -n "$etag" ] || fail "no ETag"
expect 304 "If-None-Match" -H "If-None-Match: $etag" "$tile"
expect 204 "empty tile (open sea, z8)" "$base/tiles/lsoa11/8/0/0.mvt"
expect 404 "zoom below the layer's range" "$base/tiles/lsoa11/3/3/2.mvt"
expect 404 "unknown layer" "$base/tiles/nope/8/126/84.mvt"
expect 400 "x beyond 2^z" "$base/tiles/lsoa11/8/999/84.mvt"
expect 400 "negative zoom" "$base/tiles/lsoa11/-1/0/0.mvt"
expect 400 "bad percent-encoding" "$base/api/areas/%zz"
expect 404 "unknown area" "$base/api/areas/E99999999"
# Keep-alive: two requests, one connection.
curl -sv -o /dev/null -o /dev/null "$base/health" "$base/catalog" 2>"$work/v"
grep -q 'Re-using existing connection' "$work/v" || fail "keep-alive connection was not reused"
echo "ok  keep-alive"
# Metrics reflect what was served.
curl -s "$base/metrics" | grep -q 'snamap_http_requests_total{route="tile",status="304"} 1' || fail "metrics"
echo "ok  metrics"

kill -TERM $pid
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "still running 10 s after SIGTERM"
wait $pid; code=$?
[ $code = 0 ] || fail "exit code $code after SIGTERM"
echo "ok  SIGTERM → clean exit 0"
