#!/usr/bin/env bash
# Byte-for-byte comparison of two snamap binaries on a fixed list of requests.
#
#   bench/regression/compare.sh OLD_SNAMAP NEW_SNAMAP DB [NEW_DB]
#
# NEW_DB (default DB) lets the new binary read a copy of DB with settings an older build did not
# write (e.g. meta rows), so both serve the same data version.
#
# Starts both servers on 127.0.0.1 (ephemeral ports, same database, same web root), sends every
# request of bench/regression/requests.txt to each with the same Host header, and compares the
# status, the headers that carry meaning (Content-Type, Content-Encoding, Cache-Control, ETag,
# Vary, CORS, CSP, Allow, Retry-After) and the SHA-256 of the body. Lines starting with "~" are
# compared by status and Content-Type only (bodies that carry a clock, e.g. /metrics, PDFs).
# Prints one line per difference and a summary; exits 1 if anything differs. Both servers are
# stopped by PID on exit.
set -u
old_bin=$1 new_bin=$2 db=$3 new_db=${4:-$3}
here=$(cd "$(dirname "$0")" && pwd)
requests=${REQUESTS:-$here/requests.txt}
web=${WEB_ROOT:-$here/../../web}
work=$(mktemp -d)
# PIDs go to files: start() runs in a command substitution (a subshell).
trap 'for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; rm -rf "$work"' EXIT

start() { # start NAME BINARY -> prints base URL
  local name=$1 bin=$2 db=$3
  "$bin" serve "$db" --host 127.0.0.1 --port 0 --threads 2 --web "$web" --public-url http://snamap.test \
    >"$work/$name.out" 2>"$work/$name.err" &
  echo $! >"$work/$name.pid"
  for _ in $(seq 1 600); do
    grep -q "serving" "$work/$name.out" && break
    sleep 0.1
  done
  grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.out" | head -1 || { echo "$name did not start" >&2; tail "$work/$name.err" >&2; exit 2; }
}

fetch_all() { # fetch_all BASE OUTFILE
  local base=$1 out=$2 line target volatile headers
  : >"$out"
  while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    volatile=0
    [[ $line == \~* ]] && { volatile=1; line=${line#\~}; }
    headers=(-H "Host: snamap.test")
    target=$line
    if [[ $line == H:* ]]; then
      target=${line##* | }
      local hdrs=${line% | *}
      IFS='|' read -ra parts <<<"$hdrs"
      for h in "${parts[@]}"; do h=${h# }; h=${h% }; headers+=(-H "${h#H:}"); done
    fi
    curl -s --path-as-is -o "$work/body" -D "$work/head" "${headers[@]}" "$base$target"
    local status; status=$(head -1 "$work/head" | cut -d' ' -f2)
    local keep
    if [ $volatile = 1 ]; then
      keep=$(tr -d '\r' <"$work/head" | grep -i '^content-type:' | tr 'A-Z' 'a-z')
      echo "$target | $status | $keep" >>"$out"
    else
      keep=$(tr -d '\r' <"$work/head" | grep -iE '^(content-type|content-encoding|cache-control|etag|vary|access-control-[a-z-]*|content-security-policy|allow|retry-after|x-frame-options):' | tr 'A-Z' 'a-z' | sort | tr '\n' ';')
      echo "$target | $status | $keep | $(sha256sum <"$work/body" | cut -c1-16) $(wc -c <"$work/body")" >>"$out"
    fi
  done <"$requests"
}

old_base=$(start old "$old_bin" "$db") || exit 2
new_base=$(start new "$new_bin" "$new_db") || exit 2
fetch_all "$old_base" "$work/old.txt"
fetch_all "$new_base" "$work/new.txt"
total=$(wc -l <"$work/old.txt")
if diff "$work/old.txt" "$work/new.txt" >"$work/diff"; then
  echo "compare: $total requests, all identical (status, headers, body SHA-256)"
  exit 0
fi
echo "compare: differences in $(grep -c '^<' "$work/diff") of $total requests:"
cat "$work/diff"
exit 1
