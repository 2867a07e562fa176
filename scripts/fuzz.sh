#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 60) on a
# copy of its seed corpus in fuzz/corpus/. Crashes are saved as build/fuzz/crash-*; exit non-zero
# if any target finds one. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(units scenario_json csv_record user_catalog end_to_end)
bash scripts/install_deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target $(printf 'fuzz_%s ' "${targets[@]}")
status=0
for target in "${targets[@]}"; do
  work="build/fuzz/corpus-$target"
  mkdir -p "$work"
  cp -n fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
  echo "aifoot: fuzzing $target for ${seconds}s"
  log="build/fuzz/$target.log"
  (cd build/fuzz && "./bin/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
     -print_final_stats=1 "corpus-$target") > "$log" 2>&1 || true
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" "$log" || tail -5 "$log"
  if ls build/fuzz/crash-* build/fuzz/leak-* build/fuzz/timeout-* >/dev/null 2>&1; then
    echo "aifoot: $target found a failing input: $(ls build/fuzz/crash-* build/fuzz/leak-* build/fuzz/timeout-* 2>/dev/null)"
    status=1
  fi
done
exit $status
