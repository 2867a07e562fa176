#!/usr/bin/env bash
# Extreme but valid inputs (1e30 FLOP, 1e7 devices, 100-year runs, ...) give finite results or a
# clear range error (exit 3 naming the problem), never inf, NaN or a null metric in the output.
set -euo pipefail
bin="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
export NO_COLOR=1
failures=0

# Checks one JSONL result line: no inf/nan anywhere, no null in the metric objects.
check_record() {
  local what="$1" line="$2"
  if grep -Eiq '(^|[^a-z_])(-?inf(inity)?|-?nan)([^a-z_]|$)' <<< "$line"; then
    echo "FAIL $what: inf or NaN in output: ${line:0:300}"; failures=$((failures + 1)); return
  fi
  local metric
  for metric in energy_kwh co2e_kg water_l; do
    if grep -o "\"$metric\":{[^}]*}" <<< "$line" | grep -q null; then
      echo "FAIL $what: null in $metric: $(grep -o "\"$metric\":{[^}]*}" <<< "$line")"
      failures=$((failures + 1)); return
    fi
  done
  if grep -q '"device_hours":null' <<< "$line"; then # wall time and devices may be unknown (null)
    echo "FAIL $what: null device_hours"; failures=$((failures + 1))
  fi
}

run_case() {
  local what="$1"
  shift
  local status=0
  "$bin" "$@" --format jsonl > "$dir/out" 2> "$dir/err" || status=$?
  case "$status" in
    0) check_record "$what" "$(cat "$dir/out")"
       # The table and CSV renderings of the same result must be clean too.
       for format in table csv markdown; do
         "$bin" "$@" --format "$format" > "$dir/out2" 2>/dev/null || true
         if grep -Eiq '(^|[^a-z_])(-?inf(inity)?|-?nan)([^a-z_]|$)' "$dir/out2"; then
           echo "FAIL $what --format $format: inf or NaN"; failures=$((failures + 1))
         fi
       done ;;
    3) grep -q '^aifoot: error: .*\(must be between\|range\|do not fit\)' "$dir/err" \
         || { echo "FAIL $what: exit 3 without a range message: $(cat "$dir/err")"; failures=$((failures + 1)); } ;;
    *) echo "FAIL $what: exit $status: $(head -c 300 "$dir/err")"; failures=$((failures + 1)) ;;
  esac
}

run_case "1e30 FLOP" train --flops 1e30 --hardware h100-sxm --devices 4096 --zone FR
run_case "1e30 FLOP, no devices" train --flops 1e30 --hardware h100-sxm --zone FR
run_case "1e7 devices, 100 years" train --hardware h100-sxm --devices 1e7 --days 36500 --zone FR
run_case "1e7 devices, 100 y (unit)" train --hardware h100-sxm --devices 10M --hours 100y --region aws:us-east-1
run_case "huge params x tokens" train --params 1e15 --tokens 1e16 --hardware v100 --devices 1 --zone PL
run_case "1e308 FLOP" train --flops 1e308 --hardware h100-sxm --devices 1 --zone FR
run_case "1e300 device-hours" train --hardware h100-sxm --device-hours 1e300 --zone FR
run_case "tiny values" train --hardware h100-sxm --device-hours 1e-300 --zone FR
run_case "max everything" train --hardware h100-sxm --device-hours 1e300 --pue 3 --ci 1e300 --zone FR
run_case "infer 1e12 requests/s, 100 y" infer --model llama-3.1-405b --hardware h100-sxm --requests 1e12/s --days 36500 --output-tokens 500 --zone FR
run_case "infer 1e300 requests" infer --model llama-3.1-8b --hardware h100-sxm --requests 1e300/s --days 1 --output-tokens 500 --zone FR
grep -q "for requests: must be between" "$dir/err" \
  || { echo "FAIL infer 1e300 requests: no range error"; failures=$((failures + 1)); }
run_case "infer 1e-9 requests/s for 9 s" infer --model llama-3.1-8b --hardware h100-sxm --requests 1e-9/s --days 1e-7 --output-tokens 1 --zone FR
run_case "infer max rate, J/token, idle" infer --model llama-3.1-8b --hardware h100-sxm --requests 1e12/s --days 41666 --output-tokens 1e4 --joules-per-token 1e6 --fleet-utilization 0.01 --zone FR
run_case "infer MoE at batch 1e5" infer --model deepseek-r1 --hardware h100-sxm --requests 1e12/s --days 41666 --output-tokens 1 --batch 1e5 --zone FR
run_case "infer zero intensities" infer --params 1e6 --hardware h100-sxm --requests 1e-9/s --output-tokens 1 --input-tokens 0 --ci 0 --wue 0 --ewif 0 --embodied 0 --zone FR
# No preset: a model's context window (128k tokens for Llama 3.1) would refuse 2e7 tokens a request.
run_case "infer 1e7 output tokens" infer --params 8B --hardware h100-sxm --requests 1/day --output-tokens 1e7 --input-tokens 1e7 --zone FR
run_case "lifecycle, tiny serving" lifecycle --train.flops 1e30 --train.hardware h100-sxm --train.devices 1e7 --train.zone FR \
  --infer.model llama-3.1-8b --infer.hardware h100-sxm --infer.requests 1e-9/s --infer.days 1e-7 --infer.output-tokens 1 --infer.zone FR
run_case "lifecycle 100 y" lifecycle --train.flops 1e30 --train.hardware h100-sxm --train.devices 1e7 --train.zone FR \
  --infer.model llama-3.1-405b --infer.hardware h100-sxm --infer.requests 1e9/s --infer.days 36500 --infer.output-tokens 500 --infer.zone FR

# Batch: the same extremes as records, one result line each, none with inf/NaN.
printf '%s\n' \
  '{"flops": 1e30, "hardware": "h100-sxm", "devices": 4096, "zone": "FR"}' \
  '{"hardware": "h100-sxm", "devices": 1e7, "days": 36500, "zone": "FR"}' \
  '{"flops": "1e308", "hardware": "h100-sxm", "devices": 1, "zone": "FR"}' \
  '{"hardware": "h100-sxm", "device-hours": 1e300, "ci": "1e300", "pue": 3, "zone": "FR"}' \
  '{"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1e300/s", "days": 36500, "output-tokens": 500, "zone": "FR"}' \
  > "$dir/extreme.jsonl"
"$bin" batch "$dir/extreme.jsonl" > "$dir/batch.jsonl" 2> "$dir/batch_err" || true
[ "$(wc -l < "$dir/batch.jsonl")" -eq 5 ] || { echo "FAIL batch: $(wc -l < "$dir/batch.jsonl") records, expected 5"; failures=$((failures + 1)); }
n=0
while IFS= read -r line; do
  n=$((n + 1))
  check_record "batch record $n" "$line"
done < "$dir/batch.jsonl"
sed -n 5p "$dir/batch.jsonl" | grep -q '"error":"invalid value .1e300/s. for requests: must be between' \
  || { echo "FAIL batch record 5: no range error: $(sed -n 5p "$dir/batch.jsonl")"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "extreme inputs give finite results or range errors"
