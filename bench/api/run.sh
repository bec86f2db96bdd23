#!/usr/bin/env bash
# The JSON API of two snamap binaries side by side (issue 17): single-client latency and
# requests/s of profiles (LSOA, ward, borough), values, composite (preset and custom weights),
# hotspots and search, measured with wrk against both servers on the same database, round after
# round with the order alternating. Prints per route and binary the median over rounds of
# requests/s, p50 and p99 (ms), the server's CPU time per request (µs, from /proc schedstat),
# and the new/old ratio of p50 and requests/s (the machine is shared, so ratios of runs made side
# by side, and CPU per request, are the figures to read). Figures, not a test.
#
# usage: bench/api/run.sh DB NEW_SNAMAP OLD_SNAMAP
# Environment: DURATION (5s per route and round), ROUNDS (3), CONNECTIONS (1),
# TIMEOUT (10s: wrk's per-request timeout), STARTUP_SECONDS (300), OUT (/tmp/snamap-api-bench),
# ACCEPT_ENCODING (sent with every request and the size check when set, e.g. "gzip" as browsers
# do; unset: no Accept-Encoding, identity bodies), NEW_CONFIG (a server config file for the new
# binary, e.g. {"compression_cache_bytes": 0} to compress every answer afresh),
# ROUTES_FILE (lines "name|target" instead of the West Midlands list
# below, e.g. for a synthetic region: bench/api/national_routes.txt), COLD_REQUESTS (5).
# A route whose name ends in "_cold" is timed with curl instead of wrk, COLD_REQUESTS requests
# per round and binary, each with "&seed=N" appended and N never used before, so no answer can
# come from a cache (the first request of a custom composite).
# Needs wrk, curl and python3 (installed with apt-get when missing and run as root).
set -euo pipefail

