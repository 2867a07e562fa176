#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors and runs every test (unit, calibration,
# end-to-end CLI and examples).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
