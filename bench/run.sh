#!/usr/bin/env bash
# Benchmarks (they print figures; they are not tests). Called by `make bench`; see
# docs/benchmarks.md for what each part measures and the figures from the last run.
#
# Parts (BENCH_PARTS, space-separated; default all):
#   westmids    build time and peak RSS of the real West Midlands database (3 runs)
#   demo        generate the England-scale synthetic region and build its database
#   pip         AreaLocator join of its 5M incidents to its 35,000 small areas (bench/pip_join_bench)
#   spatialite  the same join in SpatiaLite SQL, then a point-by-point comparison with `pip`
#   realjoin    the same two joins on real data: the West Midlands database's 2011 incidents and
#               LSOA 2011 boundaries (needs the westmids part's database)
#   probe       boundary probe: one exact vertex of every 35th small area, joined both ways, to
#               show how the two treat points on a border (not timed)
#
# Environment: BUILD (build dir), SNAMAP, PIP_BENCH, SOURCES (real data), BENCH_OUT (results),
# BENCH_DEMO (demo region dir), DEMO_AREAS/DEMO_POINTS (a smaller region for a quick check),
# BENCH_REUSE=1 (keep an existing demo region and database), BENCH_NO_HYPERFINE=1 (time with
# /usr/bin/time only), SPATIALITE_SAMPLE=auto|all|N, SPATIALITE_LIMIT_S (auto: sample when the
# full run is projected to take longer than this many seconds), SPATIALITE_PILOT (pilot points).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$root/build}
snamap=${SNAMAP:-$build/snamap}
pip_bench=${PIP_BENCH:-$build/bench/pip_join_bench}
sources=${SOURCES:-$root/../shared/data}
out=${BENCH_OUT:-/tmp/snamap-bench}
demo=${BENCH_DEMO:-/tmp/bench-demo}
demo_db=$demo.sqlite
parts=${BENCH_PARTS:-westmids demo pip spatialite realjoin probe}
reuse=${BENCH_REUSE:-0}
spatialite_sample=${SPATIALITE_SAMPLE:-auto}
spatialite_limit_s=${SPATIALITE_LIMIT_S:-1200}
spatialite_pilot=${SPATIALITE_PILOT:-20000}
sample_size=500000
# The database and area set the SpatiaLite helpers work on (realjoin overrides them locally).
join_db=$demo_db
join_set=lsoa
areas=${DEMO_AREAS:-35000} points=${DEMO_POINTS:-5000000} seed=7

mkdir -p "$out"
summary=$out/summary.txt
: >"$summary"

say() { printf '%s\n' "$*" | tee -a "$summary"; }
has_part() { [[ " $parts " == *" $1 "* ]]; }
# value KEY FILE: the value of a "key: value" line.
value() { sed -n "s/^$1: \([^ ]*\).*/\1/p" "$2" | head -1; }
calc() { python3 -c "print($1)"; }

machine() {
    say "== machine"
    say "nproc: $(nproc)"
    say "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    say "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    say "snamap: $snamap"
}

ensure_tools() {
    if [[ ! -x $pip_bench ]] || [[ $root/bench/pip_join_bench.cpp -nt $pip_bench ]]; then
        cmake --build "$build" -j2 --target pip_join_bench
    fi
    [[ -x $snamap ]] || { echo "bench: $snamap not found; run make build" >&2; exit 1; }
}

