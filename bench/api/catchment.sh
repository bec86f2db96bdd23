#!/usr/bin/env bash
# Catchments against areas, side by side on one server (issue 13 item 3): a 2 km circle round
# central Birmingham (lon -1.8998, lat 52.4796). Times with curl, single client, REPEAT requests
# each, median and max in ms:
#   post_new          POST of a circle not seen before (radius 2000 m + k cm: a new shape each
#                     time), which computes its overlaps with the 3,399 LSOAs (both vintages)
#   post_again        the same circle again (200: already kept; its overlaps come from the cache)
#   profile_first     GET profile straight after its POST (overlaps cached by the POST)
#   profile_warm      the same GET again (best_fit), and profile_area_warm (method=area)
#   profile_restart   the first GET profile of a kept catchment after a restart (catchments_dir):
#                     the overlaps are computed again, once; profile_after_restart is the next one
#   ward_profile      an area profile for comparison: Acocks Green ward (precomputed, cached)
#   pack_html/pdf, map_png, export_csv/xlsx: the catchment's outputs, beside the ward's
# Figures, not a test. usage: bench/api/catchment.sh DB SNAMAP   (REPEAT=7, OUT=/tmp/...)
set -euo pipefail
db=${1:?usage: bench/api/catchment.sh DB SNAMAP}
snamap=${2:?usage: bench/api/catchment.sh DB SNAMAP}
repeat=${REPEAT:-7}
out=${OUT:-/tmp/snamap-catchment-bench}
rm -rf "$out" && mkdir -p "$out"
echo "{\"catchments_dir\": \"$out/catchments\"}" >"$out/config.json"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; true' EXIT
fail() { echo "FAIL: $*"; tail -5 "$out/err"; exit 1; }
source "$(dirname "$0")/../../tests/smoke/start_server.sh"
start() { start_snamap "$snamap" "$db" "$out" --threads 2 --config "$out/config.json" >/dev/null; }
stop() { kill $pid; wait $pid 2>/dev/null || true; pid=; }

ms() { python3 -c 'import sys; print(f"{float(sys.argv[1]) * 1000:.1f}")' "$1"; }
time_get() { ms "$(curl -s -o /dev/null -w '%{time_total}' "$base$1")"; }
time_post() {
  curl -s -o "$out/posted" -w '%{time_total}' -H 'Content-Type: application/json' \
    -H "Origin: $base" --data "$1" "$base/api/catchments"
}
circle() { echo "{\"name\": \"Bench\", \"radius\": {\"lon\": -1.8998, \"lat\": 52.4796, \"metres\": $1}}"; }
record() { echo "$1 $2" >>"$out/times"; }

start
curl -s -o /dev/null "$base/api/areas/E05011118/profile"  # the ward's profile cached once
for k in $(seq 1 "$repeat"); do
  body=$(circle "2000.0$k")
  record post_new "$(ms "$(time_post "$body")")"
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out/posted")
  echo "$id" >>"$out/ids"
  record post_again "$(ms "$(time_post "$body")")"
  record profile_first "$(time_get "/api/catchments/$id/profile")"
  record profile_warm "$(time_get "/api/catchments/$id/profile")"
  record profile_area_warm "$(time_get "/api/catchments/$id/profile?method=area")"
  record ward_profile "$(time_get "/api/areas/E05011118/profile")"
done
id=$(head -1 "$out/ids")
for k in $(seq 1 "$repeat"); do
  record pack_html_catchment "$(time_get "/report/catchment/$id")"
  record pack_html_ward "$(time_get "/report/E05011118?x=$k")"
  record pack_pdf_catchment "$(time_get "/report/catchment/$id.pdf?x=$k")"
  record pack_pdf_ward "$(time_get "/report/E05011118.pdf?x=$k")"
  record map_png_catchment "$(time_get "/api/map.png?indicator=imd19_score&width=900&height=560&catchment=$id&x=$k")"
  record map_png_ward "$(time_get "/api/map.png?indicator=imd19_score&width=900&height=560&area=E05011118&x=$k")"
  record export_csv_catchment "$(time_get "/api/export.csv?catchment=$id&x=$k")"
  record export_xlsx_catchment "$(time_get "/api/export.xlsx?catchment=$id&x=$k")"
done
stop
# After a restart the kept catchments are read from catchments_dir with no overlaps cached.
start
while read -r id; do
  record profile_restart "$(time_get "/api/catchments/$id/profile")"
  record profile_after_restart "$(time_get "/api/catchments/$id/profile")"
done <"$out/ids"
stop

python3 - "$out/times" <<'PY'
import collections, statistics, sys
times = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, value = line.split()
    times.setdefault(name, []).append(float(value))
print(f"{'request':28} {'n':>3} {'median ms':>10} {'max ms':>8}")
for name, values in times.items():
    print(f"{name:28} {len(values):3d} {statistics.median(values):10.1f} {max(values):8.1f}")
PY
