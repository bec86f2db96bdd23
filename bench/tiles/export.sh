#!/usr/bin/env bash
# Static tile export of the West Midlands (prints figures; not a test). For each area layer, its
# whole zoom range, PMTiles and MBTiles, with 1 and 2 encoding threads run alternately:
# total and encoding seconds, tiles tried/written, distinct PMTiles contents and file sizes.
# Usage: bench/tiles/export.sh [SNAMAP] [DB] [ROUNDS]   (figures in docs/benchmarks.md)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
snamap=${1:-$root/build/snamap}
db=${2:-$root/build/test-data/westmids.sqlite}
rounds=${3:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# PMTiles header: addressed tiles, tile entries, distinct contents (spec 3, offsets 72/80/88).
pm_counts() {
  python3 -c 'import struct,sys; h=open(sys.argv[1],"rb").read(127); print(*struct.unpack_from("<3Q",h,72))' "$1"
}

printf '%-7s %-7s %-3s %-5s %8s %8s %7s %7s %9s %11s\n' layer format thr round total_s encode_s tried written distinct bytes
for layer in lad ward22 lsoa11 lsoa21; do
  for format in pmtiles mbtiles; do
    for round in $(seq 1 "$rounds"); do
      for threads in 1 2; do
        file=$out/$layer.$format
        "$snamap" export-tiles "$db" --layer "$layer" --threads "$threads" -o "$file" >"$out/stdout" 2>"$out/stderr"
        total=$(grep -o '[0-9.]* s$' "$out/stdout" | cut -d' ' -f1)
        line=$(grep '\[encoding tiles\] done' "$out/stderr")
        encode=$(sed -E 's/.*done in ([0-9.]+) s.*/\1/' <<<"$line")
        written=$(sed -E 's/.*: ([0-9]+) non-empty of ([0-9]+) tiles/\1/' <<<"$line")
        tried=$(sed -E 's/.*: ([0-9]+) non-empty of ([0-9]+) tiles/\2/' <<<"$line")
        distinct=-
        [ "$format" = pmtiles ] && distinct=$(pm_counts "$file" | cut -d' ' -f3)
        printf '%-7s %-7s %-3s %-5s %8.2f %8.2f %7s %7s %9s %11s\n' "$layer" "$format" "$threads" "$round" \
          "$total" "$encode" "$tried" "$written" "$distinct" "$(stat -c %s "$file")"
      done
    done
  done
done
