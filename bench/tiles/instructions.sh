#!/usr/bin/env bash
# Hot tiles, counted in instructions rather than seconds: each binary serves DB under callgrind
# (one I/O thread), every tile of PATHS is fetched once (the caches are warm), then counting is
# switched on for a DURATION of wrk load and the user-space instructions executed are divided by
# the requests answered. Unlike requests/s, the figure hardly moves with the machine's load, so
# two builds can be compared on a busy shared machine. Kernel time (sockets) is not counted.
# See docs/benchmarks.md ("Tiles").
#
#   bench/tiles/instructions.sh DB PATHS_FILE SNAMAP [SNAMAP ...]
#
# PATHS_FILE: one tile target per line (bench/tiles/run.sh writes one: BENCH_OUT/http/paths.txt).
# Environment: DURATION (20s), CONNECTIONS (8). Needs valgrind and wrk.
set -euo pipefail
db=${1:?usage: instructions.sh DB PATHS SNAMAP [SNAMAP ...]}
paths=${2:?usage: instructions.sh DB PATHS SNAMAP [SNAMAP ...]}
shift 2
duration=${DURATION:-20s}
connections=${CONNECTIONS:-8}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

count() { # count BINARY → instructions per request
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg.out" \
    "$1" serve "$db" --host 127.0.0.1 --port 0 --threads 1 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 3000); do grep -q serving "$work/out" && break; sleep 0.2; done
  local url
  url=$(grep serving "$work/out" | grep -o 'http://127.0.0.1:[0-9]*')
  while read -r p; do curl -s -H 'Accept-Encoding: gzip' -o /dev/null "$url$p"; done <"$paths"
  callgrind_control -i on "$pid" >/dev/null 2>&1
  local figures
  figures=$(WRK_PATHS="$paths" wrk -t1 -c"$connections" -d"$duration" \
    -s "$here/../wrk/cycle_paths.lua" "$url" | tail -1)
  callgrind_control -i off "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" || true; pid=
  python3 -c "
import json, sys
total = int(open(sys.argv[1]).read().split('totals:')[1].split()[0])
print(round(total / json.loads(sys.argv[2])['requests']))
" "$work/cg.out" "$figures"
}

echo "binary | user-space instructions per hot tile"
for binary in "$@"; do
  echo "$binary | $(count "$binary")"
done
