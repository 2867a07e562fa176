#!/usr/bin/env bash
# Builds the `asan` preset (g++, AddressSanitizer with LeakSanitizer, and UndefinedBehaviorSanitizer,
# every report fatal) and runs the whole test suite under it: unit, calibration, CLI, examples,
# stream and bad-input matrix tests. What CI runs after scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$(nproc)"
