# One line per end-to-end case: arguments, expected exit code, and optional stderr/stdout regexes
# and JSON checks ("path=expected~relative-tolerance").

# The issue's headline examples.
aifoot_cli_test(NAME gpt3_table EXIT 0 STDOUT "1,28[79] MWh" ARGS
  train --hardware v100 --devices 10000 --days 14.8 --avg-power 330 --pue 1.1 --ci 429)
aifoot_cli_test(NAME gpt3_json EXIT 0 ARGS
  train --hardware v100 --devices 10000 --days 14.8 --avg-power 330 --pue 1.1 --ci 429 --format json
  JSON "schema=aifoot.footprint/1" "energy_kwh.total=1287000~0.01" "co2e_kg.operational=552100~0.01"
       "time.device_hours=3552000~1e-9" "water_l.total=7149000~0.01")
aifoot_cli_test(NAME llama31_region EXIT 0 ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1 --json
  JSON "assumptions.0.name=model" "boundary=facility" "compute.route=flops_over_throughput")
aifoot_cli_test(NAME llama31_explain EXIT 0 STDOUT "Assumptions.*grid_intensity.*catalog:zones/US-MIDA-PJM" ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1 --explain)

# Formats.
aifoot_cli_test(NAME format_csv EXIT 0 STDOUT "^kind,boundary,energy_kwh.accelerators,.*\ntraining,facility," ARGS
  train --hardware a100-80gb --device-hours 1000 --zone FR --format csv)
aifoot_cli_test(NAME format_jsonl EXIT 0 STDOUT "^\\{\"schema\":\"aifoot.footprint/1\".*\\}\n$" ARGS
  train --hardware a100-80gb --device-hours 1000 --zone FR --format jsonl)
aifoot_cli_test(NAME format_markdown EXIT 0 STDOUT "\\| metric \\| value \\|" ARGS
  train --hardware a100-80gb --device-hours 1000 --zone FR --format markdown)
aifoot_cli_test(NAME flags_after_subcommand EXIT 0 ARGS
  train --hardware a100-80gb --device-hours 1000 --zone FR --json -q
  JSON "energy_kwh.accelerators=280~0.01")
aifoot_cli_test(NAME boundary_accelerator EXIT 0 ARGS
  train --hardware a100-80gb --device-hours 1000 --avg-power 400 --boundary accelerator --zone FR --json
  JSON "energy_kwh.total=400~1e-9" "boundary=accelerator")
aifoot_cli_test(NAME no_location_warns EXIT 0 STDERR "aifoot: warning: no --region or --zone" ARGS
  train --hardware h100-sxm --device-hours 100)

# Budgets.
aifoot_cli_test(NAME budget_exceeded EXIT 1 STDERR "budget exceeded.*--max-kwh" STDOUT "Energy" ARGS
  train --hardware h100-sxm --device-hours 1000 --zone FR --max-kwh 10)
aifoot_cli_test(NAME budget_met EXIT 0 ARGS
  train --hardware h100-sxm --device-hours 1 --zone FR --max-kwh 10 --max-kgco2e 100 --max-water-l 1000)

# Bad input: one clear line naming the field, and the documented exit code.
aifoot_cli_test(NAME unknown_hardware EXIT 3 STDERR "unknown hardware 'h10'.*did you mean 'h100-" ARGS
  train --hardware h10 --device-hours 10)
aifoot_cli_test(NAME family_prefix EXIT 3 STDERR "did you mean 'h100-(sxm|nvl|pcie)', 'h100-(sxm|nvl|pcie)' or 'h100-(sxm|nvl|pcie)'" ARGS
  train --hardware h100 --device-hours 10)
aifoot_cli_test(NAME unknown_region EXIT 3 STDERR "unknown region 'aws:us-east-9'" ARGS
  train --hardware h100-sxm --device-hours 10 --region aws:us-east-9)
aifoot_cli_test(NAME unknown_zone EXIT 3 STDERR "unknown grid zone 'XX-NOWHERE'" ARGS
  train --hardware h100-sxm --device-hours 10 --zone XX-NOWHERE)
aifoot_cli_test(NAME negative_devices EXIT 3 STDERR "invalid value '-5' for devices: must not be negative" ARGS
  train --hardware h100-sxm --devices -5 --hours 10)
aifoot_cli_test(NAME nan_tokens EXIT 3 STDERR "invalid value 'nan' for tokens" ARGS
  train --hardware h100-sxm --params 7B --tokens nan)
aifoot_cli_test(NAME overflow EXIT 3 STDERR "for flops: number out of range" ARGS
  train --hardware h100-sxm --flops 1e400)
aifoot_cli_test(NAME bad_suffix EXIT 3 STDERR "unknown suffix 'X'" ARGS
  train --hardware h100-sxm --params 7X --tokens 1T)
aifoot_cli_test(NAME pue_below_one EXIT 3 STDERR "pue must be between 1 and 3" ARGS
  train --hardware h100-sxm --device-hours 10 --pue 0.8)
aifoot_cli_test(NAME missing_time EXIT 3 STDERR "not enough inputs to derive device time" ARGS
  train --hardware h100-sxm)
