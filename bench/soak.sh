#!/usr/bin/env bash
# Soak under attack: cached tiles, /health and area API calls (values, profiles) measured while
# exports, composite images and report PDFs ("heavy") and 5 km priority-school rankings
# ("analysis") are hammered, all from 127.0.0.1 at once; for one binary or two side by side (the
# same load, one after the other). Prints, per route class: requests, errors (socket
# errors and timeouts), non-2xx answers, p50, p99 and max latency; and the server's resident
# memory (sampled every 0.5 s, and its peak). Figures, not a test: see docs/benchmarks.md.
#
# usage: bench/soak.sh DB [SNAMAP [OLD_SNAMAP]]
# Environment: DURATION (30s), TILE_CONNECTIONS (32), API_CONNECTIONS (8), HEAVY_CONNECTIONS (16),
# ANALYSIS_CONNECTIONS (16),
# HEALTH_CONNECTIONS (2), SET (lsoa21: the tile layer), SERVER_THREADS (2), OUT (/tmp/snamap-soak).
# Needs wrk, curl and python3 (installed with apt-get when missing and run as root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
db=${1:?usage: bench/soak.sh DB [SNAMAP [OLD_SNAMAP]]}
new=${2:-$root/build/snamap}
old=${3:-}
duration=${DURATION:-30s}
tile_conns=${TILE_CONNECTIONS:-32}
api_conns=${API_CONNECTIONS:-8}
heavy_conns=${HEAVY_CONNECTIONS:-16}
analysis_conns=${ANALYSIS_CONNECTIONS:-16}
health_conns=${HEALTH_CONNECTIONS:-2}
set_id=${SET:-lsoa21}
threads=${SERVER_THREADS:-2}
out=${OUT:-/tmp/snamap-soak}
mkdir -p "$out"

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { apt-get update -q && apt-get install -y -q "$tool"; }
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# All load comes from 127.0.0.1, so the per-address share of expensive work is lifted: the pools
# and queues, not the per-address cap, must protect tiles and /health (as with many attackers).
# A binary that predates these settings rejects the file and runs with its defaults.
echo '{"max_expensive_per_address": 100000, "max_connections_per_address": 100000}' \
    >"$out/server.json"

start_server() { # start_server BINARY → sets port, server_pid
    local config=(--config "$out/server.json")
    # Settings are checked before the database loads: an unknown key fails within a second.
    local probe
    probe=$(timeout 3 "$1" serve "$db" "${config[@]}" --port 0 2>&1 >/dev/null || true)
    if [[ $probe == *"unknown key"* ]]; then
        config=()
        echo "(this binary does not know the per-address settings: its defaults apply)"
    fi
    "$1" serve "$db" "${config[@]}" --host 127.0.0.1 --port 0 --threads "$threads" \
        >"$out/server.out" 2>"$out/server.err" &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 1 600); do
        grep -q "serving" "$out/server.out" 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || { tail "$out/server.err"; exit 1; }
        sleep 0.1
    done
    port=$(grep -o '127.0.0.1:[0-9]*' "$out/server.out" | cut -d: -f2)
}

# Paths: tiles z8-z14 over the region, API calls for real indicators and areas, heavy requests.
make_paths() {
    local base="http://127.0.0.1:$port"
    curl -s "$base/tiles/$set_id.json" >"$out/tilejson.json"
    python3 - "$out" "$set_id" "$here" <<'PY'
import json, subprocess, sys
out, set_id, here = sys.argv[1], sys.argv[2], sys.argv[3]
tj = json.load(open(f"{out}/tilejson.json"))
w, s, e, n = tj["bounds"]
tiles = subprocess.run(["python3", f"{here}/tiles/make_tile_lists.py",
                        str(w), str(s), str(e), str(n), "--zooms", "8-14", "--per-zoom", "60",
                        "--seed", "1"], capture_output=True, text=True, check=True).stdout.split("\n")
with open(f"{out}/tiles.txt", "w") as f:
    for line in tiles:
        if line.strip():
            z, x, y = line.split()
            f.write(f"/tiles/{set_id}/{z}/{x}/{y}.mvt\n")
PY
    local port_url=$base
    python3 - "$out" "$set_id" "$port_url" <<'PY'
import json, sys, urllib.request
out, set_id, base = sys.argv[1], sys.argv[2], sys.argv[3]
catalogue = json.load(urllib.request.urlopen(f"{base}/api/indicators"))
ids = [i["id"] for t in catalogue["themes"] for i in t["indicators"] if i["set"] == set_id][:6]
values = json.load(urllib.request.urlopen(f"{base}/api/indicators/{ids[0]}/values"))
codes = list(values["values"].keys())[:40]
with open(f"{out}/api.txt", "w") as f:
    for i in ids:
        f.write(f"/api/indicators/{i}/values?set={set_id}\n")
    for c in codes:
        f.write(f"/api/areas/{c}/profile\n")
with open(f"{out}/heavy.txt", "w") as f:
    f.write(f"/api/export.xlsx?set={set_id}&period=all\n")
    f.write(f"/api/export.csv?set={set_id}&period=all\n")
    f.write("/api/map.png?indicator=composite&width=1000&height=1000&scale=4\n")
    if codes:
        f.write(f"/report/{codes[0]}.pdf\n")
with open(f"{out}/analysis.txt", "w") as f:
    f.write("/api/schools/priority?radius=5000&limit=2000\n")
print(f"paths: {len(ids)} indicators, {len(codes)} areas", file=sys.stderr)
PY
    echo "/health" >"$out/health.txt"
}

