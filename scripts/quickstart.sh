#!/usr/bin/env bash
# Installs what is missing, builds aifoot (Release) and runs a default estimate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
./build/release/bin/aifoot train --model llama-3.1-70b --tokens 15T --hardware h100-sxm \
  --devices 4096 --region aws:us-east-1 --explain
echo
echo "aifoot is at ./build/release/bin/aifoot (cmake --install build/release to install it)"