db=${1:?usage: bench/api/run.sh DB NEW_SNAMAP OLD_SNAMAP}
new=${2:?usage: bench/api/run.sh DB NEW_SNAMAP OLD_SNAMAP}
old=${3:?usage: bench/api/run.sh DB NEW_SNAMAP OLD_SNAMAP}
duration=${DURATION:-5s}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-1}
out=${OUT:-/tmp/snamap-api-bench}
mkdir -p "$out"
rm -f "$out"/*.jsonl "$out"/*.pid

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { apt-get update -q && apt-get install -y -q "$tool"; }
done

# name|target: the areas are Birmingham 001A (LSOA 2021), Acocks Green (ward) and Birmingham.
routes=(
    "profile_lsoa|/api/areas/E01009417/profile?set=lsoa21"
    "profile_ward|/api/areas/E05011118/profile"
    "profile_borough|/api/areas/E08000025/profile"
    "values|/api/indicators/crime_all_rate/values"
    "composite|/api/composite"
    "composite_custom|/api/composite?indicators=imd25_score:1,crime_robbery_rate:2"
    "composite_custom_2|/api/composite?indicators=imd25_score:1,crime_robbery_rate:2&format=2"
    "composite_custom_cold|/api/composite?indicators=imd25_score:1,crime_robbery_rate:2"
    "hotspots|/api/hotspots?indicator=crime_all_rate"
    "hotspots_2|/api/hotspots?indicator=crime_all_rate&format=2"
    "search|/api/search?q=birm"
)
if [[ -n ${ROUTES_FILE:-} ]]; then
    mapfile -t routes < <(grep -v '^#' "$ROUTES_FILE" | grep '|')
fi

# PIDs go to files: start() runs in a command substitution (a subshell).
cleanup() { for f in "$out"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; done; }
trap cleanup EXIT

start() { # start NAME BINARY [FLAGS...] -> prints the base URL
    local name=$1 bin=$2
    shift 2
    "$bin" serve "$db" --host 127.0.0.1 --port 0 --threads 2 "$@" >"$out/$name.log" 2>&1 &
    echo $! >"$out/$name.pid"
    for _ in $(seq 1 "$((${STARTUP_SECONDS:-300} * 10))"); do
        grep -q "serving" "$out/$name.log" 2>/dev/null && break
        sleep 0.1
    done
    # The "serving ... at URL" line (the log also names the URL in the public_url notice).
    grep 'serving' "$out/$name.log" | grep -o 'http://127.0.0.1:[0-9]*' || {
        echo "$name did not start" >&2
        tail "$out/$name.log" >&2
        exit 2
    }
}

cat >"$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
    io.write(string.format('{"requests": %d, "errors": %d, "non_2xx": %d, "seconds": %.3f, ' ..
        '"p50_ms": %.2f, "p99_ms": %.2f}\n', summary.requests,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.errors.status, summary.duration / 1e6,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

new_flags=()
[[ -n ${NEW_CONFIG:-} ]] && new_flags=(--config "$NEW_CONFIG")
new_base=$(start new "$new" "${new_flags[@]}")
old_base=$(start old "$old")
echo "new $new at $new_base; old $old at $old_base; load $(cut -d' ' -f1-3 /proc/loadavg)"

encoding=()
[[ -n ${ACCEPT_ENCODING:-} ]] && encoding=(-H "Accept-Encoding: $ACCEPT_ENCODING")

# CPU time used so far, in nanoseconds, by a process: user + system time of all its threads,
# those that have exited included (a composite's draw threads live for one request), from
# /proc/PID/stat in clock ticks. A busy shared machine disturbs the server's CPU per request much
# less than its latency.
ticks_per_second=$(getconf CLK_TCK)
cpu_ns() { sed 's/.*) //' /proc/"$1"/stat | awk -v hz="$ticks_per_second" '{ printf "%.0f", ($12 + $13) * 1e9 / hz }'; }

seed=1000
measure_cold() { # measure_cold BINARY_NAME BASE ROUTE_NAME TARGET ROUND
    local times=() status pid before after
    pid=$(cat "$out/$1.pid")
    before=$(cpu_ns "$pid")
    for _ in $(seq 1 "${COLD_REQUESTS:-5}"); do
        seed=$((seed + 1))
        status=$(curl -s "${encoding[@]}" -o /dev/null -w '%{http_code} %{time_total}' "$2$4&seed=$seed")
        [[ ${status%% *} == 200 ]] || echo "cold request answered ${status%% *}" >&2
        times+=("${status#* }")
    done
    local line
    line=$(printf '%s\n' "${times[@]}" | python3 -c '
import json, statistics, sys
t = [float(x) * 1000 for x in sys.stdin.read().split()]
print(json.dumps({"requests": len(t), "errors": 0, "non_2xx": 0, "seconds": sum(t) / 1000,
                  "p50_ms": statistics.median(t), "p99_ms": max(t)}))')
    after=$(cpu_ns "$pid")
    line="${line%\}}, \"server_cpu_s\": $(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')}"
    echo "{\"binary\": \"$1\", \"route\": \"$3\", \"round\": $5, \"figures\": $line}" >>"$out/results.jsonl"
}

measure() { # measure BINARY_NAME BASE ROUTE_NAME TARGET ROUND
    if [[ $3 == *_cold ]]; then
        measure_cold "$@"
        return
    fi
    curl -s "${encoding[@]}" -o /dev/null "$2$4"  # warm (the first composite of a kind fills its memo)
    local line pid before after
    pid=$(cat "$out/$1.pid")
    before=$(cpu_ns "$pid")
    line=$(wrk -t1 -c"$connections" -d"$duration" --timeout "${TIMEOUT:-10s}" --latency "${encoding[@]}" -s "$out/report.lua" "$2$4" | tail -1)
    after=$(cpu_ns "$pid")
    line="${line%\}}, \"server_cpu_s\": $(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')}"
    echo "{\"binary\": \"$1\", \"route\": \"$3\", \"round\": $5, \"figures\": $line}" >>"$out/results.jsonl"
}

for round in $(seq 1 "$rounds"); do
    for r in "${routes[@]}"; do
        name=${r%%|*}
        target=${r#*|}
        if ((round % 2)); then
            measure new "$new_base" "$name" "$target" "$round"
            measure old "$old_base" "$name" "$target" "$round"
        else
            measure old "$old_base" "$name" "$target" "$round"
            measure new "$new_base" "$name" "$target" "$round"
        fi
    done
    echo "round $round done; load $(cut -d' ' -f1-3 /proc/loadavg)"
done

for r in "${routes[@]}"; do
    curl -s "${encoding[@]}" -o "$out/new.body" "$new_base${r#*|}"
    curl -s "${encoding[@]}" -o "$out/old.body" "$old_base${r#*|}"
    echo "{\"route\": \"${r%%|*}\", \"new_bytes\": $(stat -c %s "$out/new.body"), \"old_bytes\": $(stat -c %s "$out/old.body")}" >>"$out/sizes.jsonl"
done

python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
rows = [json.loads(l) for l in open(f"{out}/results.jsonl")]
sizes = {s["route"]: s for s in map(json.loads, open(f"{out}/sizes.jsonl"))}
routes = list(dict.fromkeys(r["route"] for r in rows))
nan = float("nan")
def rps(f):
    return f["requests"] / f["seconds"]
def med(route, binary, key):
    # A run with no completed request (all timed out) has no latency: nan.
    vals = [(rps(r["figures"]) if key == "rps" else r["figures"][key] if r["figures"]["requests"] else nan)
            for r in rows if r["route"] == route and r["binary"] == binary]
    return statistics.median(vals)
def cpu_us(route, binary):
    vals = [r["figures"]["server_cpu_s"] * 1e6 / r["figures"]["requests"]
            for r in rows if r["route"] == route and r["binary"] == binary and r["figures"]["requests"]]
    return statistics.median(vals) if vals else nan
def ratio(route, key):
    per_round = []
    for rnd in sorted({r["round"] for r in rows}):
        f = {r["binary"]: r["figures"] for r in rows if r["route"] == route and r["round"] == rnd}
        if not f["new"]["requests"] or not f["old"]["requests"]:
            per_round.append(nan)
        elif key == "rps":
            per_round.append(rps(f["new"]) / rps(f["old"]))
        else:
            per_round.append(f["old"][key] / f["new"][key])
    return statistics.median(per_round)
print(f"{'route':18} {'old req/s':>9} {'new req/s':>9} {'old p50':>8} {'new p50':>8} {'old p99':>8} {'new p99':>8} {'p50 old/new':>11} {'req/s new/old':>13} {'old KB':>7} {'new KB':>7} {'old CPU us':>10} {'new CPU us':>10}")
for route in routes:
    print(f"{route:18} {med(route,'old','rps'):9.1f} {med(route,'new','rps'):9.1f} "
          f"{med(route,'old','p50_ms'):8.2f} {med(route,'new','p50_ms'):8.2f} "
          f"{med(route,'old','p99_ms'):8.2f} {med(route,'new','p99_ms'):8.2f} "
          f"{ratio(route,'p50_ms'):11.1f} {ratio(route,'rps'):13.1f} "
          f"{sizes[route]['old_bytes']/1000:7.0f} {sizes[route]['new_bytes']/1000:7.0f} "
          f"{cpu_us(route,'old'):10.0f} {cpu_us(route,'new'):10.0f}")
bad = [f'{r["binary"]} {r["route"]} round {r["round"]}' for r in rows
       if r["figures"]["errors"] or r["figures"]["non_2xx"]]
print(f"runs with errors (timeouts included) or non-2xx answers: {len(bad)} {bad}")
PY
