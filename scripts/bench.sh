#!/usr/bin/env bash
# Builds Release and times aifoot as users run it: one-off estimates as whole processes (against
# /bin/true, with instruction counts from valgrind when present), streams of 10^4, 10^5 and 10^6
# training scenarios (JSONL and CSV; without uncertainty, with the default record's headline
# ranges, with --full-record, with --fields), a sweep of 1,000,000 combinations with --top and one
# of 100,000 rows printed in full; then runs the core micro-benchmarks. Prints Markdown tables (the
# bench:begin..bench:end block of docs/performance.md). Uses hyperfine when present, else a loop
# timed by python3 or bash; peak RSS from GNU time when present.
# Usage: scripts/bench.sh [--quick] [--build DIR] [--doc]
#   --quick      streams of 10^4 and 10^5 only
#   --build DIR  time DIR/bin/aifoot and DIR/bin/aifoot_bench as they are (e.g. build/ci) instead
#                of building the release preset
#   --doc        also write the tables between the bench:begin and bench:end markers of
#                docs/performance.md, and their headline figures between the bench:summary
#                markers of README.md (how both are made: never edit them by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
build=""
doc=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --build) build="$2"; shift ;;
    --doc) doc=1 ;;
    *) echo "usage: scripts/bench.sh [--quick] [--build DIR] [--doc]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$doc" -eq 1 ]; then
  # Runs itself, then puts its output between the markers.
  args=()
  [ "$quick" -eq 1 ] && args+=(--quick)
  [ -n "$build" ] && args+=(--build "$build")
  tables="$(mktemp)"
  bash "$0" "${args[@]}" > "$tables"
  python3 - docs/performance.md "$tables" << 'EOF'
import sys
doc_path, tables_path = sys.argv[1], sys.argv[2]
doc = open(doc_path).read()
begin, end = "<!-- bench:begin -->\n", "<!-- bench:end -->"
head, rest = doc.split(begin, 1)
_, tail = rest.split(end, 1)
open(doc_path, "w").write(head + begin + open(tables_path).read() + end + tail)
EOF
  # The README's Performance paragraph: the headline figures of the same run.
  python3 - README.md "$tables" << 'EOF'
import re, sys, textwrap
readme_path, tables_path = sys.argv[1], sys.argv[2]
tables = open(tables_path).read()
def row(prefix):
    for line in tables.splitlines():
        if line.startswith(prefix):
            return [cell.strip() for cell in line.strip().strip("|").split("|")]
    raise SystemExit(f"bench.sh: no row starting {prefix!r}")
def default_record(fmt, samples, size):
    return row(f"| {fmt} → {fmt} | {size} | {samples} | default |")[7]  # records/CPU s
day = re.search(r"\d{4}-\d\d-\d\d", tables).group(0)
one_off = row("| `aifoot train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --format json`")
size = "1,000,000" if "| jsonl → jsonl | 1,000,000 |" in tables else "100,000"
sweep = row("| 40 accelerators × 100 regions × 25 device counts, every row (CSV)")
summary = (
    f"One core of the project's 2-core machine, {day} (`scripts/bench.sh --doc` writes this "
    f"paragraph): a one-off estimate is a whole process of {one_off[1]}, {one_off[2]}× "
    f"`/bin/true`; `batch` estimates {default_record('jsonl', 'off', size)} JSONL or "
    f"{default_record('csv', 'off', size)} CSV scenarios per second, "
    f"{default_record('jsonl', '256 samples', '100,000')} with their p5-p95 ranges (256 Monte "
    f"Carlo samples); `sweep` prints 100,000 rows in {sweep[2]} s in {sweep[3]}. "
    f"[docs/performance.md](docs/performance.md) has every case and what each costs.")
summary = "\n".join(textwrap.wrap(summary, 100, break_on_hyphens=False)) + "\n"
readme = open(readme_path).read()
begin, end = "<!-- bench:summary:begin -->\n", "<!-- bench:summary:end -->"
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
open(readme_path, "w").write(head + begin + summary + end + tail)
EOF
  rm -f "$tables"
  exit 0
