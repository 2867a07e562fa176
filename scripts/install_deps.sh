#!/usr/bin/env bash
# Installs the Debian 12 packages aifoot needs to build and test, if any are missing.
# Sourced or run by quickstart.sh and test.sh; safe to run again (does nothing when all present).
# Extra packages to check for can be given as arguments (scripts/fuzz.sh asks for clang).
set -euo pipefail

AIFOOT_PACKAGES=(cmake ninja-build g++ python3 libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev catch2 libbenchmark-dev "$@")

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
