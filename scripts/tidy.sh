#!/usr/bin/env bash
# Runs clang-tidy 14 (profile in .clang-tidy; tests/.clang-tidy is lighter) over the C++ sources in
# git under src/, tests/, tools/ and fuzz/ (headers in include/ and src/ through them), with the
# compile commands of a clang Debug configure in build/tidy-db that includes the fuzz targets
# (configure only: nothing is built), one file per core at a time. About 30 s of CPU per file,
# 12 minutes on 2 cores for the whole tree.
# Usage: scripts/tidy.sh [FILE... | --changed REV]   Exit non-zero when clang-tidy reports anything.
#   --changed REV  only what changed since REV (CI: the last commit): each changed source file, and
#                  for each changed header one source that includes it (header findings show through
#                  any includer). Nothing to do when REV is not in the clone (a shallow clone).
set -euo pipefail
cd "$(dirname "$0")/.."
sources=('src/*.cpp' 'tests/*.cpp' 'tools/*.cpp' 'fuzz/*.cpp')
files=("$@")
if [ "${1:-}" = "--changed" ]; then
  rev="${2:?--changed needs a revision}"
  if ! git rev-parse -q --verify "$rev^{commit}" >/dev/null; then
    echo "aifoot: clang-tidy: $rev is not in this clone: nothing to compare with"
    exit 0
  fi
  files=()
  while IFS= read -r path; do
    case "$path" in
    *.cpp) files+=("$path") ;;
    *.hpp | *.h)
      name="$(basename "$path")"
      stem="${name%.*}"
      # Its own .cpp when there is one, else the first source that includes it (src/ first: tests
      # have a lighter profile).
      includer="$({
        git ls-files "${sources[@]}" | grep -E "/$stem\.cpp$"
        for pattern in "${sources[@]}"; do
          git grep -l -E "#include [<\"]([a-z_]+/)*$name[>\"]" -- "$pattern"
        done
      } 2>/dev/null | head -n 1 || true)"
      if [ -n "$includer" ]; then files+=("$includer"); fi
      ;;
    esac
  done < <(git diff --name-only --diff-filter=d "$rev" HEAD -- src tests tools fuzz include)
  if [ ${#files[@]} -eq 0 ]; then
    echo "aifoot: clang-tidy: no C++ changed since $rev"
    exit 0
  fi
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
elif [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git ls-files "${sources[@]}")
fi
bash scripts/install_deps.sh --tidy
build=build/tidy-db
rm -f "$build/CMakeCache.txt" # the compiler may have changed since the last configure
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCMAKE_CXX_COMPILER=clang++-14 -DAIFOOT_BUILD_FUZZERS=ON >/dev/null
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
