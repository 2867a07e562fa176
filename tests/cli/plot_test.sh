#!/usr/bin/env bash
# `--plot FILE.svg` writes well-formed XML with one bar per scenario (checked with a real XML parser).
set -euo pipefail
bin="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$bin" sweep --hardware a100-80gb,h100-sxm,h200 --zone FR,PL --device-hours 1000 --sort co2e --plot "$dir/sweep.svg" > /dev/null
"$bin" compare --hardware a100-80gb --hardware h100-sxm --device-hours 1000 --zone FR --metric energy --plot "$dir/compare.svg" > /dev/null
python3 - "$dir/sweep.svg" 6 "$dir/compare.svg" 2 <<'PY'
import sys
import xml.etree.ElementTree as ET
args = sys.argv[1:]
for path, bars in zip(args[0::2], args[1::2]):
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg", root.tag
    found = [g for g in root.iter(ns + "g") if g.get("class") == "bar"]
    assert len(found) == int(bars), f"{path}: {len(found)} bars, expected {bars}"
    for g in found:
        assert g.find(ns + "rect") is not None and len(g.findall(ns + "text")) == 2
print("plots are well-formed with one bar per scenario")
PY
