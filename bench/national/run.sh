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
# TILES ("lsoa:6 lsoa:7 lsoa:8 demo_incidents:10 demo_incidents:12": layer:zoom pairs whose
# tiles are timed), SAMPLE (at most this many tiles per pair, a seeded sample of the tiles over
# the layer's bounds, tile_sample.py; default 60), CONFIG (a server config passed with --config
# to both, e.g. {"layer_zooms": {"lsoa": [6, 16]}} so LSOA tiles exist at z6 and z7), SERVE_DB
# (serve this one database with both binaries instead of each its own), SERVE_ROUNDS (1; old and
# new alternate), STARTUP_LIMIT (seconds to wait for /health, 900), PRIORITY (1: each build and server runs
# in a session of its own whose autogroup is set to nice -20, so a shared machine's other sessions
# do not take its cores; needs root. Plain `nice` does not do this: with autogroups it only orders
# processes of one session).
#
# Every server it starts is stopped by its PID. Each database is written by its own binary
# (OUT/old.sqlite, OUT/new.sqlite); each server serves its own binary's database unless SERVE_DB
# is set. Each server runs under /usr/bin/time -v (peak RSS). The tiles each binary served are
# hashed (OUT/<name>-tiles-<round>.md5) and the two lists compared byte for byte.
set -euo pipefail

old=$(realpath "$1") new=$(realpath "$2")
out=${OUT:-/tmp/snamap-national}
areas=${AREAS:-35000} points=${POINTS:-5000000} seed=${SEED:-7}
rounds=${ROUNDS:-1} parts=${PARTS:-data build serve} port=${PORT:-18640}
tiles=${TILES:-lsoa:6 lsoa:7 lsoa:8 demo_incidents:10 demo_incidents:12} sample=${SAMPLE:-60}
config=${CONFIG:-} serve_db=${SERVE_DB:-} serve_rounds=${SERVE_ROUNDS:-1}
startup_limit=${STARTUP_LIMIT:-900} here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
summary=$out/summary.txt
say() { printf '%s\n' "$*" | tee -a "$summary"; }
has_part() { [[ " $parts " == *" $1 "* ]]; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

server_pid="" server_command=""
# The server process itself: it runs under /usr/bin/time (and, with PRIORITY=1, setsid), whose
# command lines start differently.
server_process() { pgrep -f -- "^$server_command\$" | head -n 1; }
stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        # /usr/bin/time does not pass signals on: stop the server itself.
        local child
        child=$(server_process || true)
        [[ -n $child ]] && kill "$child" 2>/dev/null || true
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
with_priority() {
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
    with_priority /usr/bin/time -v "$bin" build "$out/data/manifest.json" --sources "$out/data" \
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

# Every tile of each layer:zoom pair's sample fetched once (cold: the server's tile cache is
# empty), timed by curl; each tile's bytes hashed into the file $2.
time_tiles() {
    local name=$1 hashes=$2 pair layer z bounds
    : >"$hashes"
    for pair in $tiles; do
        layer=${pair%%:*} z=${pair##*:}
        bounds=$(curl -s "http://127.0.0.1:$port/tiles/$layer.json" |
            python3 -c 'import json,sys; print(*json.load(sys.stdin)["bounds"])')
        local total=0 count=0 bytes=0 t b tz tx ty file=$out/tile.pbf
        while read -r tz tx ty; do
            read -r t b < <(curl -s -o "$file" -w '%{time_total} %{size_download}\n' \
                "http://127.0.0.1:$port/tiles/$layer/$tz/$tx/$ty.pbf")
            echo "$layer/$tz/$tx/$ty $(md5sum <"$file" | cut -d' ' -f1)" >>"$hashes"
            total=$(echo "$total + $t" | bc)
            bytes=$((bytes + ${b%.*}))
            count=$((count + 1))
        done < <(python3 "$here/tile_sample.py" "$z" "$sample" $bounds)
        if [[ $count == 0 ]]; then say "  $name $layer z$z: no tiles"; continue; fi
        say "  $name $layer z$z: $count tiles, $(printf '%.3f' "$total") s in all," \
            "$(printf '%.1f' "$(echo "1000 * $total / $count" | bc -l)") ms per tile," \
            "$((bytes / 1024)) KiB"
    done
}

# Start-up until /health answers, CPU and resident memory then, the tiles, and the server's peak
# RSS from /usr/bin/time -v once it is stopped.
serve_once() {
    local name=$1 bin=$2 round=$3 db=${serve_db:-$out/$1.sqlite} log=$out/$1-serve-$3.log
    local args=(serve "$db" --host 127.0.0.1 --port "$port")
    [[ -n $config ]] && args+=(--config "$config")
    local start end before ok=0 child=""
    before=$(load)
    start=$(date +%s.%N)
    server_command="$bin ${args[*]}"
    with_priority /usr/bin/time -v "$bin" "${args[@]}" >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 $((startup_limit * 4))); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/health"; then ok=1; break; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.25
    done
    end=$(date +%s.%N)
    child=$(server_process || true)
    if [[ $ok != 1 || -z $child ]]; then
        say "serve $name: no answer within ${startup_limit} s (or the server exited); log: $log"
        stop_server
        return
    fi
    local cpu
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$child/stat")
    say "serve $name round $round: start-up $(printf '%.1f' "$(echo "$end - $start" | bc)") s," \
        "CPU $cpu s; RSS $(($(kb VmRSS "$child") / 1024)) MiB," \
        "peak $(($(kb VmHWM "$child") / 1024)) MiB; load before $before, now $(load)"
    time_tiles "$name" "$out/$name-tiles-$round.md5"
    say "  $name RSS after tiles $(($(kb VmRSS "$child") / 1024)) MiB; load $(load)"
    kill "$child" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    local peak
    peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    say "  $name peak RSS (time -v) $((peak / 1024)) MiB"
}

if has_part serve; then
    for round in $(seq 1 "$serve_rounds"); do
        if ((round % 2)); then order=(old new); else order=(new old); fi
        for name in "${order[@]}"; do
            if [[ $name == old ]]; then bin=$old; else bin=$new; fi
            serve_once "$name" "$bin" "$round"
        done
        if cmp -s "$out/old-tiles-$round.md5" "$out/new-tiles-$round.md5"; then
            say "round $round: every tile byte-identical ($(wc -l <"$out/new-tiles-$round.md5") tiles)"
        else
            say "round $round: TILES DIFFER: diff $out/old-tiles-$round.md5 $out/new-tiles-$round.md5"
        fi
    done
fi
say "load average at end $(load)"
