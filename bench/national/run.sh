#!/usr/bin/env bash
# National scale, side by side: the build of the 35,000-area / 5,000,000-point synthetic region,
# the server's start-up and memory on that database, and uncached tiles by zoom over HTTP, for
# two snamap binaries run alternately (so both see the same load). Prints figures; not a test.
# See docs/benchmarks.md, "National scale".
#
#   bench/national/run.sh OLD_SNAMAP NEW_SNAMAP
#
# Environment: OUT (work folder, default /tmp/snamap-national), AREAS (35000), POINTS (5000000),
# SEED (7), ROUNDS (build rounds per binary, 1), PARTS ("data build serve"), PORT (18640),
# ZOOMS ("6 7 8"), TILE_SET (lsoa; the area layer whose tiles are timed), STARTUP_LIMIT (seconds
# to wait for /health, 900), PRIORITY (1: each build runs in a session of its own whose
# autogroup is set to nice -20, so a shared machine's other sessions do not take its cores; needs
# root. Plain `nice` does not do this: with autogroups it only orders processes of one session).
#
# Every server it starts is stopped by its PID. Each database is written by its own binary
# (OUT/old.sqlite, OUT/new.sqlite); each server serves its own binary's database.
set -euo pipefail

old=$(realpath "$1") new=$(realpath "$2")
out=${OUT:-/tmp/snamap-national}
areas=${AREAS:-35000} points=${POINTS:-5000000} seed=${SEED:-7}
rounds=${ROUNDS:-1} parts=${PARTS:-data build serve} port=${PORT:-18640}
zooms=${ZOOMS:-6 7 8} tile_set=${TILE_SET:-lsoa} startup_limit=${STARTUP_LIMIT:-900}
mkdir -p "$out"
summary=$out/summary.txt
say() { printf '%s\n' "$*" | tee -a "$summary"; }
has_part() { [[ " $parts " == *" $1 "* ]]; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

server_pid=""
stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap stop_server EXIT

say "== national scale $(date -u +%FT%TZ): $areas areas, $points points, seed $seed"
say "old: $old"
say "new: $new"
say "nproc $(nproc); load average at start $(load)"

if has_part data && [[ ! -f $out/data/manifest.json ]]; then
    "$new" demo-data "$out/data" --areas "$areas" --points "$points" --seed "$seed" --quiet
fi

# Runs a command, in its own session at autogroup nice -20 when PRIORITY=1.
run_build() {
    if [[ ${PRIORITY:-0} == 1 ]]; then
        setsid bash -c 'echo -20 > /proc/self/autogroup && exec "$@"' _ "$@"
    else
        "$@"
    fi
}

# One build under /usr/bin/time -v: wall, CPU, peak RSS, file size, the build's own step times.
build_once() {
    local name=$1 bin=$2 db=$out/$1.sqlite log=$out/$1-build-$3.log
    rm -f "$db"
    local before
    before=$(load)
    run_build /usr/bin/time -v "$bin" build "$out/data/manifest.json" --sources "$out/data" \
        -o "$db" --quiet >"$log" 2>&1
    local wall user sys rss size
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
    user=$(sed -n 's/.*User time (seconds): //p' "$log")
    sys=$(sed -n 's/.*System time (seconds): //p' "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    size=$(stat -c %s "$db")
    say "build $name round $3: wall $wall, CPU $(echo "$user + $sys" | bc) s (user $user, sys $sys)," \
        "peak RSS $((rss / 1024)) MB, database $((size / 1048576)) MB; load before $before, after $(load)"
    say "  steps: $(grep -o 'time per step:.*' "$log" || true)"
}

if has_part build; then
    for round in $(seq 1 "$rounds"); do
        build_once old "$old" "$round"
        build_once new "$new" "$round"
    done
fi

kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$2/status"; }

# Start-up until /health answers, resident memory, then every tile of the set's bounds at each
# zoom fetched once (cold: the server's tile cache is empty), timed by curl.
serve_once() {
    local name=$1 bin=$2 db=$out/$1.sqlite log=$out/$1-serve.log
    local start end
    start=$(date +%s.%N)
    "$bin" serve "$db" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
    server_pid=$!
    local ok=0
    for _ in $(seq 1 $((startup_limit * 4))); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/health"; then ok=1; break; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.25
    done
    end=$(date +%s.%N)
    if [[ $ok != 1 ]]; then
        say "serve $name: no answer within ${startup_limit} s (or the server exited); log: $log"
        stop_server
        return
    fi
    say "serve $name: start-up $(printf '%.1f' "$(echo "$end - $start" | bc)") s," \
        "RSS $(($(kb VmRSS "$server_pid") / 1024)) MB, peak $(($(kb VmHWM "$server_pid") / 1024)) MB;" \
        "load $(load)"
    local bounds
    bounds=$(curl -s "http://127.0.0.1:$port/tiles/$tile_set.json" |
        python3 -c 'import json,sys; print(*json.load(sys.stdin)["bounds"])')
    local z
    for z in $zooms; do
        python3 - "$z" $bounds >"$out/tiles-z$z.txt" <<'EOF'
import math, sys
z = int(sys.argv[1]); w, s, e, n = map(float, sys.argv[2:6])
def tile(lon, lat):
    x = (lon + 180) / 360 * 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z
    return int(x), int(y)
x0, y0 = tile(w, n); x1, y1 = tile(e, s)
for x in range(x0, x1 + 1):
    for y in range(y0, y1 + 1):
        print(z, x, y)
EOF
        local total=0 count=0 bytes=0 t b
        while read -r tz tx ty; do
            read -r t b < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' \
                "http://127.0.0.1:$port/tiles/$tile_set/$tz/$tx/$ty.pbf")
            total=$(echo "$total + $t" | bc)
            bytes=$((bytes + ${b%.*}))
            count=$((count + 1))
        done <"$out/tiles-z$z.txt"
        say "  z$z: $count tiles, $(printf '%.3f' "$total") s in all," \
            "$(printf '%.1f' "$(echo "1000 * $total / $count" | bc -l)") ms per tile, $((bytes / 1024)) KiB"
    done
    say "  RSS after tiles $(($(kb VmRSS "$server_pid") / 1024)) MB"
    stop_server
}

if has_part serve; then
    serve_once old "$old"
    serve_once new "$new"
fi
say "load average at end $(load)"
