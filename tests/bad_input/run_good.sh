#!/usr/bin/env bash
# The good set of the bad-input corpus builds, and holds what its files say.
#
# usage: run_good.sh SNAMAP_BINARY
#
# tests/data/good: 4 small areas + 2 parents, a 4-row lookup, 2 indicators over 4 areas, 5 points
# (one outside every area) and 2 categories x 4 areas x 5 months of counts (3 indicators with _all).
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 SNAMAP_BINARY" >&2
    exit 2
fi
snamap=$1
good_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/good" && pwd)

fail() {
    echo "FAIL [good_input/build]: $*" >&2
    exit 1
}

command -v sqlite3 >/dev/null || fail "the sqlite3 command-line tool is not installed"
[ -x "$snamap" ] || fail "snamap binary '$snamap' is missing or not executable"
work=$(mktemp -d "${TMPDIR:-/tmp}/snamap-good-input.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$work"' EXIT
out="$work/OUT.sqlite"

if ! "$snamap" build "$good_dir/manifest.json" --sources "$good_dir" -o "$out" --quiet \
        >"$work/build.out" 2>"$work/build.err"; then
    cat "$work/build.err" >&2
    fail "the build failed (see above)"
fi
leftovers=$(cd "$work" && find . -mindepth 1 ! -name OUT.sqlite ! -name 'build.*' -printf '%P\n')
[ -z "$leftovers" ] || fail "files left beside OUT.sqlite: $leftovers"

failures=0
expect() {  # expect DESCRIPTION SQL EXPECTED
    local actual
    actual=$(sqlite3 -batch "$out" "$2" 2>&1 | tr '\n' ' ' | sed 's/ $//')
    if [ "$actual" != "$3" ]; then
        echo "  - $1: expected '$3', got '$actual'  [$2]" >&2
        failures=$((failures + 1))
    fi
}

expect "areas per set" "SELECT set_id || '=' || count(*) FROM areas GROUP BY set_id ORDER BY set_id" "parent=2 small=4"
expect "parents from the lookup" "SELECT code || '>' || parent_code FROM area_parents ORDER BY code" "T01>P1 T02>P2 T03>P1 T04>P2"
expect "indicators" "SELECT count(*) FROM indicators" "5"
expect "table values (2 indicators x 4 areas)" "SELECT count(*) FROM indicator_values WHERE indicator_id IN ('score', 'rate')" "8"
expect "a table value" "SELECT value FROM indicator_values WHERE indicator_id = 'rate' AND area_code = 'T02'" "7.25"
expect "series values (3 indicators x 4 areas x 5 months)" "SELECT count(*) FROM indicator_values WHERE indicator_id LIKE 'crime_%'" "60"
expect "series months" "SELECT min(period) || '..' || max(period) FROM indicator_values WHERE indicator_id = 'crime_all'" "2024-01..2024-05"
expect "series total (sum of counts.csv)" "SELECT sum(value) FROM indicator_values WHERE indicator_id = 'crime_all'" "$(awk -F, 'NR > 1 { s += $5 } END { printf "%.1f", s }' "$good_dir/counts.csv")"
expect "no month flagged incomplete" "SELECT count(*) FROM series_months WHERE flagged" "0"
expect "all values" "SELECT count(*) FROM indicator_values" "68"
expect "points" "SELECT count(*) FROM points" "5"
expect "points joined per set (pt5 is outside)" "SELECT set_id || '=' || count(area_code) FROM point_areas GROUP BY set_id ORDER BY set_id" "parent=4 small=4"
expect "pt1 joins T01" "SELECT a.area_code FROM points p JOIN point_areas a ON a.point_fid = p.fid WHERE p.source_id = 'pt1' AND a.set_id = 'small'" "T01"

if [ "$failures" -gt 0 ]; then
    fail "$failures check(s) failed (see above)"
fi
echo "PASS [good_input/build]"
