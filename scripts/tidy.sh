#!/usr/bin/env bash
# Runs clang-tidy 14 (profile in .clang-tidy; tests/.clang-tidy is lighter) over the C++ sources in
# git under src/, tests/, tools/ and fuzz/ (headers in include/ and src/ through them), with the
# compile commands of a clang Debug configure in build/tidy-db that includes the fuzz targets
# (configure only: nothing is built), one file per core at a time. About 30 s of CPU per file,
# 12 minutes on 2 cores for the whole tree.
# Usage: scripts/tidy.sh [FILE...]   Exit non-zero when clang-tidy reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh --tidy
build=build/tidy-db
rm -f "$build/CMakeCache.txt" # the compiler may have changed since the last configure
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_CXX_COMPILER=clang++-14 -DAIFOOT_BUILD_FUZZERS=ON >/dev/null
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tests/*.cpp' 'tools/*.cpp' 'fuzz/*.cpp')
fi
logs="$build/tidy-logs"
rm -rf "$logs"
mkdir -p "$logs"
# One log per file (its path with / as _), so parallel runs do not interleave.
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c \
  'clang-tidy-14 -p "$1" --quiet "$2" > "$3/$(printf %s "$2" | tr / _).log" 2>/dev/null || true' \
  sh "$build" {} "$logs"
log="$build/tidy.log"
cat "$logs"/*.log > "$log"
# A finding in a header shows up once per file that includes it: count it once.
findings="$(grep -E '(warning|error):' "$log" | sort -u || true)"
if [ -n "$findings" ]; then
  printf '%s\n' "$findings"
  echo "aifoot: clang-tidy: $(printf '%s\n' "$findings" | wc -l) findings in ${#files[@]} files (see $log)"
  exit 1
fi
echo "aifoot: clang-tidy clean on ${#files[@]} files"
