#!/usr/bin/env bash
# Bad-input case runner: a failed build must explain itself and lose nothing.
#
# usage: run_case.sh CASE_DIR SNAMAP_BINARY
#
# Builds tests/data/good into a fresh temporary folder as OUT.sqlite (the "previous database"),
# then runs `snamap build CASE_DIR/manifest.json --sources CASE_DIR -o OUT.sqlite` and checks:
#   - the build exits non-zero (and was not killed by a signal: a crash is not a clear error);
#   - every non-empty line of CASE_DIR/expected.txt appears in the error message (fixed-string
#     match against stderr from the first "snamap build:" line on, so progress lines such as
#     "[table values.csv] started" cannot satisfy an expectation);
#   - OUT.sqlite is byte-for-byte unchanged (sha256);
#   - nothing else is left in the folder (no temporary database, no journal).
# Exit 0 on pass, 1 on fail.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 CASE_DIR SNAMAP_BINARY" >&2
    exit 2
fi
case_dir=${1%/}
snamap=$2
good_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/good" && pwd)
name=$(basename "$case_dir")

fail() {
    echo "FAIL [$name]: $*" >&2
    exit 1
}

[ -x "$snamap" ] || fail "snamap binary '$snamap' is missing or not executable"
[ -f "$case_dir/manifest.json" ] || fail "no manifest.json in '$case_dir'"
[ -f "$case_dir/expected.txt" ] || fail "no expected.txt in '$case_dir'"

work=$(mktemp -d "${TMPDIR:-/tmp}/snamap-bad-input.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$work"' EXIT
out="$work/OUT.sqlite"
logs=$(mktemp -d "${TMPDIR:-/tmp}/snamap-bad-input-logs.XXXXXX") || fail "cannot create a log folder"
trap 'rm -rf "$work" "$logs"' EXIT

# The previous database.
if ! "$snamap" build "$good_dir/manifest.json" --sources "$good_dir" -o "$out" --quiet \
        >"$logs/good.out" 2>"$logs/good.err"; then
    cat "$logs/good.err" >&2
    fail "the good set did not build (see above); fix tests/data/good first"
fi
before=$(sha256sum "$out" | cut -d' ' -f1)

# The bad build, into the same output path.
"$snamap" build "$case_dir/manifest.json" --sources "$case_dir" -o "$out" \
    >"$logs/bad.out" 2>"$logs/bad.err"
rc=$?
# The error message: stderr from main's "snamap build: ..." line to the end.
awk 'found || /^snamap build:/ { found = 1; print }' "$logs/bad.err" >"$logs/message"

problems=()
if [ "$rc" -eq 0 ]; then
    problems+=("the build succeeded (exit 0); expected it to fail")
elif [ "$rc" -ge 128 ]; then
    problems+=("the build was killed by signal $((rc - 128)) (exit $rc): a crash, not a clear error")
fi

while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [ -z "$line" ] && continue
    if ! grep -qF -- "$line" "$logs/message"; then
        problems+=("the error message lacks: $line")
    fi
done <"$case_dir/expected.txt"

if [ ! -f "$out" ]; then
    problems+=("the previous database OUT.sqlite is gone")
else
    after=$(sha256sum "$out" | cut -d' ' -f1)
    [ "$before" = "$after" ] || problems+=("the previous database OUT.sqlite was changed (sha256 $before -> $after)")
fi

leftovers=$(cd "$work" && find . -mindepth 1 ! -name OUT.sqlite -printf '%P\n' | sort)
if [ -n "$leftovers" ]; then
    problems+=("files left beside OUT.sqlite: $(echo "$leftovers" | tr '\n' ' ')")
fi

if [ ${#problems[@]} -gt 0 ]; then
    {
        echo "FAIL [$name] (exit code $rc)"
        for p in "${problems[@]}"; do echo "  - $p"; done
        echo "---- stderr of the bad build ----"
        cat "$logs/bad.err"
        echo "---- end of stderr ----"
    } >&2
    exit 1
fi
echo "PASS [$name]: $(head -n 1 "$logs/message")"
exit 0
