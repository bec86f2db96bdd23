#!/usr/bin/env bash
# Catchments over real sockets: `snamap serve` with a catchments_dir, POST a catchment from the
# site's own origin, GET it and its profile, refuse a cross-site POST, then restart the server
# and find the same catchment at the same URL (the file store). Usage: catchment_smoke.sh
# SNAMAP_BINARY DB
set -u
snamap=$1 db=$2
web=$(cd "$(dirname "$0")/../../web" && pwd)  # for /embed
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- server stderr:"; tail -20 "$work/err"; exit 1; }
echo "{\"catchments_dir\": \"$work/catchments\", \"max_body_bytes\": 65536}" >"$work/config.json"
source "$(dirname "$0")/start_server.sh"
start_snamap "$snamap" "$db" "$work" --threads 2 --config "$work/config.json" --web "$web"

stop() {
  kill -TERM $pid
  for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && fail "still running 10 s after SIGTERM"
  wait $pid
  pid=
}

body='{"name": "Smoke 1.5 km", "radius": {"lon": -1.8998, "lat": 52.4796, "metres": 1500}}'
code=$(curl -s -o "$work/created" -D "$work/h" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Origin: $base" --data "$body" "$base/api/catchments")
[ "$code" = 201 ] || fail "POST: expected 201, got $code: $(head -c 300 "$work/created")"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/created")
grep -qi "^location: $base/api/catchments/$id" "$work/h" || fail "no Location naming the catchment"
echo "ok  201 POST /api/catchments -> $id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -H 'Origin: https://elsewhere.example' --data "$body" "$base/api/catchments")
[ "$code" = 403 ] || fail "cross-site POST: expected 403, got $code"
echo "ok  403 cross-site POST"
code=$(curl -s -o "$work/again" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Origin: $base" --data "$body" "$base/api/catchments")
[ "$code" = 200 ] || fail "the same catchment again: expected 200, got $code"
curl -s -o "$work/got" "$base/api/catchments/$id" || fail "GET catchment"
code=$(curl -s -o "$work/profile" -w '%{http_code}' "$base/api/catchments/$id/profile?method=area")
[ "$code" = 200 ] || fail "profile: expected 200, got $code: $(head -c 300 "$work/profile")"
python3 - "$work/profile" <<'PY' || fail "the profile does not hold apportioned indicators"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["method"] == "area" and p["boroughs"][0]["code"] == "E08000025", p["boroughs"]
inds = [i for i in p["indicators"] if i.get("apportioned", {}).get("method") == "area"]
assert len(inds) > 20, len(inds)
assert any(i["ci95"] for i in inds)
PY
echo "ok  200 profile with $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["indicators"]))' "$work/profile") apportioned indicators"
[ -f "$work/catchments/$id.geojson" ] || fail "no file $id.geojson in catchments_dir"

# The catchment's outputs over real sockets: pack (HTML, PDF), map images, embed, CSV and XLSX.
get() {  # get NAME URL-PATH EXPECTED-STATUS
  code=$(curl -s -o "$work/$1" -w '%{http_code}' "$base$2")
  [ "$code" = "$3" ] || fail "$2: expected $3, got $code: $(head -c 300 "$work/$1")"
}
get pack.html "/report/catchment/$id?method=area" 200
grep -q 'How these figures were made' "$work/pack.html" || fail "the pack does not explain its method"
grep -q 'Apportionment: area-weighted' "$work/pack.html" || fail "the pack does not cite its method"
get pack.pdf "/report/catchment/$id.pdf" 200
pdftotext "$work/pack.pdf" - | grep -q 'best fit by centroid' || fail "the PDF does not name its method"
get map.png "/api/map.png?indicator=imd19_score&catchment=$id&width=320&height=240" 200
get map.svg "/api/map.svg?indicator=imd19_score&catchment=$id&width=320&height=240" 200
grep -q 'stroke-dasharray' "$work/map.svg" || fail "the SVG has no dashed catchment outline"
get embed.html "/embed?i=imd19_score&catchment=$id" 200
get export.csv "/api/export.csv?catchment=$id" 200
get export.xlsx "/api/export.xlsx?catchment=$id&method=area" 200
get bad.json "/report/catchment/not-hex" 400
get missing.json "/api/export.csv?catchment=0123456789abcdef0123456789abcdef" 404
python3 - "$work" <<'PY' || fail "the catchment's files do not read back"
import csv, io, struct, sys, zipfile
w = sys.argv[1]
png = open(f"{w}/map.png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (320, 240)
rows = list(csv.DictReader(io.StringIO(open(f"{w}/export.csv", encoding="utf-8-sig").read())))
assert len(rows) > 20 and all(r["method"] == "best_fit" for r in rows), len(rows)
assert all(r["licence"] and r["data_version"] for r in rows)
with zipfile.ZipFile(f"{w}/export.xlsx") as z:
    book = z.read("xl/workbook.xml").decode()
    assert all(f'name="{s}"' in book for s in ("Data", "Small areas", "Method", "Sources")), book
PY
echo "ok  catchment pack (HTML, PDF), PNG 320x240, SVG outline, embed, CSV ($(python3 -c 'import sys; print(sum(1 for _ in open(sys.argv[1])) - 1)' "$work/export.csv") rows), XLSX, 400/404"

# A zipped Shapefile in British National Grid, made with GDAL's own tool, uploaded as it is.
cat >"$work/box.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "box"},
 "geometry": {"type": "Polygon", "coordinates": [[[-1.91, 52.47], [-1.89, 52.47], [-1.89, 52.49],
 [-1.91, 52.49], [-1.91, 52.47]]]}}]}
