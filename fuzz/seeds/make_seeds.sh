#!/usr/bin/env bash
# Regenerates fuzz/seeds/ from the repository's own inputs: the bad-input corpus and the good set
# (CSV files and manifests), hand-written request targets, and small MVT tiles (make_mvt_seeds.py).
# usage: bash fuzz/seeds/make_seeds.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
rm -f "$here"/csv_reader/* "$here"/manifest/* "$here"/url_query/* "$here"/mvt_decoder/* \
    "$here"/http_request/*
mkdir -p "$here/http_request"

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
# HTTP requests: the first byte says where the harness splits the rest into two reads.
i=0
while IFS= read -r request; do
    printf '\x17%b' "$request" >"$here/http_request/request-$i"
    i=$((i + 1))
done <<'REQUESTS'
GET /health HTTP/1.1\r\nHost: a\r\n\r\n
GET /tiles/lsoa21/12/2021/1350.mvt HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nIf-None-Match: "abc"\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n
POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n
GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n
GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\nContent-Length: 3\r\n\r\nabc
GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n
GET http://example.org:8080/api/areas/E01000001?x=%C3%28 HTTP/1.1\r\nHost: example.org\r\n\r\n
GET /x HTTP/1.0\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.7\r\nConnection: keep-alive\r\n\r\n
GET /x HTTP/1.1\nHost: a\n\n
GET /x HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n
POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nwxyz
REQUESTS
