#!/usr/bin/env bash
# Socket smoke test: real `snamap serve` on 127.0.0.1:0, real HTTP (curl), then SIGTERM and a
# clean exit. Usage: serve_smoke.sh SNAMAP_BINARY DB
set -u
snamap=$1 db=$2
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- server stderr:"; tail -20 "$work/err"; exit 1; }

# Tokens made with the CLI, as an administrator would: a partner (the partner-only layers) and an
# operator (/metrics, as a Prometheus scraper).
"$snamap" token add --tokens "$work/tokens.jsonl" --name "smoke partner" --groups partner >"$work/partner" 2>/dev/null || fail "token add"
"$snamap" token add --tokens "$work/tokens.jsonl" --name "smoke scraper" --groups operator >"$work/operator" 2>/dev/null || fail "token add"
partner="Authorization: Bearer $(cat "$work/partner")"
operator="Authorization: Bearer $(cat "$work/operator")"
echo "{\"tokens_file\": \"$work/tokens.jsonl\"}" >"$work/config.json"

# The same database doubles as an archived version (the archive loader and /api/versions).
source "$(dirname "$0")/start_server.sh"
start_snamap "$snamap" "$db" "$work" --threads 2 --archive "$db" --config "$work/config.json" \
  --web "$(dirname "$0")/../../web"

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect() { # expect CODE DESCRIPTION CURL-ARGS...
  local want=$1 what=$2; shift 2
  local got; got=$(status "$@")
  [ "$got" = "$want" ] || fail "$what: expected $want, got $got"
  echo "ok  $want $what"
}

expect 200 "health" "$base/health"
expect 200 "catalog" "$base/catalog"
expect 200 "TileJSON" "$base/tiles/lsoa11.json"
# A tile in central Birmingham, uncompressed and gzip.
tile="$base/tiles/lsoa11/12/2026/1344.mvt"
expect 200 "tile" "$tile"
curl -s -D "$work/h" -o "$work/t.gz" -H 'Accept-Encoding: gzip' "$tile"
grep -qi '^content-encoding: gzip' "$work/h" || fail "gzip not sent when accepted"
grep -qi '^vary: accept-encoding' "$work/h" || fail "no Vary header"
gzip -t "$work/t.gz" 2>/dev/null || fail "the gzip body is not valid gzip"
etag=$(grep -i '^etag:' "$work/h" | cut -d' ' -f2 | tr -d '\r')
[ -n "$etag" ] || fail "no ETag"
expect 304 "If-None-Match" -H "If-None-Match: $etag" "$tile"
# JSON gzip-compressed for a client that accepts it (curl decodes nothing here): the same bytes
# as the identity answer once gunzip has read them, with Vary and a "-gzip" ETag.
curl -s -D "$work/jh" -o "$work/j.gz" -H 'Accept-Encoding: gzip' "$base/api/indicators"
curl -s -o "$work/j" "$base/api/indicators"
grep -qi '^content-encoding: gzip' "$work/jh" || fail "JSON not gzip when accepted"
grep -qi '^vary: accept-encoding' "$work/jh" || fail "no Vary on the JSON"
grep -qi '^etag: ".*-gzip"' "$work/jh" || fail "the gzip JSON has no -gzip ETag"
gzip -dc "$work/j.gz" | cmp -s - "$work/j" || fail "gunzip of the JSON differs from the identity body"
echo "ok  200 gzip JSON equals identity"
expect 204 "empty tile (open sea, z8)" "$base/tiles/lsoa11/8/0/0.mvt"
expect 404 "zoom below the layer's range" "$base/tiles/lsoa11/3/3/2.mvt"
expect 404 "unknown layer" "$base/tiles/nope/8/126/84.mvt"
expect 400 "x beyond 2^z" "$base/tiles/lsoa11/8/999/84.mvt"
expect 400 "negative zoom" "$base/tiles/lsoa11/-1/0/0.mvt"
expect 400 "bad percent-encoding" "$base/api/areas/%zz"
expect 404 "unknown area" "$base/api/areas/E99999999"
# Images, packs, spreadsheets and embeds over real sockets, with their content types.
content_type() { curl -s -o "$work/body" -D - "$1" | tr -d '\r' | grep -i '^content-type:' | cut -d' ' -f2-; }
[ "$(content_type "$base/api/map.png?indicator=imd19_score&width=320&height=240")" = "image/png" ] || fail "map.png"
head -c 8 "$work/body" | od -An -c | grep -q 'P   N   G' || fail "map.png is not a PNG"
echo "ok  200 map.png"
[ "$(content_type "$base/report/E01009348.pdf")" = "application/pdf" ] || fail "report PDF"
head -c 5 "$work/body" | grep -q '%PDF-' || fail "the report is not a PDF"
echo "ok  200 report PDF"
expect 200 "report HTML" "$base/report/E05011118"
expect 200 "export.xlsx" "$base/api/export.xlsx?set=lad"
expect 200 "oEmbed" "$base/oembed?url=$base/embed"
# Partner-only data (data/westmids.json): street-level incidents, services, school exclusion
# counts. Anonymous callers get the public answer; the partner token sees them.
expect 404 "incident points, anonymous" "$base/tiles/incidents_2011.json"
expect 200 "incident points, partner" -H "$partner" "$base/tiles/incidents_2011.json"
expect 403 "priority schools, anonymous" "$base/api/schools/priority?limit=5"
expect 200 "priority schools, partner" -H "$partner" "$base/api/schools/priority?limit=5"
expect 403 "embed naming the services layer, anonymous" "$base/embed?i=imd19_score&lyr=services"
expect 200 "embed naming the services layer, partner" -H "$partner" "$base/embed?i=imd19_score&lyr=services"
expect 401 "refused token" -H "Authorization: Bearer snamap_nope" "$base/catalog"
curl -s "$base/catalog" | grep -q '"services"' && fail "anonymous catalog lists the services layer"
curl -s -H "$partner" "$base/catalog" | grep -q '"services"' || fail "partner catalog lacks the services layer"
curl -s -D "$work/ph" -o /dev/null -H "$partner" "$base/catalog"
grep -qi '^cache-control: private' "$work/ph" || fail "a partner answer is not private"
echo "ok  tiers: anonymous public, partner sees the partner-only layers"
expect 413 "oversized image" "$base/api/map.png?indicator=imd19_score&width=4000&scale=2"
curl -s "$base/api/versions" | grep -q '"archived":\[{' || fail "the archived version is not listed"
echo "ok  archived version listed"
# Keep-alive: two requests, one connection.
curl -sv -o /dev/null -o /dev/null "$base/health" "$base/catalog" 2>"$work/v"
grep -q 'Re-using existing connection' "$work/v" || fail "keep-alive connection was not reused"
echo "ok  keep-alive"
# Metrics reflect what was served.
# Metrics are for operators: a Prometheus scraper sends its token.
expect 401 "metrics, anonymous" "$base/metrics"
expect 403 "metrics, partner" -H "$partner" "$base/metrics"
curl -s -H "$operator" "$base/metrics" | grep -q 'snamap_http_requests_total{route="tile",status="304"} 1' || fail "metrics"
echo "ok  metrics (operator token)"

kill -TERM $pid
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && fail "still running 10 s after SIGTERM"
wait $pid; code=$?
[ $code = 0 ] || fail "exit code $code after SIGTERM"
echo "ok  SIGTERM → clean exit 0"
