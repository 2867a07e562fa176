#!/usr/bin/env bash
# Installs the Debian 12 packages aifoot needs to build and test, if any are missing.
# Run by quickstart.sh, test.sh, sanitize.sh, fuzz.sh and tidy.sh; safe to run again (does nothing
# when all are present). Usage: install_deps.sh [--fuzz] [--tidy] [PACKAGE...]
#   (none)  build and test: g++ 12 (its libasan/libubsan also serve sanitize.sh), the libraries,
#           and python3 for the schema, SVG and JUnit tests
#   --fuzz  clang 14 with libFuzzer and its sanitizer runtimes, llvm-symbolizer for crash reports
#   --tidy  clang-tidy 14, and clang 14 for the compile commands it reads
set -euo pipefail

AIFOOT_PACKAGES=(cmake ninja-build g++ libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev catch2 libbenchmark-dev python3)
for argument in "$@"; do
  case "$argument" in
    --fuzz) AIFOOT_PACKAGES+=(clang-14 libclang-rt-14-dev llvm-14) ;;
    --tidy) AIFOOT_PACKAGES+=(clang-tidy-14 clang-14) ;;
    *) AIFOOT_PACKAGES+=("$argument") ;;
  esac
done

missing=()
for package in "${AIFOOT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "aifoot: installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "aifoot: error: need root (or sudo) to install: ${missing[*]}" >&2
  echo "aifoot: hint: as root run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
