#!/usr/bin/env bash
# Runs one row of tests/cli/bad_input_matrix.tsv: bad_input_matrix.sh BIN TSV NAME.
#
# A row is tab-separated: NAME, EXIT (expected exit code), STDERR (a fixed substring that stderr
# must contain, '-' for none), INPUT, LINES (expected number of stdout lines, '-' to skip) and ARGS
# (space-separated). STDERR 'stdout:TEXT' looks for TEXT on stdout instead. INPUT is '-' (stdin is empty), 'gen:NAME' (a generated input, see below) or
# text with printf %b escapes (\n, \r, \t, \xHH). The input goes to stdin, or to a file when an
# argument is %IN; %IN:NAME names that file NAME (e.g. %IN:c.csv), and %INDIR:NAME passes the
# directory holding it (e.g. --data-dir %INDIR:hardware.json). Arguments also take printf %b
# escapes (\x20 for a blank); %EMPTY is an empty argument.
#
# Every row also checks what holds for any input: the exit code is never 70 (internal error) or a
# signal, each stderr line starts with 'aifoot:', and stdout has no inf or NaN.
set -euo pipefail
bin="$1"
tsv="$2"
name="$3"
row="$(awk -F'\t' -v n="$name" '$1 == n { print; found = 1; exit } END { exit !found }' "$tsv")" \
  || { echo "no row '$name' in $tsv"; exit 1; }
IFS=$'\t' read -r _ expect_exit expect_err input expect_lines args <<< "$row"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# Inputs too large or too awkward to write inline.
generate() {
  case "$1" in
    line_1mb) # one 1 MiB line: a scenario with a huge name, then a normal record
      { printf '{"name": "'; head -c 1048576 /dev/zero | tr '\0' 'x'
        printf '", "hardware": "h100-sxm", "device-hours": 1, "zone": "FR"}\n'
        printf '{"hardware": "h100-sxm", "device-hours": 2, "zone": "FR"}\n'; } ;;
    garbage_1mb) # one 1 MiB line of non-JSON
      head -c 1048576 /dev/zero | tr '\0' 'a'; printf '\n' ;;
    csv_1mb) # a CSV header and a row whose name cell is 1 MiB
      printf 'name,hardware,device-hours,zone\n'; head -c 1048576 /dev/zero | tr '\0' 'y'
      printf ',h100-sxm,1,FR\n' ;;
    deep_json) # 100,000 nested arrays
      head -c 100000 /dev/zero | tr '\0' '['; printf '\n' ;;
    deep_object) # a scenario whose value nests 15,000 objects deep, on one line
      printf '{"hardware": "h100-sxm", "x": '; for _ in $(seq 15000); do printf '{"a": '; done
      printf '1'; head -c 15000 /dev/zero | tr '\0' '}'; printf '}\n' ;;
    deep_budget) # a budget whose limits nest 15,000 objects deep (crashed check and measure)
      printf '{"limits": '; for _ in $(seq 15000); do printf '{"a": '; done
      printf '1'; head -c 15000 /dev/zero | tr '\0' '}'; printf '}\n' ;;
    binary) # 4 KiB of every byte value
      escapes=""
      for i in $(seq 0 255); do printf -v hex '\\x%02x' "$i"; escapes+="$hex"; done
      for _ in $(seq 16); do printf '%b' "$escapes"; done ;;
    *) echo "unknown generated input '$1'" >&2; exit 1 ;;
  esac
}

in_file="$dir/input"
if [ "$input" = "-" ]; then
  : > "$in_file"
elif [[ "$input" == gen:* ]]; then
  generate "${input#gen:}" > "$in_file"
else
  printf '%b' "$input" > "$in_file"
fi

argv=()
stdin_file="$in_file"
read -r -a words <<< "$args"
for word in "${words[@]}"; do
  if [ "$word" = "%IN" ]; then
    argv+=("$in_file")
    stdin_file=/dev/null
  elif [[ "$word" == %IN:* || "$word" == %INDIR:* ]]; then
    mkdir -p "$dir/in"
    cp "$in_file" "$dir/in/${word#*:}"
    if [[ "$word" == %IN:* ]]; then argv+=("$dir/in/${word#*:}"); else argv+=("$dir/in"); fi
    stdin_file=/dev/null
  elif [ "$word" = "%EMPTY" ]; then
    argv+=("")
  else
    argv+=("$(printf '%b' "$word")")
  fi
done

status=0
NO_COLOR=1 "$bin" "${argv[@]}" < "$stdin_file" > "$dir/out" 2> "$dir/err" || status=$?

fail() {
  echo "FAIL $name: $1"
  echo "command: aifoot ${argv[*]}"
  echo "--- stdout (first 2000 bytes)"; head -c 2000 "$dir/out"; echo
  echo "--- stderr (first 2000 bytes)"; head -c 2000 "$dir/err"; echo
  exit 1
}
[ "$status" -eq "$expect_exit" ] || fail "exit code $status, expected $expect_exit"
if [[ "$expect_err" == stdout:* ]]; then
  # compare and sweep report a failed scenario in its row of the result
  grep -qF -- "${expect_err#stdout:}" "$dir/out" || fail "stdout does not contain '${expect_err#stdout:}'"
elif [ "$expect_err" != "-" ] && ! grep -qF -- "$expect_err" "$dir/err"; then
  fail "stderr does not contain '$expect_err'"
fi
if grep -v '^aifoot:' "$dir/err" | grep -q .; then
  fail "a stderr line does not start with 'aifoot:'"
fi
if grep -Eiq "(^|[^a-z_'])(-?inf(inity)?|-?nan)([^a-z_']|\$)" "$dir/out"; then
  fail "stdout has inf or NaN"
fi
if [ "$expect_lines" != "-" ]; then
  lines=$(wc -l < "$dir/out")
  [ "$lines" -eq "$expect_lines" ] || fail "$lines stdout lines, expected $expect_lines"
fi
echo "ok $name: exit $status"