bench_westmids() {
    say "== West Midlands build (real data, 3 runs)"
    if [[ ! -d $sources/boundaries ]]; then
        say "skipped: no real data at $sources"
        return
    fi
    local db=$out/westmids.sqlite rss=$out/westmids-rss.txt
    local cmd="/usr/bin/time -f '%M %U %S' -a -o $rss $snamap build $root/data/westmids.json --sources $sources -o $db --quiet"
    rm -f "$rss"
    if [[ -z ${BENCH_NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then
        hyperfine --runs 3 --prepare "rm -f $db" --export-json "$out/westmids-hyperfine.json" \
            --command-name "snamap build westmids" "$cmd" | tee "$out/westmids-hyperfine.txt"
        read -r median mean min max < <(python3 -c "
import json; r = json.load(open('$out/westmids-hyperfine.json'))['results'][0]
print(r['median'], r['mean'], r['min'], r['max'])")
        say "tool: hyperfine $(hyperfine --version | cut -d' ' -f2), peak RSS and CPU from /usr/bin/time"
    else
        local times=()
        for _ in 1 2 3; do
            rm -f "$db"
            local start
            start=$(date +%s.%N)
            bash -c "$cmd" >/dev/null
            times+=("$(calc "$(date +%s.%N) - $start")")
        done
        read -r median mean min max < <(python3 -c "
import statistics as s; t = [$(IFS=,; echo "${times[*]}")]
print(s.median(t), s.mean(t), min(t), max(t))")
        say "tool: /usr/bin/time (hyperfine not installed or BENCH_NO_HYPERFINE set)"
    fi
    local max_rss_kb
    max_rss_kb=$(cut -d' ' -f1 "$rss" | sort -n | tail -1)
    local cpu
    cpu=$(awk '{ s += $2 + $3; n++ } END { printf "%.2f", s / n }' "$rss")
    say "westmids_build_median_s: $(printf %.2f "$median") (min $(printf %.2f "$min"), max $(printf %.2f "$max"), mean $(printf %.2f "$mean"))"
    say "westmids_build_cpu_s: $cpu (mean user + sys)"
    say "westmids_build_max_rss_mb: $((max_rss_kb / 1024)) (per run, KiB: $(cut -d' ' -f1 "$rss" | tr '\n' ' '))"
    say "westmids_db_size_mb: $(($(stat -c %s "$db") / 1048576))"
    "$snamap" info "$db" >"$out/westmids-info.txt" 2>&1 || true
}

bench_demo() {
    if [[ $reuse == 1 && -f $demo_db && -f $demo/manifest.json ]]; then
        say "== synthetic region: reusing $demo and $demo_db (BENCH_REUSE=1)"
        return
    fi
    say "== England-scale synthetic region ($areas areas, $points points, seed $seed)"
    rm -rf "$demo" "$demo_db"
    /usr/bin/time -f '%e %M' -o "$out/demo-data-time.txt" \
        "$snamap" demo-data "$demo" --areas $areas --points $points --seed $seed --quiet
    read -r gen_s gen_rss <"$out/demo-data-time.txt"
    say "demo_data_s: $gen_s (peak RSS $((gen_rss / 1024)) MB)"
    /usr/bin/time -f '%e %M %U %S' -o "$out/demo-build-time.txt" \
        "$snamap" build "$demo/manifest.json" --sources "$demo" -o "$demo_db" --quiet \
        >"$out/demo-build.txt"
    read -r build_s build_rss build_user build_sys <"$out/demo-build-time.txt"
    say "demo_build_s: $build_s (one run, CPU $(calc "round($build_user + $build_sys, 2)") s, peak RSS $((build_rss / 1024)) MB)"
    say "demo_build_steps:$(sed -n 's/^  time per step://p' "$out/demo-build.txt")"
}

bench_pip() {
    say "== AreaLocator join (one thread; construction + locate(), load excluded)"
    "$pip_bench" "$demo_db" --set lsoa --layer demo_incidents --runs 3 \
        -o "$out/snamap-join.csv" | tee "$out/pip.txt"
    cat "$out/pip.txt" >>"$summary"
}

# spatialite_sql TABLE: the join as the brief gives it, over the points of TABLE.
spatialite_sql() {
    cat <<SQL
SELECT p.id, a.code FROM $1 p JOIN areas a ON a.set_id = '$join_set' AND ST_Contains(a.geom, p.geom)
  AND a.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'areas'
                  AND f_geometry_column = 'geom' AND search_frame = p.geom);
SQL
}

# make_points_table NAME WHERE: a table of demo incidents (untimed; this is the load step).
make_points_table() {
    sqlite3 "$demo_db" >/dev/null <<SQL
.load mod_spatialite
SELECT DropTable(NULL, '$1', 1);
CREATE TABLE $1 (id INTEGER PRIMARY KEY);
SELECT AddGeometryColumn('$1', 'geom', 4326, 'POINT', 'XY', 1);
INSERT INTO $1 (id, geom) SELECT id, geom FROM pts WHERE $2;
SQL
}

# run_spatialite TABLE NAME: runs the join once; writes NAME.csv, NAME-ids.txt, NAME-time.txt.
run_spatialite() {
    local table=$1 name=$2
    sqlite3 "$join_db" "SELECT id FROM $table ORDER BY id" >"$out/$name-ids.txt"
    {
        echo ".load mod_spatialite"
        echo "PRAGMA cache_size = -524288;"  # 512 MB page cache: generous to SpatiaLite
        echo ".timer on"
        echo ".output $out/$name.csv"
        spatialite_sql "$table"
        echo ".output stdout"
    } >"$out/$name.sql"
    sqlite3 "$join_db" ".load mod_spatialite" "EXPLAIN QUERY PLAN $(spatialite_sql "$table")" \
        >"$out/$name-plan.txt"
    sqlite3 "$join_db" <"$out/$name.sql" | grep '^Run Time' >"$out/$name-time.txt"
    # "Run Time: real R user U sys S"
    read -r _ _ _ real _ user _ sys <"$out/$name-time.txt"
    echo "$real $(calc "round($user + $sys, 3)")"
}

# spatialite_breakdown TABLE N CPU_S: how much of the join is the R-tree filter alone.
# CROSS JOIN keeps the points as the outer loop: without ST_Contains in the ON clause, SQLite's
# planner may otherwise put areas outside and run the correlated index query per (area, point).
spatialite_breakdown() {
    local line candidates
    line=$(sqlite3 "$demo_db" <<SQL | tr '\n' ' '
.load mod_spatialite
.timer on
SELECT count(*) FROM $1 p CROSS JOIN areas a ON a.set_id = 'lsoa'
  AND a.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'areas'
                  AND f_geometry_column = 'geom' AND search_frame = p.geom);
SQL
    )
    # "COUNT Run Time: real R user U sys S"
    read -r candidates _ _ _ _ _ user _ sys <<<"$line"
    local cpu
    cpu=$(calc "round($user + $sys, 3)")
    say "pilot breakdown: R-tree filter alone (no ST_Contains) $cpu s CPU of $3 s;" \
        "$(calc "round($candidates / $2, 2)") lsoa candidates per point"
}

bench_spatialite() {
    say "== SpatiaLite join ($(sqlite3 "$demo_db" ".load mod_spatialite" \
        "SELECT 'SpatiaLite ' || spatialite_version() || ', GEOS ' || geos_version() || ', SQLite ' || sqlite_version()"))"
    if [[ $(sqlite3 "$demo_db" "SELECT count(*) FROM sqlite_master WHERE name = 'pts'") == 0 ]]; then
        sqlite3 "$demo_db" >/dev/null <<SQL
.load mod_spatialite
CREATE TABLE pts (id INTEGER PRIMARY KEY);
SELECT AddGeometryColumn('pts', 'geom', 4326, 'POINT', 'XY', 1);
INSERT INTO pts (id, geom) SELECT fid, geom FROM points WHERE layer = 'demo_incidents';
SQL
    fi
    local total
    total=$(sqlite3 "$demo_db" "SELECT count(*) FROM pts")
    # Deterministic pseudo-random samples: Fibonacci hashing of the point id.
    local hash="((id * 2654435761) % 4294967296)"
    local table=pts
    if [[ $spatialite_sample == auto ]]; then
        make_points_table pts_pilot "$hash < $(calc "int($spatialite_pilot / $total * 4294967296)")"
        local pilot_n
        pilot_n=$(sqlite3 "$demo_db" "SELECT count(*) FROM pts_pilot")
        read -r pilot_real pilot_cpu < <(run_spatialite pts_pilot spatialite-pilot)
        local projected
        projected=$(calc "round($pilot_real / $pilot_n * $total)")
        say "pilot: $pilot_n points in $pilot_real s wall ($pilot_cpu s CPU); full run projected at $projected s wall"
        spatialite_breakdown pts_pilot "$pilot_n" "$pilot_cpu"
        if ((projected > spatialite_limit_s)); then spatialite_sample=$sample_size; else spatialite_sample=all; fi
    fi
    if [[ $spatialite_sample != all ]]; then
        table=pts_sample
        make_points_table pts_sample "$hash < $(calc "int($spatialite_sample / $total * 4294967296)")"
        say "SpatiaLite runs on a sample: points whose (id * 2654435761) mod 2^32 falls in the lowest" \
            "$spatialite_sample/$total of the range (Fibonacci hashing; deterministic)"
    fi
    local n
    n=$(sqlite3 "$demo_db" "SELECT count(*) FROM $table")
    read -r real cpu < <(run_spatialite "$table" spatialite-join)
    say "spatialite_points: $n (table $table)"
    say "spatialite_plan: $(grep -v '^QUERY PLAN' "$out/spatialite-join-plan.txt" | tr -s '\n|`-' ' ')"
    say "spatialite_s: $real (wall)"
    say "spatialite_cpu_s: $cpu (user + sys)"
    say "spatialite_points_per_s: $(calc "round($n / $real)")"
    say "spatialite_points_per_cpu_s: $(calc "round($n / $cpu)")"
    say "spatialite_rows: $(wc -l <"$out/spatialite-join.csv")"

    say "== agreement (every point SpatiaLite ran on)"
    python3 "$root/bench/compare_joins.py" "$out/snamap-join.csv" "$out/spatialite-join.csv" \
        "$out/spatialite-join-ids.txt" | tee -a "$summary"

    local ours ours_cpu
    ours=$(value points_per_s "$out/pip.txt")
    ours_cpu=$(value points_per_cpu_s "$out/pip.txt")
    say "== ratio (points/s snamap / points/s SpatiaLite)"
    say "ratio_wall: $(calc "round($ours / ($n / $real), 1)")"
    say "ratio_cpu: $(calc "round($ours_cpu / ($n / $cpu), 1)")"
}

bench_realjoin() {
    local join_db=$out/westmids.sqlite join_set=lsoa11 layer=incidents_2011
    say "== real data: $layer points to $join_set areas in $join_db"
    if [[ ! -f $join_db ]]; then
        say "skipped: no $join_db (run the westmids part)"
        return
    fi
    say "real_area_vertices: $(sqlite3 "$join_db" ".load mod_spatialite" \
        "SELECT count(*) || ' areas, ' || sum(ST_NPoints(geom)) || ' vertices' FROM areas WHERE set_id = '$join_set'")"
    "$pip_bench" "$join_db" --set $join_set --layer $layer --runs 5 -o "$out/real-snamap.csv" \
        2>/dev/null | tee "$out/real-pip.txt" | grep -E '^(points|total_s|cpu_s|points_per|joined|unjoined|on_boundary)' |
        sed 's/^/real_snamap_/' | tee -a "$summary"
    sqlite3 "$join_db" >/dev/null <<SQL
.load mod_spatialite
SELECT DropTable(NULL, 'pts_real', 1);
CREATE TABLE pts_real (id INTEGER PRIMARY KEY);
SELECT AddGeometryColumn('pts_real', 'geom', 4326, 'POINT', 'XY', 1);
INSERT INTO pts_real (id, geom) SELECT fid, geom FROM points WHERE layer = '$layer';
SQL
    local n real cpu
    n=$(sqlite3 "$join_db" "SELECT count(*) FROM pts_real")
    read -r real cpu < <(run_spatialite pts_real real-spatialite)
    say "real_spatialite_points: $n"
    say "real_spatialite_s: $real (wall)"
    say "real_spatialite_cpu_s: $cpu (user + sys)"
    python3 "$root/bench/compare_joins.py" "$out/real-snamap.csv" "$out/real-spatialite.csv" \
        "$out/real-spatialite-ids.txt" | sed 's/^/real_/' | tee -a "$summary"
    local ours ours_cpu
    ours=$(value points_per_s "$out/real-pip.txt")
    ours_cpu=$(value points_per_cpu_s "$out/real-pip.txt")
    say "real_ratio_wall: $(calc "round($ours / ($n / $real), 1)")"
    say "real_ratio_cpu: $(calc "round($ours_cpu / ($n / $cpu), 1)")"
}

bench_probe() {
    say "== boundary probe (first vertex of every 35th lsoa; not timed)"
    sqlite3 "$demo_db" >/dev/null <<SQL
.load mod_spatialite
SELECT DropTable(NULL, 'pts_probe', 1);
CREATE TABLE pts_probe (id INTEGER PRIMARY KEY);
SELECT AddGeometryColumn('pts_probe', 'geom', 4326, 'POINT', 'XY', 1);
INSERT INTO pts_probe (id, geom)
  SELECT fid, SetSRID(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), 4326)
  FROM areas WHERE set_id = 'lsoa' AND fid % 35 = 0;
SQL
    "$pip_bench" "$demo_db" --set lsoa --table pts_probe --runs 1 -o "$out/probe-snamap.csv" \
        >"$out/probe-pip.txt" 2>/dev/null
    run_spatialite pts_probe probe-spatialite >/dev/null
    say "probe_points: $(value points "$out/probe-pip.txt")"
    say "probe_snamap_joined: $(value joined "$out/probe-pip.txt") (on_boundary $(value on_boundary "$out/probe-pip.txt"))"
    say "probe_spatialite_rows: $(wc -l <"$out/probe-spatialite.csv")"
    python3 "$root/bench/compare_joins.py" "$out/probe-snamap.csv" "$out/probe-spatialite.csv" \
        "$out/probe-spatialite-ids.txt" | grep -v '^  example' | sed 's/^/probe_/' | tee -a "$summary"
    # Which areas touch each probe (ST_Intersects includes the boundary), to check that snamap
    # chose the lowest-index one (areas are indexed in code order by read_areas).
    sqlite3 "$demo_db" >"$out/probe-touching.csv" <<SQL
.load mod_spatialite
SELECT p.id, a.code FROM pts_probe p JOIN areas a ON a.set_id = 'lsoa'
  AND ST_Intersects(a.geom, p.geom)
  AND a.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'areas'
                  AND f_geometry_column = 'geom' AND search_frame = p.geom);
SQL
    python3 - "$out/probe-snamap.csv" "$out/probe-touching.csv" <<'PY' | tee -a "$summary"
import sys
from collections import Counter, defaultdict
touching = defaultdict(list)
for line in open(sys.argv[2]):
    fid, code = line.strip().split("|")
    touching[int(fid)].append(code)
lowest = 0
rows = [l.strip().split(",") for l in open(sys.argv[1])][1:]
for fid, _, code, _ in rows:
    lowest += touching[int(fid)] and code == min(touching[int(fid)])
sizes = Counter(len(touching[int(r[0])]) for r in rows)
print(f"probe_areas_touching_each_point: {dict(sorted(sizes.items()))}")
print(f"probe_snamap_chose_lowest_index: {lowest} of {len(rows)}")
PY
}

machine
ensure_tools
has_part westmids && bench_westmids
has_part demo && bench_demo
has_part pip && bench_pip
has_part spatialite && bench_spatialite
has_part realjoin && bench_realjoin
has_part probe && bench_probe
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "summary: $summary"
