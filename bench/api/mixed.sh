#!/usr/bin/env bash
# The mixed soak of issue 17 for two snamap binaries side by side: 64 connections cycling through
# a list of 100 requests that is 62 % vector tiles, 14 % values maps and 24 % area profiles
# (LSOA, ward, borough), on the West Midlands database. Prints per binary and round requests/s,
# p50, p99 and errors (a JSON line from bench/wrk/cycle_paths.lua). Figures, not a test.
#
# usage: bench/api/mixed.sh DB NEW_SNAMAP OLD_SNAMAP
# Environment: DURATION (20s), ROUNDS (2), CONNECTIONS (64), OUT (/tmp/snamap-api-mixed),
# NEW_CONFIG (a server config file for the new binary, e.g. {"profile_cache_bytes": 0} so every
# profile is computed afresh, as for areas nobody asked about yet).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

db=${1:?usage: bench/api/mixed.sh DB NEW_SNAMAP OLD_SNAMAP}
new=${2:?usage: bench/api/mixed.sh DB NEW_SNAMAP OLD_SNAMAP}
old=${3:?usage: bench/api/mixed.sh DB NEW_SNAMAP OLD_SNAMAP}
duration=${DURATION:-20s}
rounds=${ROUNDS:-2}
connections=${CONNECTIONS:-64}
out=${OUT:-/tmp/snamap-api-mixed}
mkdir -p "$out"
rm -f "$out"/*.pid

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { apt-get update -q && apt-get install -y -q "$tool"; }
done

cleanup() { for f in "$out"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; done; }
trap cleanup EXIT

start() { # start NAME BINARY [FLAGS...] -> prints the base URL
    local name=$1 bin=$2
    shift 2
    "$bin" serve "$db" --host 127.0.0.1 --port 0 --threads 2 "$@" >"$out/$name.log" 2>&1 &
    echo $! >"$out/$name.pid"
    for _ in $(seq 1 3000); do
        grep -q "serving" "$out/$name.log" 2>/dev/null && break
        sleep 0.1
    done
    grep -o -m1 'http://127.0.0.1:[0-9]*' "$out/$name.log" | head -n1 | grep . || { echo "$name did not start" >&2; exit 2; }
}

new_flags=()
[[ -n ${NEW_CONFIG:-} ]] && new_flags=(--config "$NEW_CONFIG")
new_base=$(start new "$new" "${new_flags[@]}")
old_base=$(start old "$old")

# The request list: tiles of the LSOA 2021 layer around Birmingham at z11–z14, values of seven
# indicators, and profiles of LSOAs, wards and boroughs (codes taken from the running server).
python3 - "$new_base" >"$out/paths.txt" <<'PY'
import json, math, random, sys, urllib.request
base = sys.argv[1]
get = lambda p: json.load(urllib.request.urlopen(base + p))
random.seed(17)
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return f"/tiles/lsoa21/{z}/{x}/{y}.mvt"
paths = [tile(-1.89 + random.uniform(-0.25, 0.25), 52.48 + random.uniform(-0.12, 0.12),
              random.choice([11, 12, 13, 14])) for _ in range(62)]
for i in ["crime_all_rate", "imd25_score", "imd19_score", "crime_robbery_rate",
          "crime_violence_and_sexual_offences_rate", "imd25_income_score", "census21_aged_16_24_pct"]:
    paths += [f"/api/indicators/{i}/values"] * 2
codes = {s: [r["code"] for r in get(f"/api/search?q={q}&limit=50")["results"] if r["set"] == s]
         for s, q in [("lsoa21", "E0100"), ("ward22", "E0501"), ("lad", "E0800")]}
paths += [f"/api/areas/{c}/profile?set=lsoa21" for c in random.sample(codes["lsoa21"], 12)]
paths += [f"/api/areas/{c}/profile" for c in random.sample(codes["ward22"], 8)]
paths += [f"/api/areas/{c}/profile" for c in codes["lad"][:4]]
random.shuffle(paths)
print("\n".join(paths))
PY
echo "$(wc -l <"$out/paths.txt") paths; load $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # run NAME BASE
    # Warm: every path once (tiles into the tile cache, memoised documents filled).
    while read -r p; do curl -s -o /dev/null "$2$p"; done <"$out/paths.txt"
    echo "$1: $(WRK_PATHS="$out/paths.txt" wrk -t2 -c"$connections" -d"$duration" --timeout 10s -s "$here/../wrk/cycle_paths.lua" "$2" | tail -1)"
}
for round in $(seq 1 "$rounds"); do
    if ((round % 2)); then run new "$new_base"; run old "$old_base"; else run old "$old_base"; run new "$new_base"; fi
    echo "round $round done; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