JSON
mkdir -p "$work/shp"
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:27700 "$work/shp/box.shp" "$work/box.geojson" ||
  fail "ogr2ogr could not write the Shapefile"
python3 -c 'import sys, zipfile, glob, os
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in glob.glob(sys.argv[2] + "/box.*"): z.write(f, os.path.basename(f))' "$work/box.zip" "$work/shp"
code=$(curl -s -o "$work/shp.json" -w '%{http_code}' -H 'Content-Type: application/zip' \
  -H "Origin: $base" --data-binary "@$work/box.zip" "$base/api/catchments?name=Zipped")
[ "$code" = 201 ] || fail "zipped Shapefile upload: expected 201, got $code: $(head -c 300 "$work/shp.json")"
python3 - "$work/shp.json" <<'PY' || fail "the uploaded Shapefile is not the box"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["properties"]["definition"] == {"kind": "upload", "format": "zip", "features": 1}, d["properties"]
xs = [p[0] for p in d["geometry"]["coordinates"][0][0]]
assert abs(min(xs) + 1.91) < 1e-4 and abs(max(xs) + 1.89) < 1e-4, (min(xs), max(xs))
PY
echo "ok  201 zipped Shapefile (EPSG:27700) read back in lon/lat"
head -c 70000 /dev/zero >"$work/big.zip"
code=$(curl -s -o "$work/big.json" -w '%{http_code}' -H 'Content-Type: application/zip' \
  -H "Origin: $base" --data-binary "@$work/big.zip" "$base/api/catchments")
[ "$code" = 413 ] || fail "an upload over max_body_bytes: expected 413, got $code"
echo "ok  413 an upload over max_body_bytes"

stop
start_snamap "$snamap" "$db" "$work" --threads 2 --config "$work/config.json" --web "$web"
curl -s -o "$work/after" "$base/api/catchments/$id"
python3 - "$work/got" "$work/after" <<'PY' || fail "the catchment changed across a restart"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["geometry"] == b["geometry"] and a["properties"]["name"] == b["properties"]["name"]
PY
echo "ok  200 the same catchment after a restart"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/catchments/$id/profile")
[ "$code" = 200 ] || fail "profile after restart: $code"
stop
echo "catchment smoke: all passed"
