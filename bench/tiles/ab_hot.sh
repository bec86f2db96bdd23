#!/usr/bin/env bash
# Hot tiles, two snamap binaries side by side: both serve the same database at once, every tile
# of a fixed list is fetched once (the caches are warm), then wrk runs against each in turn,
# ROUNDS times, alternating, so both see the same machine load. Prints, per round and binary,
# requests/s and the server's CPU time per request (from /proc: all its threads). Figures, not
# a test; see docs/benchmarks.md ("Tiles").
#
#   bench/tiles/ab_hot.sh OLD_SNAMAP NEW_SNAMAP DB PATHS_FILE
#
# PATHS_FILE: one tile target per line (bench/tiles/run.sh writes one: BENCH_OUT/http/paths.txt).
# Environment: ROUNDS (5), DURATION (10s), CONNECTIONS (64).
set -euo pipefail
old=${1:?usage: ab_hot.sh OLD NEW DB PATHS}
new=${2:?usage: ab_hot.sh OLD NEW DB PATHS}
db=${3:?usage: ab_hot.sh OLD NEW DB PATHS}
paths=${4:?usage: ab_hot.sh OLD NEW DB PATHS}
rounds=${ROUNDS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'; }

start() { # start NAME BINARY → "PID URL"
  "$2" serve "$db" --host 127.0.0.1 --port 0 --threads 2 >"$work/$1.out" 2>"$work/$1.err" &
  local pid=$!
  for _ in $(seq 1 600); do grep -q serving "$work/$1.out" && break; sleep 0.1; done
  echo "$pid $(grep serving "$work/$1.out" | grep -o 'http://127.0.0.1:[0-9]*')"
}

read -r old_pid old_url < <(start old "$old")
read -r new_pid new_url < <(start new "$new")
pids=("$old_pid" "$new_pid")
for url in "$old_url" "$new_url"; do
  while read -r p; do curl -s -H 'Accept-Encoding: gzip' -o /dev/null "$url$p"; done <"$paths"
done
echo "binary | round | requests/s | server CPU us/request"
for r in $(seq 1 "$rounds"); do
  for side in old new; do
    if [ $side = old ]; then pid=$old_pid url=$old_url; else pid=$new_pid url=$new_url; fi
    before=$(cpu_ns "$pid")
    figures=$(WRK_PATHS="$paths" wrk -t2 -c"$connections" -d"$duration" \
      -s "$here/../wrk/cycle_paths.lua" "$url" | tail -1)
    after=$(cpu_ns "$pid")
    python3 -c "
import json, sys
f = json.loads(sys.argv[1])
print(f'$side | $r | {f[\"requests_per_s\"]:.0f} | {($after - $before) / 1e3 / f[\"requests\"]:.2f}')
" "$figures"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
