#!/usr/bin/env bash
# Static tile export against the server over real HTTP: `snamap export-tiles` writes PMTiles and
# MBTiles for the LSOA 2021 layer (z8-12), `snamap serve` runs on 127.0.0.1:0, and
#  - tiles from the MBTiles file (sqlite3) equal the served gzip bodies byte for byte (curl);
#  - the `pmtiles` npm package reads the PMTiles header, metadata and the same tiles, whose raw
#    and decompressed bytes equal the served ones (pmtiles_reader.mjs);
#  - a tile the server answers 204 is in neither file.
# Usage: export_tiles_http.sh SNAMAP_BINARY DB
set -u
snamap=$1 db=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; [ -f "$work/err" ] && tail -20 "$work/err"; exit 1; }

pm=$work/lsoa21.pmtiles mb=$work/lsoa21.mbtiles
"$snamap" export-tiles "$db" --layer lsoa21 --minzoom 8 --maxzoom 12 -o "$pm" || fail "PMTiles export"
"$snamap" export-tiles "$db" --layer lsoa21 --minzoom 8 --maxzoom 12 -o "$mb" --quiet || fail "MBTiles export"
ls -l "$pm" "$mb"

source "$here/start_server.sh"
start_snamap "$snamap" "$db" "$work" --threads 2

# Every 7th tile of the file (10 of the 73 at z8-12), as z/x/y with y back in XYZ.
mapfile -t tiles < <(sqlite3 "$mb" "SELECT zoom_level || '/' || tile_column || '/' || ((1 << zoom_level) - 1 - tile_row) FROM tiles WHERE rowid % 7 = 0 ORDER BY zoom_level, tile_column, tile_row")
[ "${#tiles[@]}" -ge 10 ] || fail "expected at least 10 sample tiles, got ${#tiles[@]}"
checked=0
for t in "${tiles[@]}"; do
  IFS=/ read -r z x y <<<"$t"
  row=$(( (1 << z) - 1 - y ))
  sqlite3 "$mb" "SELECT writefile('$work/want', tile_data) FROM tiles WHERE zoom_level=$z AND tile_column=$x AND tile_row=$row" >/dev/null
  code=$(curl -s -o "$work/got" -w '%{http_code}' -H 'Accept-Encoding: gzip' "$base/tiles/lsoa21/$t.mvt")
  [ "$code" = 200 ] || fail "$t: server answered $code"
  cmp -s "$work/want" "$work/got" || fail "$t: MBTiles bytes differ from the served bytes"
  checked=$((checked + 1))
done
echo "ok  $checked MBTiles tiles = served bytes"

# z8 tile 0/0 is open sea: 204 from the server, absent from the file.
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/tiles/lsoa21/8/0/0.mvt")
[ "$code" = 204 ] || fail "8/0/0: expected 204, got $code"
[ "$(sqlite3 "$mb" 'SELECT count(*) FROM tiles WHERE zoom_level=8 AND tile_column=0')" = 0 ] || fail "empty tile exported"
echo "ok  empty tile left out"

node "$here/pmtiles_reader.mjs" "$pm" lsoa21 8 12 "$base" "${tiles[@]:0:8}" 8/0/0 || fail "pmtiles reader"

kill $pid
wait $pid 2>/dev/null
pid=
echo "export_tiles_http: every check passed"
