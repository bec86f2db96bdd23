#!/usr/bin/env bash
# Regenerates fuzz/seeds/ from the repository's own inputs: the bad-input corpus and the good set
# (CSV files and manifests), hand-written request targets, and small MVT tiles (make_mvt_seeds.py).
# usage: bash fuzz/seeds/make_seeds.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
rm -f "$here"/csv_reader/* "$here"/manifest/* "$here"/url_query/* "$here"/mvt_decoder/*

for f in "$repo"/tests/data/good/*.csv "$repo"/tests/data/bad/*/*.csv; do
    [ -f "$f" ] || continue
    case_name=$(basename "$(dirname "$f")")
    # The corpus holds one 5 kB cell on purpose; libFuzzer's default -max_len would cut it anyway.
    head -c 4096 "$f" >"$here/csv_reader/${case_name}-$(basename "$f")"
done
for f in "$repo"/tests/data/good/manifest.json "$repo"/tests/data/bad/*/manifest.json; do
    cp "$f" "$here/manifest/$(basename "$(dirname "$f")").json"
done
i=0
while IFS= read -r target; do
    printf '%s' "$target" >"$here/url_query/target-$i"
    i=$((i + 1))
done <<'TARGETS'
/tiles/lsoa21/12/2021/1350.mvt
/api/values?indicator=imd_score&set=lsoa21&period=2019
/api/areas/E01000001/profile?format=json
/map.png?indicator=composite&weights=imd_score%3A2%2Ccrime_rate%3A1&width=900&height=700&title=Caf%C3%A9+map
/api/export.csv?set=lsoa21&period=all&indicators=a,b,c
/api/search?q=Birmingham%20City+Centre&limit=10#fragment
/api/schools/priority?radius=5000&limit=2000
/%2e%2e/%2e%2e/etc/passwd?x=%zz&y=%4&z=%00
/?a=1&&b=2&c&=d&e==f
TARGETS
python3 "$here/make_mvt_seeds.py" "$here/mvt_decoder"
