#!/usr/bin/env bash
# Checks that two aifoot binaries write the same stream records, byte for byte: N varied scenarios
# (training from presets, device-hours and parameters; inference with rates and counts;
# generation; lifecycle; user ranges; bad records) through `batch` with uncertainty (seeds 1 and 7,
# 256 and 100 samples), without it, as CSV and with --explain. The proof of an optimisation that
# must keep the seeded results (issue #18). BEFORE may predate --full-record: give NEW_FLAGS to
# make NEW write the record BEFORE wrote (e.g. --full-record).
# Usage: bench/compare_streams.sh BEFORE NEW [N] [NEW_FLAGS...]
set -euo pipefail
before="$1"
new="$2"
n="${3:-2000}"
shift $(( $# < 3 ? $# : 3 ))
new_flags=("$@")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v n="$n" 'BEGIN {
  split("llama-3.1-8b llama-3.1-70b gpt-3 llama-2-7b mistral-7b", M, " ");
  split("h100-sxm a100-80gb v100 tpu-v4 mi300x l4", H, " ");
  split("aws:us-east-1 gcp:europe-west4 azure:westeurope aws:eu-north-1", R, " ");
  split("FR DE US-CAL-CISO SE PL", Z, " ");
  for (i = 1; i <= n; i++) {
    k = i % 9; m = M[i % 5 + 1]; h = H[i % 6 + 1]; r = R[i % 4 + 1]; z = Z[i % 5 + 1];
    if (k == 0) printf "{\"name\": \"t%d\", \"model\": \"%s\", \"tokens\": \"%dB\", \"hardware\": \"%s\", \"devices\": %d, \"region\": \"%s\"}\n", i, m, 100 + i % 900, h, 8 * (1 + i % 64), r;
    else if (k == 1) printf "{\"hardware\": \"%s\", \"device-hours\": %d, \"zone\": \"%s\"}\n", h, 1000 + i, z;
    else if (k == 2) printf "{\"params\": %d000000000, \"tokens\": \"%dB\", \"hardware\": \"%s\", \"mfu\": 0.%d, \"zone\": \"%s\"}\n", 1 + i % 70, 10 + i % 500, h, 30 + i % 30, z;
    else if (k == 3 || k == 4) printf "{\"kind\": \"inference\", \"model\": \"%s\", \"hardware\": \"%s\", \"batch\": %d, \"output-tokens\": %d, \"requests\": \"%dk/day\", \"days\": %d, \"zone\": \"%s\"}\n", m, h, 1 + i % 128, 100 + i % 900, 1 + i % 1000, 1 + i % 365, z;
    else if (k == 5) printf "{\"kind\": \"inference\", \"model\": \"%s\", \"hardware\": \"%s\", \"output-tokens\": %d, \"requests\": %d, \"region\": \"%s\"}\n", m, h, 50 + i % 500, 1000 + i, r;
    else if (k == 6) printf "{\"kind\": \"generation\", \"model\": \"flux.1-dev\", \"hardware\": \"%s\", \"steps\": %d, \"count\": %d, \"zone\": \"%s\"}\n", h, 10 + i % 40, 1 + i % 1000, z;
    else if (k == 7) printf "{\"hardware\": \"%s\", \"device-hours\": %d, \"pue\": \"1.1..1.4\", \"zone\": \"%s\"}\n", h, 10 + i, z;
    else if (i % 4 == 0) printf "{\"hardware\": \"h10\", \"device-hours\": 1}\n";
    else if (i % 4 == 1) printf "{\"kind\": \"lifecycle\", \"train.model\": \"llama-3.1-8b\", \"train.tokens\": \"1T\", \"train.hardware\": \"h100-sxm\", \"train.devices\": 64, \"train.zone\": \"FR\", \"infer.model\": \"llama-3.1-8b\", \"infer.hardware\": \"h100-sxm\", \"infer.output-tokens\": 500, \"infer.requests\": \"1M/day\", \"infer.days\": %d, \"infer.zone\": \"FR\"}\n", 1 + i % 365;
    else printf "{\"hardware\": \"%s\", \"device-hours\": %d, \"grid-intensity\": %d, \"pue\": 1.2}\n", h, 5 + i, 20 + i % 700;
  }
}' > "$work/in.jsonl"
status=0
compare() { # LABEL, then the flags of both runs
  local label="$1"
  shift
  "$before" batch "$work/in.jsonl" "$@" > "$work/before" 2> /dev/null || true
  "$new" batch "$work/in.jsonl" "$@" "${new_flags[@]}" > "$work/new" 2> /dev/null || true
  if cmp -s "$work/before" "$work/new"; then
    echo "same: $label ($(wc -l < "$work/new") records, $(wc -c < "$work/new") bytes)"
  else
    echo "DIFFERENT: $label"
    diff "$work/before" "$work/new" | head -5
    status=1
  fi
}
compare "uncertainty, seed 1, 256 samples"
compare "uncertainty, seed 7, 100 samples" --samples 100 --seed 7
compare "no uncertainty" --no-uncertainty
compare "explain" --explain
compare "CSV with ranges" --format csv
exit "$status"
