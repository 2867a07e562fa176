#!/usr/bin/env bash
# SIGINT (Ctrl-C) during a stream: `aifoot batch` stops after the record in progress, keeps the
# results it wrote, closes its output and exits 130 (ExitCode::interrupted). The stream is a FIFO
# kept open, so batch is blocked reading when the signal arrives, as with `tail -f | aifoot batch`.
set -euo pipefail
set -m # job control: a background job would otherwise start with SIGINT ignored
bin="$1"
dir="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  exec 3>&- 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
export NO_COLOR=1
fail() { echo "FAIL: $*"; [ -f "$dir/err" ] && cat "$dir/err"; exit 1; }

mkfifo "$dir/in"
"$bin" batch --no-uncertainty --format json - < "$dir/in" > "$dir/out" 2> "$dir/err" &
pid=$!
exec 3> "$dir/in"
echo '{"name": "first", "hardware": "h100-sxm", "device-hours": 10, "zone": "FR"}' >&3

# Batch flushes each result before it blocks on the next read.
for _ in $(seq 100); do
  grep -q '"first"' "$dir/out" && break
  sleep 0.1
done
grep -q '"first"' "$dir/out" || fail "the first result was not written before the stream blocked"

kill -INT "$pid"
status=0
for _ in $(seq 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$pid" 2>/dev/null && fail "batch still runs 10 s after SIGINT"
wait "$pid" || status=$?
pid=""
[ "$status" = 130 ] || fail "exit $status after SIGINT, expected 130"
grep -q 'interrupted: stopped after 1 records' "$dir/err" || fail "no 'interrupted' warning on stderr"
# The JSON array was closed: the output is one valid document with the one result.
python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert len(d) == 1 and d[0]['name'] == 'first', d" \
  "$dir/out" || fail "output is not a closed JSON array of one result: $(cat "$dir/out")"
echo "ok: batch exits 130 on SIGINT with its output closed"