fi
if [ -z "$build" ]; then
  bash scripts/install_deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release --target aifoot aifoot_bench >/dev/null
  build=build/release
fi
build="$(cd "$build" && pwd)"
bin="$build/bin/aifoot"
fields=name,energy_kwh.total,co2e_kg.total,uncertainty.co2e_kg.total.p95
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Training scenarios of the three kinds streams see: a model preset with tokens, device-hours, and
# parameters with tokens and MFU, over several accelerators, regions and zones.
generate() { # N FORMAT
  awk -v n="$1" -v format="$2" 'BEGIN {
    split("llama-3.1-8b llama-3.1-70b gpt-3 llama-2-7b mistral-7b", M, " ");
    split("h100-sxm a100-80gb v100 tpu-v4 mi300x l4", H, " ");
    split("aws:us-east-1 gcp:europe-west4 azure:westeurope aws:eu-north-1", R, " ");
    split("FR DE US-CAL-CISO SE PL", Z, " ");
    if (format == "csv") print "model,tokens,params,mfu,hardware,devices,device-hours,region,zone";
    for (i = 1; i <= n; i++) {
      k = i % 3; m = M[i % 5 + 1]; h = H[i % 6 + 1]; r = R[i % 4 + 1]; z = Z[i % 5 + 1];
      if (format == "csv") {
        if (k == 0) printf "%s,%dB,,,%s,%d,,%s,\n", m, 100 + i % 900, h, 8 * (1 + i % 64), r;
        else if (k == 1) printf ",,,,%s,,%d,,%s\n", h, 1000 + i, z;
        else printf ",%dB,%d000000000,0.%d,%s,,,,%s\n", 10 + i % 500, 1 + i % 70, 30 + i % 30, h, z;
      } else {
        if (k == 0) printf "{\"model\": \"%s\", \"tokens\": \"%dB\", \"hardware\": \"%s\", \"devices\": %d, \"region\": \"%s\"}\n", m, 100 + i % 900, h, 8 * (1 + i % 64), r;
        else if (k == 1) printf "{\"hardware\": \"%s\", \"device-hours\": %d, \"zone\": \"%s\"}\n", h, 1000 + i, z;
        else printf "{\"params\": %d000000000, \"tokens\": \"%dB\", \"hardware\": \"%s\", \"mfu\": 0.%d, \"zone\": \"%s\"}\n", 1 + i % 70, 10 + i % 500, h, 30 + i % 30, z;
      }
    }
  }'
}

# Seconds, peak RSS (MB) and CPU seconds (user + system; "-" without GNU time) of one run of "$@"
# with stdout to /dev/null. On a shared, loaded machine the CPU seconds are the fairer measure of
# one core's throughput: the wall time also counts the time other processes held the core.
run_once() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > /dev/null 2> /dev/null || true
    awk '{ printf "%s %.1f %.2f", $1, $2 / 1024, $3 + $4 }' "$work/time"
  else
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2> /dev/null || true
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f - -", e - s }'
  fi
}

# Instructions one run of "$@" executes (valgrind's count, loader included), or "-" without valgrind.
instructions() {
  if command -v valgrind > /dev/null; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 > /dev/null \
      | awk '/Collected :/ { printf "%.1f M", $NF / 1e6 }'
  else
    echo "-"
  fi
}

