# Sourced by the smoke tests. start_snamap SNAMAP DB DIR [ARGS...] starts `snamap serve` on
# 127.0.0.1:0 with its stdout and stderr in DIR/out and DIR/err, waits for its "serving … at"
# line and sets $pid and $base. Needs a fail() function from the caller.
start_snamap() {
  local snamap=$1 db=$2 dir=$3
  shift 3
  "$snamap" serve "$db" --host 127.0.0.1 --port 0 "$@" >"$dir/out" 2>"$dir/err" &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q "serving" "$dir/out" && break
    kill -0 $pid 2>/dev/null || fail "server exited during start-up"
    sleep 0.1
  done
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out") || fail "no 'serving ... at http://127.0.0.1:PORT' line"
  echo "server at $base (pid $pid)"
}
