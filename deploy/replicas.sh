#!/usr/bin/env bash
# Two snamap replicas behind nginx (load balancing, shared proxy cache, retry on a failed
# upstream), under a bounded load, with a replica lost or the data replaced mid-run:
#
#   deploy/replicas.sh kill DB [SNAMAP]             # SIGKILL one replica part-way through
#   deploy/replicas.sh rolling DB NEW_DB [SNAMAP]   # rolling update to NEW_DB part-way through
#
# `kill`: replicas A and B serve DB; at KILL_AT seconds A is killed with SIGKILL (no goodbye).
# `rolling`: replicas A and B serve DB; from KILL_AT seconds each in turn gets SIGTERM (it stops
# accepting and finishes what it holds: the server's graceful stop) and a replica of NEW_DB
# starts on its port — the procedure docs/deploy.md describes.
# The load is wrk (bench/wrk/cycle_paths.lua: CONNECTIONS connections for DURATION, gzip like a
# browser) over PATHS request targets — tiles of z12–z16 around Birmingham's centre, area
# profiles and values maps — most of them distinct, so the replicas keep seeing cache misses
# through the run. Prints wrk's figures, what nginx saw (status codes, cache statuses, answers
# per upstream) and "failed requests: N" (wrk's socket errors, timeouts and answers other than
# 2xx/3xx); exits 1 when N > 0. A rolling update takes about 2 × (start-up + 10 s): give it a
# DURATION of 40s or more.
#
# Environment: DURATION (20s), CONNECTIONS (16), KILL_AT (6), PATHS (6000), MAX_AGE (2), OUT
# (/tmp/snamap-replicas). Needs nginx, wrk, curl and python3 (installed with apt-get when
# missing and run as root). Everything binds 127.0.0.1 and is stopped at exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage="usage: deploy/replicas.sh kill DB [SNAMAP] | rolling DB NEW_DB [SNAMAP]"

mode=${1:?$usage}
db=${2:?$usage}
case $mode in
kill) new_db="" snamap=${3:-$here/../build/snamap} ;;
rolling) new_db=${3:?$usage} snamap=${4:-$here/../build/snamap} ;;
*) echo "$usage" >&2; exit 2 ;;
esac
duration=${DURATION:-20s}
connections=${CONNECTIONS:-16}
kill_at=${KILL_AT:-6}
out=${OUT:-/tmp/snamap-replicas}
rm -rf "$out"
mkdir -p "$out/nginx/logs" "$out/nginx/tmp" "$out/cache"

for tool in nginx wrk curl python3; do
    command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
        apt-get update -q && apt-get install -y -q "$([[ $tool == nginx ]] && echo nginx-light || echo "$tool")"
    }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)

# Answers may be kept MAX_AGE seconds (default 2; a deployment keeps tiles an hour and API
# answers 5 minutes): with lifetimes that long the cache would answer everything after the first
# pass and a lost replica would go unnoticed; this way nginx revalidates (If-None-Match → 304)
# and fetches through the whole run.
replica_config="$out/replica.json"
max_age=${MAX_AGE:-2}
printf '{"cache_control_tiles": "public, max-age=%s", "cache_control_api": "public, max-age=%s"}\n' \
    "$max_age" "$max_age" >"$replica_config"

pids=()
cleanup() {
    [[ -f $out/nginx/nginx.pid ]] && kill "$(cat "$out/nginx/nginx.pid")" 2>/dev/null
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_replica() { # start_replica NAME DB [PORT] -> sets replica_pid and replica_port
    local name=$1 log="$out/$1.log"
    "$snamap" serve "$2" --host 127.0.0.1 --port "${3:-0}" --threads 2 --config "$replica_config" >"$log" 2>&1 &
    replica_pid=$!
    pids+=("$replica_pid")
    for _ in $(seq 1 3000); do
        grep -q "serving" "$log" 2>/dev/null && break
        kill -0 "$replica_pid" 2>/dev/null || { echo "replica $name exited; see $log" >&2; exit 2; }
        sleep 0.1
    done
    replica_port=$(grep -o -m1 'http://127.0.0.1:[0-9]*' "$log" | head -n1 | sed 's/.*://')
    [[ -n $replica_port ]] || { echo "replica $name did not start; see $log" >&2; exit 2; }
    echo "replica $name (pid $replica_pid) on port $replica_port serving $2"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)

write_nginx_conf() { # write_nginx_conf PORT... (the upstream replicas)
    local user_line="" servers=""
    # Run as root, nginx hands requests to workers as "nobody:nobody", a group Debian lacks, and
    # an unprivileged worker may not reach $out at all (a checkout under a mktemp -d is 0700):
    # this local demonstration keeps its workers as root.
    [[ $(id -u) == 0 ]] && user_line="user root root;"
    for p in "$@"; do servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'; done
    cat >"$out/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $out/nginx/nginx.pid;
error_log $out/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    log_format replicas '\$status \$upstream_cache_status "\$upstream_addr" \$upstream_status';
    access_log $out/nginx/logs/access.log replicas;
    log_subrequest on;  # background revalidations too
    keepalive_requests 1000000;
    client_body_temp_path $out/nginx/tmp/body;
    proxy_temp_path $out/nginx/tmp/proxy;
    fastcgi_temp_path $out/nginx/tmp/fastcgi;
    uwsgi_temp_path $out/nginx/tmp/uwsgi;
    scgi_temp_path $out/nginx/tmp/scgi;
    proxy_cache_path $out/cache levels=1:2 keys_zone=snamap:20m max_size=2g inactive=1h use_temp_path=off;
    upstream snamap_replicas {
$servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        include $here/nginx/snamap-proxy.conf;
    }
}
CONF
}