aifoot_cli_test(NAME missing_hardware EXIT 3 STDERR "missing hardware.*--hardware" ARGS
  train --device-hours 10)
aifoot_cli_test(NAME unknown_flag EXIT 2 STDERR "aifoot: error: .*--devics" ARGS
  train --hardware h100-sxm --devics 8)
aifoot_cli_test(NAME no_subcommand EXIT 2 STDERR "aifoot: error:" ARGS --json)
aifoot_cli_test(NAME bad_format EXIT 2 STDERR "aifoot: error:" ARGS train --format yaml)
aifoot_cli_test(NAME missing_catalog_file EXIT 5 STDERR "cannot open 'no-such-file.json'" ARGS
  --catalog no-such-file.json train --hardware h100-sxm --device-hours 10)
aifoot_cli_test(NAME bad_catalog_file EXIT 4 STDERR "bad_catalog.json: record 1 \\('x'\\): field 'tdp_w' must be a number" ARGS
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/bad_catalog.json list hardware)
aifoot_cli_test(NAME user_catalog EXIT 0 ARGS
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/onprem_catalog.json
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/onprem_region.json
  train --hardware my-gpu --device-hours 100 --region onprem:lab --json
  JSON "energy_kwh.accelerators=25~1e-9" "energy_kwh.host=5~1e-9" "energy_kwh.facility_overhead=9~1e-9")

# Catalog commands.
aifoot_cli_test(NAME version EXIT 0 STDOUT "^aifoot [0-9]+\\.[0-9]+\\.[0-9]+\ndata [0-9a-f]+" ARGS --version)
aifoot_cli_test(NAME help EXIT 0 STDOUT "Exit codes: 0 ok, 1 budget exceeded" ARGS --help)
aifoot_cli_test(NAME list_hardware EXIT 0 STDOUT "h100-sxm" ARGS list hardware --filter nvidia)
aifoot_cli_test(NAME list_models_json EXIT 0 ARGS list models --filter llama-3.1-70b --json
  JSON "0.id=llama-3.1-70b")
aifoot_cli_test(NAME list_regions_sorted EXIT 0 STDOUT "aws:" ARGS list regions --filter aws --sort pue)
aifoot_cli_test(NAME list_zones_csv EXIT 0 STDOUT "^id,name,gCO2e/kWh" ARGS list zones --format csv)
aifoot_cli_test(NAME list_sources EXIT 0 STDOUT "def-ccf-coefficients" ARGS list sources)
aifoot_cli_test(NAME list_unknown EXIT 2 STDERR "aifoot: error:" ARGS list gpus)
aifoot_cli_test(NAME show_hardware EXIT 0 STDOUT "hardware h100-sxm.*tdp_w.*700.*sources" ARGS show h100-sxm)
aifoot_cli_test(NAME show_low_confidence EXIT 0 STDOUT "low_confidence_fields.*tdp_w" ARGS show tpu-v5p)
aifoot_cli_test(NAME show_unknown EXIT 3 STDERR "'h100' matches h100-nvl, h100-pcie, h100-sxm\n" ARGS show h100)
aifoot_cli_test(NAME show_source EXIT 0 STDOUT "source def-dodge-2022" ARGS show def-dodge-2022)

# Stream mode and scenario files.
aifoot_cli_test(NAME batch_jsonl EXIT 3 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.jsonl
  STDERR "<stdin>:2: unknown hardware 'h10'"
  STDOUT "^\\{\"line\":1,[^\n]*\n\\{\"line\":2,\"error\":\"unknown hardware 'h10'\"[^\n]*\n\\{\"line\":4,\"error\":[^\n]*\n\\{\"line\":5,\"name\":\"x\"" ARGS batch)
aifoot_cli_test(NAME batch_csv EXIT 3 STDOUT "^line,name,kind,.*\n2,fr,training,.*\n3,pl,training,.*\n4,,.*row has 3 columns" ARGS
  batch ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.csv --format csv)
aifoot_cli_test(NAME batch_json_array EXIT 3 ARGS batch ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.jsonl --format json
  JSON "0.line=1" "1.error=unknown hardware 'h10'" "3.name=x")
aifoot_cli_test(NAME batch_missing_file EXIT 5 STDERR "cannot open 'nope.jsonl'" ARGS batch nope.jsonl)
aifoot_cli_test(NAME train_scenario_file EXIT 0 ARGS
  train --scenario ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --json
  JSON "energy_kwh.total=1289376~1e-9")
aifoot_cli_test(NAME train_scenario_flag_overrides EXIT 0 ARGS
  train --scenario ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --ci 0 --json
  JSON "co2e_kg.operational=0~1e-9")
aifoot_cli_test(NAME train_scenario_unknown_field EXIT 3 STDERR "unknown field 'devics'.*did you mean 'devices'" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/typo_scenario.json ARGS
  train --scenario -)
aifoot_cli_test(NAME train_scenario_duplicate_key EXIT 3 STDERR "duplicate key 'hardware'" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/duplicate_scenario.json ARGS
  train --scenario -)
