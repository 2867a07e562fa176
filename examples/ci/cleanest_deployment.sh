#!/usr/bin/env bash
# Compares three deployment options for serving Llama 3.1 8B and prints the cleanest.
# Usage: cleanest_deployment.sh [AIFOOT_BINARY]
set -euo pipefail
aifoot="${1:-aifoot}"
"$aifoot" sweep --kind inference --model llama-3.1-8b --output-tokens 300 --requests 1M/day --days 30 \
  --hardware h100-sxm,l4 --region gcp:europe-west4,aws:us-east-1 --sort request-co2e --no-uncertainty --json \
  | python3 -c '
import json, sys
best = json.load(sys.stdin)["scenarios"][0]
print(f"cleanest: {best[\"name\"]}: {best[\"result\"][\"per_request\"][\"co2e_g\"]:.3f} gCO2e per request")
'