start_replica A "$db"
a_pid=$replica_pid a_port=$replica_port
start_replica B "$db"
b_pid=$replica_pid b_port=$replica_port
write_nginx_conf "$a_port" "$b_port"
"$nginx" -p "$out/nginx" -e "$out/nginx/logs/error.log" -c "$out/nginx.conf" >"$out/nginx/logs/stdout.log" 2>&1 &
base="http://127.0.0.1:$nginx_port"
for _ in $(seq 100); do curl -s -o /dev/null "$base/api/search?q=a" && break; sleep 0.1; done
echo "nginx on $base"

# The request targets, codes taken from the data the replicas serve.
python3 - "$base" "${PATHS:-6000}" >"$out/paths.txt" <<'PY'
import json, math, random, sys, urllib.request
base, count = sys.argv[1], int(sys.argv[2])
random.seed(29)
get = lambda p: json.load(urllib.request.urlopen(base + p))
layers = [l["id"] for l in get("/catalog")["layers"]]
layer = next((l for l in layers if l.startswith("lsoa")), layers[0])
indicators = [i for t in get("/api/indicators")["themes"] for i in t["indicators"]]
ids = [i["id"] for i in indicators][:20]
finest = next((i["id"] for i in indicators if i.get("set", "").startswith("lsoa")), ids[0])
codes = sorted(get(f"/api/indicators/{finest}/values")["values"])
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return f"/tiles/{layer}/{z}/{x}/{y}.mvt"
paths = set()
while len(paths) < count * 0.7:
    paths.add(tile(-1.89 + random.uniform(-0.3, 0.3), 52.48 + random.uniform(-0.15, 0.15),
                   random.choice([12, 13, 14, 15, 16])))
paths = list(paths)
paths += [f"/api/areas/{c}/profile" for c in random.sample(codes, min(len(codes), int(count * 0.25)))]
paths += [f"/api/indicators/{i}/values" for i in ids]
random.shuffle(paths)
print("\n".join(paths[:count]))
PY
echo "$(wc -l <"$out/paths.txt") request targets; $connections connections for $duration"

WRK_PATHS="$out/paths.txt" wrk -t2 -c"$connections" -d"$duration" --timeout 10s \
    -s "$here/../bench/wrk/cycle_paths.lua" "$base" >"$out/wrk.txt" 2>&1 &
wrk_pid=$!
sleep "$kill_at"
if [[ $mode == kill ]]; then
    kill -KILL "$a_pid"
    echo "t=${kill_at}s: replica A (port $a_port) killed with SIGKILL"
else
    # One replica at a time: stop it (it closes its listening socket at once and finishes what
    # it holds; nginx sends everything else to the other), start the new version on the same
    # port, and move on once it answers. nginx needs no reload.
    for r in A:$a_pid:$a_port B:$b_pid:$b_port; do
        IFS=: read -r name pid port <<<"$r"
        kill -TERM "$pid"
        start_replica "$name-new" "$new_db" "$port"
        wait "$pid" 2>/dev/null || true
        # nginx left the port out when the old replica stopped (max_fails=1) and tries it again
        # after fail_timeout: the other replica is stopped only once nginx uses this one again.
        seen=$(wc -l <"$out/nginx/logs/access.log")
        for _ in $(seq 300); do
            tail -n +"$((seen + 1))" "$out/nginx/logs/access.log" | grep -q "127.0.0.1:$port\"" && break
            sleep 0.1
        done
        echo "replica $name (port $port) replaced by $new_db; nginx uses it again"
    done
fi
if ! kill -0 "$wrk_pid" 2>/dev/null; then
    echo "the load ended before the $mode step did: nothing was measured across it; raise DURATION" >&2
    exit 1
fi
wait "$wrk_pid" || true

python3 - "$out" <<'PY'
import collections, json, re, sys
out = sys.argv[1]
wrk = next(json.loads(l) for l in open(f"{out}/wrk.txt") if l.startswith("{"))
log = [l.split() for l in open(f"{out}/nginx/logs/access.log")]
status = collections.Counter(l[0] for l in log)
cache = collections.Counter(l[1] for l in log)
upstream = collections.Counter(a for l in log for a in re.findall(r"127\.0\.0\.1:\d+", l[2]))
retried = sum(1 for l in log if "," in l[2])
# With background updates on, a client request is logged HIT, STALE, UPDATING, MISS or BYPASS,
# and the refresh nginx makes behind it is a subrequest logged EXPIRED (fetched anew) or
# REVALIDATED (a 304 from the replica).
clients = sum(cache[k] for k in ("HIT", "STALE", "UPDATING", "MISS", "BYPASS"))
from_cache = sum(cache[k] for k in ("HIT", "STALE", "UPDATING"))
print(f"wrk: {wrk['requests']} requests, {wrk['requests_per_s']:.0f}/s, p50 {wrk['p50_ms']} ms, "
      f"p99 {wrk['p99_ms']} ms; socket errors {wrk['socket_errors']}, timeouts {wrk['timeouts']}, "
      f"non-2xx/3xx {wrk['non_2xx']}")
print("nginx status codes:", dict(sorted(status.items())))
print("nginx cache statuses:", dict(cache.most_common()))
print(f"cache hit ratio: {from_cache / max(1, clients):.3f} ({from_cache} of {clients} client "
      f"requests answered from the cache); background refreshes: {cache['EXPIRED']} fetched anew, "
      f"{cache['REVALIDATED']} revalidated with a 304")
print("answers fetched from each replica:", dict(upstream))
print(f"requests retried on another replica: {retried}")
failed = wrk["socket_errors"] + wrk["timeouts"] + wrk["non_2xx"]
print(f"failed requests: {failed} (goal 0)")
sys.exit(1 if failed else 0)
PY
