#!/usr/bin/env bash
# Stream invariants of `aifoot batch`: N input records (bad ones mixed in) give exactly N output
# records, in input order, for JSONL and CSV; `| head -n1` exits quietly.
# Usage: stream_test.sh BIN [RECORDS]. RECORDS defaults to $AIFOOT_STREAM_RECORDS, else 100,000;
# the asan test preset sets 10,000, since a record costs about ten times as much under ASan.
set -euo pipefail
bin="$1"
records="${2:-${AIFOOT_STREAM_RECORDS:-100000}}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

awk -v n="$records" 'BEGIN {
  for (i = 1; i <= n; i++) {
    if (i % 97 == 0)      print "{\"hardware\": \"h10\", \"device-hours\": 1}";
    else if (i % 89 == 0) print "not json at all";
    else if (i % 83 == 0) print "{\"hardware\": \"h100-sxm\", \"device-hours\": -5}";
    else printf "{\"hardware\": \"h100-sxm\", \"device-hours\": %d, \"zone\": \"FR\"}\n", i;
  }
}' > "$dir/in.jsonl"

status=0
"$bin" batch --no-uncertainty "$dir/in.jsonl" > "$dir/out.jsonl" 2> "$dir/err.txt" || status=$?
[ "$status" -eq 3 ] || { echo "expected exit 3 (some records invalid), got $status"; exit 1; }
lines=$(wc -l < "$dir/out.jsonl")
[ "$lines" -eq "$records" ] || { echo "expected $records output lines, got $lines"; exit 1; }
# Output line i carries "line": i, in order.
awk '{ if (index($0, "{\"line\":" NR ",") != 1) { print "line " NR " out of order: " substr($0, 1, 80); exit 1 } }' "$dir/out.jsonl"
errors=$(grep -c '"error"' "$dir/out.jsonl" || true)
expected_errors=$(awk -v n="$records" 'BEGIN { c = 0; for (i = 1; i <= n; i++) if (i % 97 == 0 || i % 89 == 0 || i % 83 == 0) c++; print c }')
[ "$errors" -eq "$expected_errors" ] || { echo "expected $expected_errors error records, got $errors"; exit 1; }

# CSV in, CSV out: header + one row per record.
# Bad rows mixed in: unknown hardware, a missing column, an extra column, text after a closing
# quote. (An unterminated quote is no longer a one-row error: RFC 4180 lets a quoted field run on
# over line breaks, so it takes the rest of the input into that one record.)
{ echo "hardware,device-hours,zone"; awk -v n="$records" 'BEGIN { for (i = 1; i <= n; i++) {
    if (i % 103 == 0)      print "a100-80gb," i;
    else if (i % 107 == 0) print "a100-80gb," i ",FR,extra";
    else if (i % 109 == 0) print "\"a100-80gb\"x," i ",FR";
    else print (i % 101 == 0 ? "nope" : "a100-80gb") "," i ",FR" } }'; } > "$dir/in.csv"
status=0
"$bin" batch --no-uncertainty "$dir/in.csv" --format csv > "$dir/out.csv" 2>/dev/null || status=$?
[ "$status" -eq 3 ] || { echo "CSV: expected exit 3, got $status"; exit 1; }
lines=$(wc -l < "$dir/out.csv")
[ "$lines" -eq $((records + 1)) ] || { echo "CSV: expected $((records + 1)) lines, got $lines"; exit 1; }
# Row i is record i (line i + 1), in order, whatever was wrong with it.
awk -F, 'NR > 1 && $1 != NR { print "CSV row " NR " carries line " $1; exit 1 }' "$dir/out.csv"

# --fields keeps one record per input record, in order, errors included (JSONL and CSV).
"$bin" batch --no-uncertainty "$dir/in.jsonl" --fields name,co2e_kg.total > "$dir/fields.jsonl" 2> /dev/null || true
[ "$(wc -l < "$dir/fields.jsonl")" -eq "$records" ] || { echo "--fields: expected $records JSONL records"; exit 1; }
awk '{ if (index($0, "{\"line\":" NR ",") != 1) { print "--fields: line " NR " out of order: " substr($0, 1, 80); exit 1 } }' "$dir/fields.jsonl"
[ "$(grep -c '"error"' "$dir/fields.jsonl" || true)" -eq "$expected_errors" ] || { echo "--fields: error records lost"; exit 1; }
"$bin" batch --no-uncertainty "$dir/in.csv" --format csv --fields co2e_kg.total > "$dir/fields.csv" 2> /dev/null || true
[ "$(wc -l < "$dir/fields.csv")" -eq $((records + 1)) ] || { echo "--fields CSV: expected $((records + 1)) lines"; exit 1; }
awk -F, 'NR > 1 && $1 != NR { print "--fields CSV row " NR " carries line " $1; exit 1 }' "$dir/fields.csv"

# CRLF line ends, a BOM and a last CSV row without a newline: every row is still a record.
printf '\xef\xbb\xbfhardware,device-hours,zone\r\nh100-sxm,1,FR\r\nh100-sxm,2,FR' | "$bin" batch --format csv > "$dir/crlf.csv"
[ "$(wc -l < "$dir/crlf.csv")" -eq 3 ] || { echo "CSV with CRLF/BOM/no final newline: expected 3 lines"; cat "$dir/crlf.csv"; exit 1; }

# A final line without a newline is still a record.
printf '{"hardware": "h100-sxm", "device-hours": 1}' | "$bin" batch > "$dir/last.jsonl"
[ "$(wc -l < "$dir/last.jsonl")" -eq 1 ] || { echo "final line without newline was dropped"; exit 1; }

# Closing the pipe early is not an error worth a message.
# (aifoot dies of SIGPIPE, the default: the status of this pipeline is not checked.)
"$bin" batch "$dir/in.jsonl" 2> "$dir/pipe_err.txt" | head -n1 > /dev/null || true
if grep -v '^aifoot: error: .*:[0-9]*: ' "$dir/pipe_err.txt" | grep -q .; then
  echo "unexpected stderr after SIGPIPE:"; cat "$dir/pipe_err.txt"; exit 1
fi
echo "stream invariants hold for $records records"
