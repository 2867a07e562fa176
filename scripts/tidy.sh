#!/usr/bin/env bash
# Runs clang-tidy 14 (profile in .clang-tidy; tests/.clang-tidy is lighter) over the C++ sources in
# git under src/, tests/ and tools/, with the compile commands of a Debug configure in
# build/tidy-db (configure only: nothing is built). Slow: about a minute per file on one core.
# Usage: scripts/tidy.sh [FILE...]   Exit non-zero when clang-tidy reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/tidy-db
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tests/*.cpp' 'tools/*.cpp')
fi
log="$build/tidy.log"
: > "$log"
for file in "${files[@]}"; do
  clang-tidy -p "$build" --quiet "$file" >> "$log" 2>/dev/null || true
done
if grep -E '(warning|error):' "$log"; then
  echo "aifoot: clang-tidy: $(grep -cE '(warning|error):' "$log") findings in ${#files[@]} files (see $log)"
  exit 1
fi
echo "aifoot: clang-tidy clean on ${#files[@]} files"