# 1234567 -> 1,234,567
thousands() {
  local digits grouped=""
  digits=$(printf '%.0f' "$1")
  while [ ${#digits} -gt 3 ]; do
    grouped=",${digits: -3}$grouped"
    digits=${digits:0:${#digits}-3}
  done
  echo "$digits$grouped"
}

# Median seconds of a short command over many runs.
median_ms() {
  if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 20 -r 300 --export-json "$work/h.json" "$@" > /dev/null 2>&1
    awk '/"median"/ { gsub(/[^0-9.e-]/, "", $2); printf "%.2f", $2 * 1000; exit }' "$work/h.json"
  else
    local times=()
    for _ in $(seq 200); do
      local start end
      start=$(date +%s%N)
      $1 > /dev/null 2>&1 || true
      end=$(date +%s%N)
      times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int(NR / 2) + 1] / 1000 }'
  fi
}

# Median milliseconds of each short command ("$@", one string each), one per line. Without
# hyperfine the commands run in turn, round after round, so a loaded machine slows them alike and
# their ratios hold (python3 spawns them; a bash loop, which also times its own forks, is the last
# resort).
medians_ms() {
  if ! command -v hyperfine > /dev/null && command -v python3 > /dev/null; then
    python3 - "$@" << 'EOF'
import os, shlex, statistics, sys, time
commands = [shlex.split(c) for c in sys.argv[1:]]
null = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
times = [[] for _ in commands]
for lap in range(320):  # 20 warm-up laps, then 300 timed
    for i, argv in enumerate(commands):
        start = time.perf_counter()
        os.waitpid(os.posix_spawn(argv[0], argv, os.environ, file_actions=actions), 0)
        if lap >= 20:
            times[i].append(time.perf_counter() - start)
for t in times:
    print(f"{statistics.median(t) * 1000:.2f}")
EOF
  else
    for command in "$@"; do median_ms "$command"; done
  fi
}

echo "**aifoot benchmarks ($(nproc) cores, $(date -u +%Y-%m-%d), data $("$bin" --version | awk '/^data/ { print $2 }'))**"
echo
echo "**One-off estimates (whole process, median of 300 runs; × = median over \`/bin/true\`'s)**"
echo
echo "| command | median | × /bin/true | instructions | peak RSS |"
echo "|---|---:|---:|---:|---:|"
one_off=(
  "/bin/true"
  "$bin --version"
  "$bin --help"
  "$bin train --help"
  "$bin train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --format json"
  "$bin train --model gpt-3 --hardware v100 --devices 10000 --region azure:eastus --format json"
  "$bin train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1 --format json"
  "$bin infer --model llama-3.1-8b --hardware h100-sxm --requests 1M/day --days 30 --output-tokens 300 --zone FR --format json"
)
mapfile -t medians < <(medians_ms "${one_off[@]}")
baseline=${medians[0]}
for i in "${!one_off[@]}"; do
  command=${one_off[$i]}
  median=${medians[$i]}
  # shellcheck disable=SC2086
  rss=$(run_once $command | awk '{ print $2 }')
  ratio=$(awk -v m="$median" -v b="$baseline" 'BEGIN { printf "%.2f", (b > 0 ? m / b : 0) }')
  # shellcheck disable=SC2086
  printf '| `%s` | %s ms | %s | %s | %s MB |\n' "${command/#$bin/aifoot}" "$median" "$ratio" \
    "$(instructions $command)" "$rss"
done
echo
needed=$(readelf -d "$bin" 2> /dev/null | awk -F'[][]' '/NEEDED/ { printf "%s%s", sep, $2; sep = ", " }')
printf 'Executable: %s KB of code and data (`size`), shared libraries loaded: %s.\n' \
  "$(size "$bin" | awk 'NR == 2 { printf "%.0f", ($1 + $2) / 1024 }')" "${needed:-none}"

echo
echo "**Streams (aifoot batch, one process, one core)**"
echo
echo "Uncertainty: 256 Monte Carlo samples. Record: the default (headline ranges when uncertainty is"
echo "on), \`--full-record\` (every range, the inputs and the sensitivity shares, ~5 KB), or"
echo "\`--fields $fields\`."
echo
echo "| input | records | uncertainty | record | seconds | records/s | CPU s | records/CPU s | peak RSS |"
echo "|---|---:|---|---|---:|---:|---:|---:|---:|"
sizes=(10000 100000 1000000)
[ "$quick" -eq 1 ] && sizes=(10000 100000)
# format, uncertainty (off or on), record (default, full or fields)
cases=("jsonl off default" "csv off default" "jsonl off fields" "jsonl on default" "jsonl on full"
  "jsonl on fields" "csv on default")
for n in "${sizes[@]}"; do
  generate "$n" jsonl > "$work/in.jsonl"
  generate "$n" csv > "$work/in.csv"
  for case in "${cases[@]}"; do
    read -r format mode record <<< "$case"
    [ "$mode" = "on" ] && [ "$n" -gt 100000 ] && continue # 10^6 x 256 samples: minutes
    flags=(--format "$format")
    [ "$mode" = "off" ] && flags+=(--no-uncertainty)
    [ "$record" = "full" ] && flags+=(--full-record)
    [ "$record" = "fields" ] && flags+=(--fields "$fields")
    read -r seconds rss cpu <<< "$(run_once "$bin" batch "$work/in.$format" "${flags[@]}")"
    rate=$(awk -v n="$n" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    cpu_rate=$(awk -v n="$n" -v s="$cpu" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    label="off"
    [ "$mode" = "on" ] && label="256 samples"
    printf '| %s → %s | %s | %s | %s | %s | %s | %s | %s | %s MB |\n' "$format" "$format" \
      "$(thousands "$n")" "$label" "$record" "$seconds" "$(thousands "$rate")" "$cpu" \
      "$(thousands "$cpu_rate")" "$rss"
  done
done

echo
echo "**Sweep**"
echo
hardware=$("$bin" list hardware --format csv | awk -F, 'NR > 1 && NR <= 41 { print $1 }' | paste -sd, -)
regions=$("$bin" list regions --format csv | awk -F, 'NR > 1 && NR <= 101 { print $1 }' | paste -sd, -)
devices=8,16,32,64,128,256,512,1024,2048,4096,8192,16384,24576,32768,49152,65536,98304,131072,196608,262144,393216,524288,786432,1048576,1572864
sweep=("$bin" sweep --model llama-3.1-8b --tokens 1T --hardware "$hardware" --region "$regions" --devices "$devices" --mfu 0.3,0.32,0.34,0.36,0.38,0.4,0.42,0.44,0.46,0.48 --top 10)
combinations=$(( $(tr ',' '\n' <<< "$hardware" | wc -l) * $(tr ',' '\n' <<< "$regions" | wc -l) * 25 * 10 ))
read -r seconds rss _ <<< "$(run_once "${sweep[@]}")"
echo "| sweep | combinations | seconds | peak RSS |"
echo "|---|---:|---:|---:|"
printf '| 40 accelerators × 100 regions × 25 device counts × 10 MFUs, `--top 10` | %s | %s | %s MB |\n' "$(thousands "$combinations")" "$seconds" "$rss"
# Every row printed: 40 accelerators x 100 regions x 25 device counts, CSV.
rows=("$bin" sweep --model llama-3.1-8b --tokens 1T --hardware "$hardware" --region "$regions" --devices "$devices" --format csv)
combinations=$(( $(tr ',' '\n' <<< "$hardware" | wc -l) * $(tr ',' '\n' <<< "$regions" | wc -l) * 25 ))
read -r seconds rss _ <<< "$(run_once "${rows[@]}")"
printf '| 40 accelerators × 100 regions × 25 device counts, every row (CSV) | %s | %s | %s MB |\n' "$(thousands "$combinations")" "$seconds" "$rss"

echo
echo "**Core micro-benchmarks (bin/aifoot_bench)**"
echo
echo "| benchmark | CPU time |"
echo "|---|---:|"
"$build/bin/aifoot_bench" --benchmark_min_time=0.2 --benchmark_format=csv 2> /dev/null \
  | awk -F, 'NR > 1 { gsub(/"/, "", $1); printf "| %s | %.1f µs |\n", $1, $4 / 1000 }'
