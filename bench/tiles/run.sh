#!/usr/bin/env bash
# Tile benchmarks (they print figures; they are not tests). See docs/benchmarks.md, section
# "Tiles", for what each part measures and the figures of the last run.
#
# Parts (BENCH_PARTS, space-separated; default "gen http"):
#   gen   uncached tile generation, z6-z14, one thread: tile_gen_bench (an AreaTileLayer built
#         in-process) against PostGIS 3.3 ST_AsMVT on a private PostgreSQL 15 cluster, the same
#         seeded tile list for both, ROUNDS rounds run side by side; then a per-tile comparison
#         of feature counts.
#   http  hot tiles over HTTP: ~HTTP_TILES tiles z8-z14 fetched from snamap (gzip) into a folder
#         that nginx serves; wrk against snamap (cache warm) and nginx, alternating, ROUNDS
#         rounds; snamap's resident memory at start, after warm-up and after the load.
#
# Needs root for apt-get (missing packages are installed) and to run PostgreSQL as the system
# user PG_USER (created if missing). Every process it starts is stopped by PID on exit.
#
# Environment: BUILD (build dir, default build), SNAMAP (server binary, default BUILD/snamap),
# TILE_GEN_BENCH (default BUILD/bench/tile_gen_bench, built if missing), DB (default
# out/westmids.sqlite), BENCH_OUT (results, default /tmp/snamap-tiles-bench), ROUNDS (3),
# PER_ZOOM (200), GEN_ZOOMS (the gen part's zooms, default 6-14), HTTP_TILES (500),
# WRK_DURATION (20s), WRK_CONNECTIONS (64), WRK_THREADS (2), SNAMAP_THREADS (2), NGINX_WORKERS
# (auto), SEED (1), PG_PORT (55432), NGINX_PORT (58080), PG_USER (tilebench), SET (lsoa11).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
snamap=${SNAMAP:-$build/snamap}
gen_bench=${TILE_GEN_BENCH:-$build/bench/tile_gen_bench}
db=${DB:-$root/out/westmids.sqlite}
out=${BENCH_OUT:-/tmp/snamap-tiles-bench}
parts=${BENCH_PARTS:-gen http}
rounds=${ROUNDS:-3}
per_zoom=${PER_ZOOM:-200}
gen_zooms=${GEN_ZOOMS:-6-14}
http_tiles=${HTTP_TILES:-500}
wrk_duration=${WRK_DURATION:-20s}
wrk_connections=${WRK_CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
snamap_threads=${SNAMAP_THREADS:-2}
nginx_workers=${NGINX_WORKERS:-auto}
seed=${SEED:-1}
pg_port=${PG_PORT:-55432}
nginx_port=${NGINX_PORT:-58080}
pg_user=${PG_USER:-tilebench}
set_id=${SET:-lsoa11}
pg_bin=/usr/lib/postgresql/15/bin

mkdir -p "$out"
out=$(cd "$out" && pwd)
summary=$out/summary.txt
: >"$summary"

say() { printf '%s\n' "$*" | tee -a "$summary"; }
has_part() { [[ " $parts " == *" $1 "* ]]; }
fail() { echo "bench/tiles: $*" >&2; exit 1; }

# ---------------------------------------------------------------- processes we start, stopped on exit
snamap_pid="" nginx_pid="" pg_started=0
stop_pid() {
    local pid=$1 signal=${2:-TERM}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
stop_postgres() {
    if [[ $pg_started == 1 ]]; then
        runuser -u "$pg_user" -- "$pg_bin/pg_ctl" -D "$out/pg/data" -m fast -w stop >/dev/null || true
        pg_started=0
    fi
}
cleanup() {
    stop_pid "$snamap_pid"
    snamap_pid=""
    stop_pid "$nginx_pid" QUIT
    nginx_pid=""
    stop_postgres
}
trap cleanup EXIT

# ---------------------------------------------------------------- tools
ensure_packages() {
    local wanted=() p
    has_part gen && wanted+=(postgresql-15 postgresql-15-postgis-3 gdal-bin)
    has_part http && wanted+=(nginx-light wrk curl)
    wanted+=(sqlite3 libsqlite3-mod-spatialite python3)
    local missing=()
    for p in "${wanted[@]}"; do
        # nginx-light or nginx (full) both provide /usr/sbin/nginx.
        if [[ $p == nginx-light ]] && [[ -x /usr/sbin/nginx ]]; then continue; fi
        dpkg -s "$p" >/dev/null 2>&1 || command -v "$p" >/dev/null || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

# Builds tile_gen_bench: in BUILD when bench/CMakeLists.txt has add_subdirectory(tiles), else in
# a private copy of the tree that adds it (so this script works before the lead wires it in).
ensure_gen_bench() {
    if [[ -x $gen_bench ]] && [[ ! $here/tile_gen_bench.cpp -nt $gen_bench ]]; then return; fi
    if grep -q 'add_subdirectory(tiles)' "$root/bench/CMakeLists.txt" && [[ -d $build ]]; then
        cmake --build "$build" -j2 --target tile_gen_bench
        gen_bench=$build/bench/tile_gen_bench
        return
    fi
    local src=$out/src private=$out/build
    rm -rf "$src"
    mkdir -p "$src"
    (cd "$root" && tar --exclude=./build --exclude=./out --exclude=./.git -cf - .) | tar -xf - -C "$src"
    echo 'add_subdirectory(tiles)' >>"$src/bench/CMakeLists.txt"
    # RelWithDebInfo (-O2), as `make build` compiles the server being compared.
    cmake -S "$src" -B "$private" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSNAMAP_BUILD_TESTS=OFF >/dev/null
    cmake --build "$private" -j2 --target tile_gen_bench
    gen_bench=$private/bench/tile_gen_bench
}

machine() {
    say "== machine"
    say "nproc: $(nproc)"
    say "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    say "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    say "database: $db (set $set_id)"
    say "snamap: $snamap"
    say "rounds: $rounds (medians reported; ratios are medians of per-round ratios)"
}

# Lon/lat bounds of the set: "min_lon min_lat max_lon max_lat".
set_bounds() {
    sqlite3 -separator ' ' "$db" "SELECT load_extension('mod_spatialite');
        SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom))
        FROM areas WHERE set_id = '$set_id';" | tail -1
}

# ---------------------------------------------------------------- PostGIS
psql_tiles() { psql -X -q -v ON_ERROR_STOP=1 -h "$out/pg/sock" -p "$pg_port" -U "$pg_user" -d tiles "$@"; }

start_postgres() {
    id "$pg_user" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    rm -rf "$out/pg"
    mkdir -p "$out/pg/sock"
    chown -R "$pg_user" "$out/pg"
    chmod o+x "$out"
    runuser -u "$pg_user" -- "$pg_bin/initdb" -D "$out/pg/data" -A trust -U "$pg_user" -E UTF8 \
        --no-locale >"$out/pg/initdb.log" 2>&1
    # jit off: on the low-zoom tiles the planner's cost estimate crosses jit_above_cost and each
    # query would pay for LLVM compilation; a tile server would turn it off too.
    runuser -u "$pg_user" -- "$pg_bin/pg_ctl" -D "$out/pg/data" -l "$out/pg/server.log" -w \
        -o "-p $pg_port -k $out/pg/sock -c listen_addresses='' -c jit=off" start >/dev/null
    pg_started=1
    psql -X -q -h "$out/pg/sock" -p "$pg_port" -U "$pg_user" -d postgres -c 'CREATE DATABASE tiles'
    psql_tiles -c 'CREATE EXTENSION postgis'
}

# Loads the set in EPSG:4326 with ogr2ogr, then gives PostGIS its best shot: a pre-transformed
# EPSG:3857 column, a GiST index, the table clustered on it, fresh statistics.
load_postgis() {
    ogr2ogr -f PostgreSQL "PG:host=$out/pg/sock port=$pg_port dbname=tiles user=$pg_user" "$db" \
        -sql "SELECT code, name, geom FROM areas WHERE set_id = '$set_id'" -nln src_4326 \
        -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -overwrite
    psql_tiles <<SQL
CREATE TABLE $set_id AS
  SELECT code, name, ST_Transform(geom, 3857)::geometry(MultiPolygon, 3857) AS geom
  FROM src_4326 ORDER BY code;
CREATE INDEX ${set_id}_geom ON $set_id USING GIST (geom);
CLUSTER $set_id USING ${set_id}_geom;
VACUUM ANALYZE $set_id;
SQL
    say "postgis: $(psql_tiles -At -c 'SELECT postgis_lib_version()') on $(psql_tiles -At -c 'SHOW server_version'), $(psql_tiles -At -c "SELECT count(*) || ' rows, ' || sum(ST_NPoints(geom)) || ' vertices' FROM $set_id")"
}

# The tile query of the issue; length() so the client does not print ~100 kB of hex per tile
# (the server still builds the whole MVT). Prepared once per file, so planning is paid once.
tile_query() {
    echo "SELECT length(ST_AsMVT(q, '$set_id', 4096, 'geom')) FROM (SELECT code, name, ST_AsMVTGeom(geom, ST_TileEnvelope(\$1, \$2, \$3), 4096, 64, true) AS geom FROM $set_id WHERE geom && ST_TileEnvelope(\$1, \$2, \$3, margin => 64.0 / 4096)) q"
}

# One SQL file per zoom: PREPARE, then one EXECUTE per tile of the list, in list order, with
# psql's \timing on: each query is timed by the client (send, plan/execute, receive). Before and
# after, psql prints the backend's CPU time (/proc/PID/schedstat, nanoseconds on a CPU).
write_postgis_scripts() {
    local list=$1 z
    # shellcheck disable=SC2013
    for z in $(cut -d' ' -f1 "$list" | sort -nu); do
        awk -v z="$z" '$1 == z' "$list" >"$out/gen/tiles_z$z.txt"
        sql_file "$(tile_query)" "$out/gen/tiles_z$z.txt" >"$out/gen/postgis_z$z.sql"
    done
    # Same shape without the tile work: what the client round trip alone costs per query (on
    # the highest zoom's list, as summarize.py divides by its count).
    sql_file "SELECT \$1 + \$2 + \$3" "$out/gen/tiles_z$z.txt" >"$out/gen/postgis_baseline.sql"
}

sql_file() {
    local query=$1 tiles=$2
    # \setenv interpolates the variable; \! then reads it from the environment (it does not
    # interpolate psql variables itself).
    echo "SELECT pg_backend_pid() AS backend \gset"
    printf '%s\n' '\setenv TILEBENCH_BACKEND :backend'
    echo "PREPARE tile(int, int, int) AS $query;"
    echo "\\! awk '{ print \"cpu_ns\", \$1 }' /proc/\$TILEBENCH_BACKEND/schedstat"
    printf '%s\n' '\timing on'
    awk '{ printf "EXECUTE tile(%d, %d, %d);\n", $1, $2, $3 }' "$tiles"
    printf '%s\n' '\timing off'
    echo "\\! awk '{ print \"cpu_ns\", \$1 }' /proc/\$TILEBENCH_BACKEND/schedstat"
}

# Runs one SQL file through psql on one connection; prints "SUM CPU WALL" in seconds: the sum of
# the per-query \timing figures (what the tiles/s use), the backend's CPU time over the
# EXECUTEs, and the wall time of the whole psql run (adds connection set-up and PREPARE).
time_sql_file() {
    local start end figures
    start=$(date +%s%N)
    figures=$(psql_tiles -f "$1" -o /dev/null | awk '
        /^Time: / { sum += $2 }
        /^cpu_ns / { cpu[n++] = $2 }
        END { printf "%.6f %.6f", sum / 1000, (cpu[1] - cpu[0]) / 1e9 }')
    end=$(date +%s%N)
    echo "$figures $(((end - start) / 1000))e-6"
}

# Per tile of the list (each once): features ST_AsMVT keeps (non-null ST_AsMVTGeom) and bytes.
postgis_counts() {
    local list=$1 values
    values=$(sort -u "$list" | awk '{ printf "%s(%d,%d,%d)", (NR > 1 ? "," : ""), $1, $2, $3 }')
    psql_tiles -At -F $'\t' -c "
SELECT t.z, t.x, t.y,
  (SELECT count(*) FROM $set_id
     WHERE geom && ST_TileEnvelope(t.z, t.x, t.y, margin => 64.0 / 4096)
       AND ST_AsMVTGeom(geom, ST_TileEnvelope(t.z, t.x, t.y), 4096, 64, true) IS NOT NULL),
  (SELECT coalesce(length(ST_AsMVT(q, '$set_id', 4096, 'geom')), 0) FROM
     (SELECT code, name, ST_AsMVTGeom(geom, ST_TileEnvelope(t.z, t.x, t.y), 4096, 64, true) AS geom
      FROM $set_id WHERE geom && ST_TileEnvelope(t.z, t.x, t.y, margin => 64.0 / 4096)) q)
FROM (VALUES $values) AS t(z, x, y) ORDER BY 1, 2, 3" >"$out/gen/postgis_counts.tsv"
}

run_gen_snamap() {
    local r=$1 z=$2
    "$gen_bench" "$db" "$out/gen/tiles_z$z.txt" --set "$set_id" --min-zoom 6 --max-zoom 16 \
        --counts "$out/gen/snamap_r${r}_z$z.tsv" >"$out/gen/snamap_r${r}_z$z.txt"
}

bench_gen() {
    say "== uncached tile generation, z$gen_zooms, one thread ($per_zoom tiles per zoom, seed $seed)"
    mkdir -p "$out/gen"
    local list=$out/gen/tiles.txt r z
    # shellcheck disable=SC2046
    python3 "$here/make_tile_lists.py" $(set_bounds) --zooms "$gen_zooms" --per-zoom "$per_zoom" \
        --seed "$seed" >"$list"
    start_postgres
    load_postgis
    write_postgis_scripts "$list"
    local zooms
    zooms=$(cut -d' ' -f1 "$list" | sort -nu)
    : >"$out/gen/postgis_times.txt"
    # Side by side per zoom, alternating which goes first, so a change in the machine's load
    # (other builds share the cores) hits both about equally.
    for r in $(seq "$rounds"); do
        echo "round $r"
        for z in $zooms; do
            if ((r % 2)); then
                run_gen_snamap "$r" "$z"
                echo "$r $z $(time_sql_file "$out/gen/postgis_z$z.sql")" >>"$out/gen/postgis_times.txt"
            else
                echo "$r $z $(time_sql_file "$out/gen/postgis_z$z.sql")" >>"$out/gen/postgis_times.txt"
                run_gen_snamap "$r" "$z"
            fi
        done
        echo "$r baseline $(time_sql_file "$out/gen/postgis_baseline.sql")" >>"$out/gen/postgis_times.txt"
    done
    cat "$out"/gen/snamap_r1_z*.tsv | awk 'NR == 1 || $1 != "z"' >"$out/gen/snamap_counts.tsv"
    postgis_counts "$list"
    stop_postgres
    python3 "$here/summarize.py" gen "$out/gen" "$rounds" | tee -a "$summary"
}

# ---------------------------------------------------------------- HTTP
rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# Starts `snamap serve` on an ephemeral port; sets snamap_pid, snamap_port, snamap_startup_s.
start_snamap() {
    local log=$1 start _
    # /metrics is for the operator group (docs/access.md): a token for the cache figures below.
    rm -f "$out/http/tokens.jsonl"
    metrics_token=$("$snamap" token add --tokens "$out/http/tokens.jsonl" --name bench \
        --groups operator 2>/dev/null)
    echo "{\"access_log\": false, \"tokens_file\": \"$out/http/tokens.jsonl\"}" >"$out/http/snamap.json"
    start=$(date +%s%N)
    "$snamap" serve "$db" --host 127.0.0.1 --port 0 --threads "$snamap_threads" \
        --config "$out/http/snamap.json" >"$log" 2>&1 &
    snamap_pid=$!
    for _ in $(seq 1200); do
        grep -q 'snamap: serving' "$log" && break
        kill -0 "$snamap_pid" 2>/dev/null || fail "snamap exited; see $log"
        sleep 0.1
    done
    snamap_startup_s=$(awk -v s="$start" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')
    snamap_port=$(sed -n 's|.*serving .* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)
    [[ -n $snamap_port ]] || fail "snamap did not say where it serves; see $log"
}

# Fetches every path of $2 (one per line) from 127.0.0.1:$1 with Accept-Encoding: gzip over one
# keep-alive connection, into $3/<path>; writes "http_code path" lines to $4.
fetch_all() {
    local port=$1 paths=$2 dir=$3 codes=$4 config=$out/http/curl.config
    : >"$config"
    while read -r path; do
        mkdir -p "$dir$(dirname "$path")"
        printf 'url = "http://127.0.0.1:%s%s"\noutput = "%s%s"\n' "$port" "$path" "$dir" "$path" >>"$config"
    done <"$paths"
    curl -s -H 'Accept-Encoding: gzip' -w '%{http_code} %{url_effective}\n' -K "$config" |
        sed "s|http://127\.0\.0\.1:$port||" >"$codes"
}

write_nginx_conf() {
    mkdir -p "$out/http/nginx/logs" "$out/http/nginx/tmp"
    # Tiles are stored gzipped (as snamap sends them to clients that accept gzip); the header
    # says so and nginx sends the bytes as they are (sendfile, open_file_cache). keepalive_requests
    # is raised so nginx does not close wrk's connections every 1000 requests (snamap does not).
    local user_line=""
    # Run as root, nginx hands requests to workers as "nobody:nobody", a group Debian lacks.
    [[ $(id -u) == 0 ]] && user_line="user www-data;"
    cat >"$out/http/nginx.conf" <<CONF
$user_line
worker_processes $nginx_workers;
daemon off;
pid $out/http/nginx/nginx.pid;
error_log $out/http/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=2000 inactive=60s;
    client_body_temp_path $out/http/nginx/tmp/body;
    proxy_temp_path $out/http/nginx/tmp/proxy;
    fastcgi_temp_path $out/http/nginx/tmp/fastcgi;
    uwsgi_temp_path $out/http/nginx/tmp/uwsgi;
    scgi_temp_path $out/http/nginx/tmp/scgi;
    types { }
    default_type application/vnd.mapbox-vector-tile;
    server {
        listen 127.0.0.1:$nginx_port;
        root $out/http/www;
        location /tiles/ {
            add_header Content-Encoding gzip;
            add_header Vary Accept-Encoding;
        }
    }
}
CONF
}

start_nginx() {
    write_nginx_conf
    /usr/sbin/nginx -p "$out/http/nginx" -e "$out/http/nginx/logs/error.log" \
        -c "$out/http/nginx.conf" >"$out/http/nginx/logs/stdout.log" 2>&1 &
    nginx_pid=$!
    local _
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && return
        kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited; see $out/http/nginx/logs/error.log"
        sleep 0.1
    done
    fail "nginx did not answer on port $nginx_port"
}

# wrk script: every thread cycles through the tile paths, starting at its own offset.
write_wrk_script() {
    cat >"$out/http/tiles.lua" <<LUA
local paths = {}
for line in io.lines("$out/http/paths.txt") do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
    thread:set("offset", counter * math.floor(#paths / $wrk_threads))
    counter = counter + 1
end
local i = 0
function init(args) i = offset or 0 end
wrk.headers["Accept-Encoding"] = "gzip"
function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
LUA
}

# CPU time used so far, in nanoseconds, by the given processes (all their threads).
cpu_ns() {
    local pid
    for pid in "$@"; do cat /proc/"$pid"/task/*/schedstat; done 2>/dev/null |
        awk '{ sum += $1 } END { printf "%.0f", sum }'
}

# One wrk run; also records the server's CPU time over it (snamap: the process; nginx: master
# and workers), which a busy machine disturbs less than requests/s.
run_wrk() {
    local name=$1 port=$2 round=$3 pids before after
    if [[ $name == snamap ]]; then pids=$snamap_pid; else pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"; fi
    # shellcheck disable=SC2086
    before=$(cpu_ns $pids)
    wrk -t"$wrk_threads" -c"$wrk_connections" -d"$wrk_duration" --latency \
        -s "$out/http/tiles.lua" "http://127.0.0.1:$port" >"$out/http/wrk_${name}_r$round.txt" 2>&1
    # shellcheck disable=SC2086
    after=$(cpu_ns $pids)
    echo "server_cpu_s $(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')" \
        >>"$out/http/wrk_${name}_r$round.txt"
}

bench_http() {
    say "== hot tiles over HTTP (z8-z14, gzip; wrk -t$wrk_threads -c$wrk_connections -d$wrk_duration)"
    mkdir -p "$out/http"
    rm -rf "$out/http/www" "$out/http/candidates"
    # Candidates: every tile z8-z14 touching the bounds; snamap answers 204 for those without a
    # feature, and only tiles with content go into the benchmark (nginx cannot serve "no tile").
    # shellcheck disable=SC2046
    python3 "$here/make_tile_lists.py" $(set_bounds) --zooms 8-14 --per-zoom 0 --seed "$seed" |
        awk -v s="$set_id" '{ printf "/tiles/%s/%d/%d/%d.mvt\n", s, $1, $2, $3 }' >"$out/http/candidates.txt"
    start_snamap "$out/http/snamap_fetch.log"
    fetch_all "$snamap_port" "$out/http/candidates.txt" "$out/http/candidates" "$out/http/candidate_codes.txt"
    stop_pid "$snamap_pid"
    snamap_pid=""
    python3 "$here/summarize.py" choose "$out/http/candidate_codes.txt" "$http_tiles" "$seed" \
        >"$out/http/paths.txt"
    local path
    while read -r path; do
        mkdir -p "$out/http/www$(dirname "$path")"
        cp "$out/http/candidates$path" "$out/http/www$path"
    done <"$out/http/paths.txt"
    chmod -R a+rX "$out/http/www"
    say "http tiles: $(wc -l <"$out/http/paths.txt") of $(wc -l <"$out/http/candidates.txt") candidates (those with features), $(du -sk "$out/http/www" | cut -f1) KiB gzip on disk; by zoom: $(sed 's|/tiles/[^/]*/\([0-9]*\)/.*|z\1|' "$out/http/paths.txt" | sort -V | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"

    # A fresh server for the measurement, so its cache holds exactly the benchmark's tiles.
    start_snamap "$out/http/snamap.log"
    local rss_start rss_warm rss_end hwm_end
    rss_start=$(rss_kb "$snamap_pid" VmRSS)
    fetch_all "$snamap_port" "$out/http/paths.txt" "$out/http/warm" "$out/http/warm_codes.txt"
    rss_warm=$(rss_kb "$snamap_pid" VmRSS)
    grep -vq '^200 ' "$out/http/warm_codes.txt" && fail "warm-up: a tile did not answer 200"
    start_nginx
    # Both servers must send the same bytes with the same encoding.
    local probe
    probe=$(head -1 "$out/http/paths.txt")
    cmp -s <(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$snamap_port$probe") \
        <(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port$probe") ||
        fail "snamap and nginx send different bytes for $probe"
    curl -s -D - -o /dev/null "http://127.0.0.1:$nginx_port$probe" >"$out/http/nginx_headers.txt"
    curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$snamap_port$probe" \
        >"$out/http/snamap_headers.txt"
    curl -s -H "Authorization: Bearer $metrics_token" "http://127.0.0.1:$snamap_port/metrics" | grep '^snamap_tile_cache' >"$out/http/metrics_before.txt" || true
    write_wrk_script
    local r
    for r in $(seq "$rounds"); do
        # Alternate who goes first, so a drift in the machine's load favours neither.
        if ((r % 2)); then
            echo "round $r: wrk snamap, then nginx"
            run_wrk snamap "$snamap_port" "$r"
            run_wrk nginx "$nginx_port" "$r"
        else
            echo "round $r: wrk nginx, then snamap"
            run_wrk nginx "$nginx_port" "$r"
            run_wrk snamap "$snamap_port" "$r"
        fi
    done
    curl -s -H "Authorization: Bearer $metrics_token" "http://127.0.0.1:$snamap_port/metrics" | grep '^snamap_tile_cache' >"$out/http/metrics_after.txt" || true
    rss_end=$(rss_kb "$snamap_pid" VmRSS)
    hwm_end=$(rss_kb "$snamap_pid" VmHWM)
    python3 "$here/summarize.py" http "$out/http" "$rounds" | tee -a "$summary"
    say "nginx: $(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //'), worker_processes $nginx_workers ($(pgrep -P "$nginx_pid" | wc -l) workers); snamap --threads $snamap_threads, access log off; wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
    say "snamap tile cache (metrics) before wrk: $(tr '\n' ' ' <"$out/http/metrics_before.txt")"
    say "snamap tile cache (metrics) after wrk:  $(tr '\n' ' ' <"$out/http/metrics_after.txt")"
    say "== snamap resident memory (VmRSS, $set_id database $(($(stat -c %s "$db") / 1048576)) MB)"
    say "snamap_startup_s: $snamap_startup_s (spawn to 'serving' line)"
    say "rss_after_start_mb: $((rss_start / 1024))"
    say "rss_after_warmup_mb: $((rss_warm / 1024)) ($(wc -l <"$out/http/paths.txt") tiles cached)"
    say "rss_after_wrk_mb: $((rss_end / 1024)) (peak VmHWM $((hwm_end / 1024)))"
    stop_pid "$nginx_pid" QUIT
    nginx_pid=""
    stop_pid "$snamap_pid"
    snamap_pid=""
}

# ---------------------------------------------------------------- main
[[ -f $db ]] || fail "no database at $db (set DB=...)"
ensure_packages
has_part http && { [[ -x $snamap ]] || fail "no server binary at $snamap (set SNAMAP=...)"; }
has_part gen && ensure_gen_bench
machine
has_part gen && bench_gen
has_part http && bench_http
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $out"