run_wrk() { # run_wrk CLASS CONNECTIONS TIMEOUT → $out/CLASS.json
    WRK_PATHS="$out/$1.txt" wrk -t1 -c"$2" -d"$duration" --timeout "$3" -s "$here/wrk/cycle_paths.lua" \
        "http://127.0.0.1:$port" \
        >"$out/$1.wrk" 2>&1 || true
    grep '^{' "$out/$1.wrk" >"$out/$1.json" || echo '{}' >"$out/$1.json"
}

soak() { # soak LABEL BINARY
    say() { echo "[$1] $2"; }
    start_server "$2"
    make_paths
    # Warm the tile cache, so "tiles" below are the cached path.
    WRK_PATHS="$out/tiles.txt" wrk -t1 -c8 -d5s -s "$here/wrk/cycle_paths.lua" "http://127.0.0.1:$port" \
        >/dev/null 2>&1 || true
    local rss_log=$out/rss_$1.txt
    : >"$rss_log"
    (while kill -0 "$server_pid" 2>/dev/null; do
        awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status" >>"$rss_log" 2>/dev/null || true
        sleep 0.5
    done) &
    pids+=($!)
    run_wrk tiles "$tile_conns" 10s &
    local a=$!
    run_wrk api "$api_conns" 10s &
    local b=$!
    run_wrk heavy "$heavy_conns" 120s &
    local c=$!
    run_wrk health "$health_conns" 10s &
    local d=$!
    run_wrk analysis "$analysis_conns" 120s &
    local e=$!
    wait $a $b $c $d $e
    local peak
    peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
    local alive=yes
    kill -0 "$server_pid" 2>/dev/null || alive="NO (crashed)"
    python3 - "$1" "$out" "$rss_log" "$peak" "$alive" <<'PY'
import json, sys
label, out, rss_log, peak, alive = sys.argv[1:]
print(f"\n== {label}")
print(f"{'class':8} {'requests':>9} {'errors':>7} {'timeouts':>8} {'non-2xx':>8} "
      f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>9}")
for cls in ["health", "tiles", "api", "heavy", "analysis"]:
    try:
        r = json.load(open(f"{out}/{cls}.json"))
    except Exception:
        r = {}
    print(f"{cls:8} {r.get('requests', 0):>9} {r.get('socket_errors', 0):>7} "
          f"{r.get('timeouts', 0):>8} {r.get('non_2xx', 0):>8} {r.get('p50_ms', 0):>8.1f} "
          f"{r.get('p99_ms', 0):>8.1f} {r.get('max_ms', 0):>9.1f}")
samples = [int(x) for x in open(rss_log).read().split() if x.strip()]
print(f"resident memory: max sampled {max(samples, default=0) / 1024:.0f} MiB, "
      f"peak (VmHWM) {int(peak or 0) / 1024:.0f} MiB; server alive after: {alive}")
PY
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

echo "soak: $duration; connections: tiles $tile_conns, api $api_conns, heavy $heavy_conns," \
    "analysis $analysis_conns, health $health_conns"
soak new "$new"
[ -n "$old" ] && soak old "$old"
exit 0
