#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 60) on a
# copy of its seed corpus in fuzz/corpus/, with its dictionary (fuzz/*.dict) where it has one.
# Failing inputs are saved as build/fuzz/artifacts-TARGET/{crash,leak,timeout,oom}-*; exit non-zero
# if any target finds one. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# FUZZ_JOBS=N runs N fuzzing processes per target (libFuzzer -fork), for longer campaigns.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(units scenario_json csv_record budget user_catalog end_to_end)
bash scripts/install_deps.sh --fuzz
# Symbolized stack traces in reports (llvm-14 is in install_deps.sh --fuzz).
[ ! -x /usr/lib/llvm-14/bin/llvm-symbolizer ] || export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target $(printf 'fuzz_%s ' "${targets[@]}")
status=0
for target in "${targets[@]}"; do
  work="build/fuzz/corpus-$target"
  artifacts="$PWD/build/fuzz/artifacts-$target"
  mkdir -p "$work" "$artifacts"
  cp -n fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
  options=(-max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048
           -print_final_stats=1 -artifact_prefix="$artifacts/")
  case "$target" in
    units) options+=(-dict="$PWD/fuzz/units.dict") ;;
    scenario_json | budget | user_catalog | end_to_end) options+=(-dict="$PWD/fuzz/json.dict") ;;
  esac
  [ -z "${FUZZ_JOBS:-}" ] || options+=(-fork="$FUZZ_JOBS" -ignore_crashes=1)
  echo "aifoot: fuzzing $target for ${seconds}s"
  log="build/fuzz/$target.log"
  (cd build/fuzz && "./bin/fuzz_$target" "${options[@]}" "corpus-$target") > "$log" 2>&1 || true
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" "$log" || tail -5 "$log"
  if ls "$artifacts"/* >/dev/null 2>&1; then
    echo "aifoot: $target found failing inputs: $(ls "$artifacts"/*)"
    grep -A40 -m1 -E '^==[0-9]+==(ERROR|WARNING)|runtime error:|deadly signal' "$log" || tail -40 "$log"
    status=1
  fi
done
exit $status
