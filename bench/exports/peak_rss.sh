#!/bin/bash
# Peak resident memory of `snamap serve` while it answers one request, per request target.
#
#   bench/exports/peak_rss.sh SNAMAP DB PORT TARGET...
#   e.g. bench/exports/peak_rss.sh build/snamap out/westmids.sqlite 18480 \
#          '/api/export.xlsx?set=lsoa21&period=all' '/api/export.csv?set=lsoa21&period=all'
#
# Each target gets a fresh server. After start-up the kernel's peak counter is reset
# (/proc/PID/clear_refs 5, Linux >= 4.0), so VmHWM read after the response is the request's own
# peak, not start-up's. SERVE_FLAGS adds flags to `serve` (e.g. "--config big.json"). The server
# is stopped by its PID.
set -euo pipefail
bin=$1 db=$2 port=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$2/status"; }
for target in "$@"; do
  # shellcheck disable=SC2086
  "$bin" serve "$db" --port "$port" ${SERVE_FLAGS:-} >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
    sleep 0.5
  done
  startup=$(kb VmHWM $pid)
  echo 5 >"/proc/$pid/clear_refs"
  before=$(kb VmRSS $pid)
  start=$(date +%s.%N)
  answer=$(curl -s -o "$work/body" -w "%{http_code} %{size_download}" "http://127.0.0.1:$port$target")
  end=$(date +%s.%N)
  peak=$(kb VmHWM $pid)
  after=$(kb VmRSS $pid)
  printf "%s -> %s bytes in %.1f s; RSS before %d MB, peak %d MB (+%d), after %d MB; start-up peak %d MB\n" \
    "$target" "$answer" "$(echo "$end - $start" | bc)" $((before / 1024)) $((peak / 1024)) \
    $(((peak - before) / 1024)) $((after / 1024)) $((startup / 1024))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
