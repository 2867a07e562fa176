#!/usr/bin/env bash
# Determinism: the same input gives the same output bytes, run after run, in every format; and one
# estimate printed by `train`/`infer --format jsonl` is byte for byte its record in `aifoot batch`
# apart from the added "line" key (and the scenario's "name", which batch echoes).
set -euo pipefail
bin="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
export NO_COLOR=1

fail() { echo "FAIL: $*"; exit 1; }

train=(--hardware h100-sxm --devices 512 --days 3 --region aws:us-east-1 --embodied 1500)
infer=(--model llama-3.1-8b --hardware h100-sxm --requests 1M/day --days 30 --output-tokens 300 --zone FR)

# 1. Same command, same bytes, in every format.
for format in table json jsonl csv markdown; do
  for command in "train ${train[*]}" "infer ${infer[*]}"; do
    read -r -a argv <<< "$command"
    "$bin" "${argv[@]}" --format "$format" --explain > "$dir/a" 2>/dev/null
    "$bin" "${argv[@]}" --format "$format" --explain > "$dir/b" 2>/dev/null
    cmp -s "$dir/a" "$dir/b" || fail "${argv[0]} --format $format differs between runs"
  done
done

# 2. A batch of 2,000 mixed records (good, bad, both kinds) gives the same bytes each run, in each
# output format, and whether the records come from a file or stdin.
awk 'BEGIN {
  for (i = 1; i <= 2000; i++) {
    if (i % 7 == 0)      printf "{\"kind\": \"inference\", \"model\": \"llama-3.1-8b\", \"hardware\": \"h100-sxm\", \"requests\": \"%dk/day\", \"days\": 30, \"output-tokens\": 300, \"zone\": \"FR\"}\n", i;
    else if (i % 11 == 0) print "{\"hardware\": \"h10\", \"device-hours\": 1}";
    else printf "{\"name\": \"r%d\", \"hardware\": \"a100-80gb\", \"device-hours\": %d.5, \"zone\": \"DE\", \"pue\": 1.%d}\n", i, i, i % 10;
  }
}' > "$dir/in.jsonl"
for format in jsonl csv json markdown; do
  "$bin" batch "$dir/in.jsonl" --format "$format" > "$dir/a" 2>/dev/null || true
  "$bin" batch - --format "$format" < "$dir/in.jsonl" > "$dir/b" 2>/dev/null || true
  cmp -s "$dir/a" "$dir/b" || fail "batch --format $format differs between runs (file vs stdin)"
done

# 3. One estimate = its batch record, less "line" and "name". Both kinds, with --explain (without
# it batch leaves out the assumption trail, as documented).
printf '%s\n' \
  '{"name": "t", "hardware": "h100-sxm", "devices": 512, "days": 3, "region": "aws:us-east-1", "embodied": 1500}' \
  '{"kind": "inference", "name": "i", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "FR"}' \
  > "$dir/two.jsonl"
for explain in --explain; do
  "$bin" batch "$dir/two.jsonl" $explain > "$dir/batch.jsonl"
  [ "$(wc -l < "$dir/batch.jsonl")" -eq 2 ] || fail "batch gave $(wc -l < "$dir/batch.jsonl") records, expected 2"
  sed -n 1p "$dir/two.jsonl" | "$bin" train --scenario - --format jsonl $explain > "$dir/one_t.jsonl"
  sed -n 2p "$dir/two.jsonl" | "$bin" infer --scenario - --format jsonl $explain > "$dir/one_i.jsonl"
  for n in 1 2; do
    one="$dir/one_t.jsonl"
    [ "$n" -eq 1 ] || one="$dir/one_i.jsonl"
    # batch adds "line" and echoes the scenario's "name"; everything else must match byte for byte
    sed -n "${n}p" "$dir/batch.jsonl" | sed -e "s/^{\"line\":$n,/{/" -e 's/^{"name":"[a-z]*",/{/' > "$dir/record"
    cmp -s "$one" "$dir/record" || {
      echo "single:"; head -c 600 "$one"; echo; echo "batch:"; head -c 600 "$dir/record"; echo
      fail "record $n of batch $explain differs from the single estimate"
    }
  done
done
echo "determinism holds"
