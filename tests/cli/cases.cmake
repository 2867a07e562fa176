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
aifoot_cli_test(NAME pue_below_one EXIT 3 STDERR "invalid value '0.8' for pue: must be between 1 and 3" ARGS
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
# With uncertainty on, CSV rows carry p5/p50/p95 of the headline totals; error rows keep the width.
aifoot_cli_test(NAME batch_csv_ranges EXIT 3 STDOUT
  "^line,[^\n]*,uncertainty.energy_kwh.total.p5,uncertainty.energy_kwh.total.p50,uncertainty.energy_kwh.total.p95,[^\n]*uncertainty.water_l.total.p95,error\n2,fr,training,facility,total,\"FR: lifecycle[^\"\n]*\",[0-9.]+,[^\n]*,[0-9.]+,[0-9.]+,[0-9.]+,\n3,pl,[^\n]*\n4,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,[^,\n]*row has 3 columns"
  ARGS batch ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.csv --format csv)
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

# Comparisons and sweeps.
aifoot_cli_test(NAME compare_flags EXIT 0 ARGS
  compare --hardware a100-80gb --hardware h100-sxm --device-hours 1000 --avg-power 400 --zone FR --json
  JSON "schema=aifoot.comparison/1" "scenarios.0.name=a100-80gb" "scenarios.1.name=h100-sxm"
       "scenarios.0.ratio_to_first.energy_kwh.total=1~1e-9")
aifoot_cli_test(NAME compare_zones_ratio EXIT 0 ARGS
  compare --zone FR --zone PL --hardware h100-sxm --device-hours 1000 --ci 100 --ci 400 --json
  JSON "scenarios.1.ratio_to_first.co2e_kg.operational=4~1e-9")
aifoot_cli_test(NAME compare_files EXIT 0 STDOUT "gpt3_training" ARGS
  compare ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --ci 0)
aifoot_cli_test(NAME compare_needs_two EXIT 2 STDERR "compare needs two or more scenarios" ARGS
  compare --hardware h100-sxm --device-hours 1)
aifoot_cli_test(NAME compare_unpaired EXIT 2 STDERR "--zone has 3 values but --hardware has 2" ARGS
  compare --hardware a100-80gb --hardware h100-sxm --zone FR --zone PL --zone DE --device-hours 1)
aifoot_cli_test(NAME compare_markdown EXIT 0 STDOUT "\\| scenario \\| Energy \\|" ARGS
  compare --hardware a100-80gb --hardware h100-sxm --device-hours 1000 --zone FR --format markdown)
aifoot_cli_test(NAME sweep_sorted_top EXIT 0 ARGS
  sweep --hardware a100-80gb,h100-sxm --zone FR,PL,SE --device-hours 1000 --sort co2e --top 2 --json
  JSON "schema=aifoot.sweep/1" "scenarios.0.fields.zone=SE")
aifoot_cli_test(NAME sweep_csv EXIT 0 STDOUT "^name,error,energy_kwh.total,energy_kwh.total.ratio" ARGS
  sweep --hardware a100-80gb,h100-sxm --zone FR --device-hours 1000 --format csv)
aifoot_cli_test(NAME sweep_bad_value EXIT 3 STDOUT "error" ARGS
  sweep --hardware a100-80gb,h10 --zone FR --device-hours 1000)
aifoot_cli_test(NAME sweep_unknown_metric EXIT 2 STDERR "unknown metric 'carbon'" ARGS
  sweep --hardware a100-80gb --device-hours 1000 --sort carbon)

# Measure mode. Runs anywhere: no GPU or RAPL is needed (a fake NVML library and fake powercap
# trees stand in for them), and on a machine that has either the plain cases still pass.
set(no_sources --powercap-root /nonexistent/powercap --nvml-library /nonexistent/libnvidia-ml.so.1)
set(fake_nvml --nvml-library $<TARGET_FILE:fake_nvml>)
aifoot_cli_test(NAME measure_sleep EXIT 0 STDOUT "Measured footprint: sleep 0.2.*Measurement" ARGS
  measure -- sleep 0.2)
aifoot_cli_test(NAME measure_false EXIT 1 STDERR "the command exited with code 1" ARGS measure -- false)
aifoot_cli_test(NAME measure_exit_code EXIT 7 ARGS measure ${no_sources} --json -- sh -c "exit 7"
  JSON "measurement.exit_code=7" "measurement.command.0=sh")
aifoot_cli_test(NAME measure_killed EXIT 143 ARGS measure ${no_sources} --json -- sh -c "kill -TERM $$"
  JSON "measurement.signal=15")
aifoot_cli_test(NAME measure_not_found EXIT 127 STDERR "cannot run 'aifoot-no-such-command'" ARGS
  measure ${no_sources} -- aifoot-no-such-command)
aifoot_cli_test(NAME measure_no_command EXIT 2 STDERR "needs a command to run" ARGS measure)
# Nothing measured: the energy, carbon and water figures are null, not 0 (issue #17).
aifoot_cli_test(NAME measure_nothing_measurable EXIT 0
  STDERR "GPU energy \\(NVML\\) not measured: .*CPU and DRAM energy \\(RAPL\\) not measured: no powercap tree"
  STDOUT "\"energy_kwh\": {[^}]*\"total\": null[^}]*}.*\"co2e_kg\": {[^}]*\"operational\": null"
  ARGS measure ${no_sources} --json -- sleep 0.1
  JSON "measurement.unavailable.0.source=nvml" "measurement.unavailable.1.source=rapl"
       "assumptions.1.origin=unavailable:nvml"
       "assumptions.2.origin=unavailable:rapl" "measurement.devices=[]")
aifoot_cli_test(NAME measure_nothing_table EXIT 0 STDOUT "measured +nothing +no energy source is readable" ARGS
  measure ${no_sources} -- true)
aifoot_cli_test(NAME measure_output_file EXIT 0 STDOUT "^hello\n$" ARGS
  measure ${no_sources} --json -o ${CMAKE_CURRENT_BINARY_DIR}/measure_output.json -- echo hello)
aifoot_cli_test(NAME measure_bad_zone_runs_nothing EXIT 3 STDERR "unknown grid zone 'XX-NOWHERE'" ARGS
  measure ${no_sources} --zone XX-NOWHERE -- sh -c "exit 9")
aifoot_cli_test(NAME measure_bad_interval EXIT 3 STDERR "interval must be between 10ms and 10s" ARGS
  measure ${no_sources} --interval 1ms -- true)
aifoot_cli_test(NAME measure_bad_gpus EXIT 3 STDERR "invalid value '0,x' for gpus" ARGS
  measure ${no_sources} --gpus 0,x -- true)

# Fake NVML: the energy counter advances at the scripted power; results within 1%.
aifoot_cli_test(NAME measure_fake_nvml EXIT 0 ARGS
  measure ${fake_nvml} --powercap-root /nonexistent --zone FR --interval 50ms --json -- sleep 0.5
  JSON "measurement.measured.0=nvml" "measurement.devices.0.method=nvml_energy_counter"
       "measurement.devices.0.average_power_w=300~0.01" "measurement.devices.1.average_power_w=150~0.01"
       "measurement.devices.1.name=Fake GPU 1" "energy_kwh.accelerators=0.0000625~0.3"
       "assumptions.1.origin=measured:nvml" "time.devices=2~0")
set_tests_properties(cli.measure_fake_nvml PROPERTIES ENVIRONMENT "NO_COLOR=1;FAKE_NVML_WATTS=300,150")
# No energy counter: power samples integrated; the library comes from AIFOOT_NVML_LIBRARY.
aifoot_cli_test(NAME measure_fake_nvml_power_samples EXIT 0 ARGS
  measure --powercap-root /nonexistent --interval 20ms --json -- sleep 0.4
  JSON "measurement.devices.0.method=nvml_power_samples" "measurement.devices.0.average_power_w=250~0.01"
       "measurement.devices.0.name=NVIDIA H100 80GB HBM3" "assumptions.4.value=h100-sxm")
set_tests_properties(cli.measure_fake_nvml_power_samples PROPERTIES ENVIRONMENT
  "NO_COLOR=1;FAKE_NVML_WATTS=250;FAKE_NVML_NO_ENERGY=1;FAKE_NVML_NAMES=NVIDIA H100 80GB HBM3;AIFOOT_NVML_LIBRARY=$<TARGET_FILE:fake_nvml>")
aifoot_cli_test(NAME measure_fake_nvml_init_error EXIT 0 STDERR "GPU energy \\(NVML\\) not measured: nvmlInit failed: Unknown Error \\(NVML error 9\\)" ARGS
  measure ${fake_nvml} --powercap-root /nonexistent -- true)
set_tests_properties(cli.measure_fake_nvml_init_error PROPERTIES ENVIRONMENT "NO_COLOR=1;FAKE_NVML_INIT_ERROR=9")
aifoot_cli_test(NAME measure_fake_nvml_missing_gpu EXIT 3 STDERR "--gpus: no GPU 5 \\(NVML reports 1 GPU\\)" ARGS
  measure ${fake_nvml} --gpus 5 -- true)

# Fake RAPL trees: the measured command itself advances the counters (atomically, by rename),
# through a wrap-around of the package counter: package 999 J -> wrap at 1,000 J -> 200 J -> 500 J
# is 501 J; DRAM 0 -> 50 J -> 120 J is 120 J.
function(aifoot_fake_powercap test dir)
  add_test(NAME cli.${test}_setup COMMAND sh -c
    "rm -rf '${dir}' && mkdir -p '${dir}/intel-rapl:0' '${dir}/intel-rapl:0:2' && cd '${dir}' && printf package-0 > intel-rapl:0/name && printf dram > intel-rapl:0:2/name && printf 1000000000 > intel-rapl:0/max_energy_range_uj && printf 1000000000 > intel-rapl:0:2/max_energy_range_uj && printf 999000000 > intel-rapl:0/energy_uj && printf 0 > intel-rapl:0:2/energy_uj")
  set_tests_properties(cli.${test}_setup PROPERTIES FIXTURES_SETUP ${test}_powercap)
  set_tests_properties(cli.${test} PROPERTIES FIXTURES_REQUIRED ${test}_powercap)
endfunction()
function(aifoot_rapl_script out dir)
  set(p "${dir}/intel-rapl:0/energy_uj")
  set(d "${dir}/intel-rapl:0:2/energy_uj")
  set(${out} "printf 200000000 > ${p}.t && mv ${p}.t ${p} && printf 50000000 > ${d}.t && mv ${d}.t ${d} && sleep 0.3 && printf 500000000 > ${p}.t && mv ${p}.t ${p} && printf 120000000 > ${d}.t && mv ${d}.t ${d} && sleep 0.2" PARENT_SCOPE)
endfunction()

set(rapl_dir "${CMAKE_CURRENT_BINARY_DIR}/fake_powercap_rapl")
aifoot_rapl_script(rapl_script "${rapl_dir}")
aifoot_cli_test(NAME measure_fake_rapl EXIT 0 ARGS
  measure --powercap-root ${rapl_dir} --nvml-library /nonexistent/libnvidia-ml.so.1 --interval 50ms --zone FR --pue 1.5
  --json -- sh -c "${rapl_script}"
  JSON "measurement.measured.0=rapl" "measurement.devices.0.id=package-0" "measurement.devices.0.energy_j=501~0.01"
       "measurement.devices.1.id=dram-0" "measurement.devices.1.energy_j=120~0.01"
       "measurement.energy_kwh.cpu=0.000139166667~0.01" "energy_kwh.host=0.0001725~0.01"
       "energy_kwh.facility_overhead=0.00008625~0.01" "assumptions.2.origin=measured:rapl")
aifoot_fake_powercap(measure_fake_rapl "${rapl_dir}")

# Both fakes, end to end: RAPL through AIFOOT_POWERCAP_ROOT, NVML at 300 W; with --expect and budgets.
set(both_dir "${CMAKE_CURRENT_BINARY_DIR}/fake_powercap_both")
aifoot_rapl_script(both_script "${both_dir}")
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/measure_expect.json" "{\"name\": \"bench\", \"hardware\": \"h100-sxm\"}\n")
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/measure_budget.json"
  "{\"limits\": {\"energy_kwh.total\": 10},\n \"warn\": {\"measurement.energy_kwh.cpu\": 0.0001},\n \"scenarios\": {\"bench\": {\"limits\": {\"measurement.energy_kwh.dram\": 0.00001}}}}\n")
aifoot_cli_test(NAME measure_fake_both EXIT 1 STDERR "budget warning: measurement.energy_kwh.cpu.*budget exceeded: measurement.energy_kwh.dram" ARGS
  measure ${fake_nvml} --interval 50ms --zone FR --host-rest-power 0
  --expect ${CMAKE_CURRENT_BINARY_DIR}/measure_expect.json --budget ${CMAKE_CURRENT_BINARY_DIR}/measure_budget.json
  --json -- sh -c "${both_script}"
  JSON "measurement.measured.0=nvml" "measurement.measured.1=rapl"
       "measurement.devices.0.average_power_w=300~0.01" "measurement.devices.1.energy_j=501~0.01"
       "energy_kwh.host=0.0001725~0.01" "expected.scenario=${CMAKE_CURRENT_BINARY_DIR}/measure_expect.json"
       "expected.filled_from_measurement.0=zone" "expected.filled_from_measurement.1=hours"
       "expected.energy_kwh.accelerators.ratio=0.5357~0.02" "expected.estimate.kind=training"
       "budget.exceeded=ON" "budget.findings.2.section=bench" "budget.findings.2.level=exceeded")
set_tests_properties(cli.measure_fake_both PROPERTIES ENVIRONMENT
  "NO_COLOR=1;FAKE_NVML_WATTS=300;AIFOOT_POWERCAP_ROOT=${both_dir}")
aifoot_fake_powercap(measure_fake_both "${both_dir}")

# Budgets and formats.
aifoot_cli_test(NAME measure_budget_exceeded EXIT 1 STDERR "budget exceeded: energy_kwh.total" STDOUT "Budget" ARGS
  measure ${fake_nvml} --powercap-root /nonexistent --max-kwh 1e-9 -- sleep 0.1)
aifoot_cli_test(NAME measure_failure_beats_budget EXIT 4 STDERR "budget exceeded.*the command exited with code 4" ARGS
  measure ${fake_nvml} --powercap-root /nonexistent --max-kwh 1e-9 -- sh -c "sleep 0.1 && exit 4")
aifoot_cli_test(NAME measure_budget_bad_metric EXIT 3 STDERR "budget metric 'energy_kwh.totl' is not in the result" ARGS
  measure ${no_sources} --budget ${CMAKE_CURRENT_BINARY_DIR}/measure_bad_budget.json -- sh -c "exit 9")
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/measure_bad_budget.json" "{\"limits\": {\"energy_kwh.totl\": 1}}\n")
aifoot_cli_test(NAME measure_csv EXIT 0 STDOUT "^kind,boundary,.*,measurement.duration_s,.*measurement.unavailable\nmeasurement,facility," ARGS
  measure ${no_sources} --format csv -- true)
aifoot_cli_test(NAME measure_markdown EXIT 0 STDOUT "\\| measurement \\| value \\| detail \\|" ARGS
  measure ${no_sources} --format markdown -- true)
aifoot_cli_test(NAME measure_explain EXIT 0 STDOUT "gpu_energy +0 kWh +unavailable:nvml" ARGS
  measure ${no_sources} --explain -- true)

# Inference and lifecycle (issue #4).
aifoot_cli_test(NAME infer_mlenergy_point EXIT 0 ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --batch 64 --output-tokens 600 --boundary accelerator --json
  JSON "schema=aifoot.footprint/1" "kind=inference" "throughput.energy_j_per_token=0.119~0.15"
       "throughput.bound=memory" "throughput.devices_per_replica=1~1e-9")
aifoot_cli_test(NAME infer_issue_example EXIT 0 STDOUT "Per request" ARGS
  infer --model deepseek-r1 --hardware h800 --requests 1M/day --days 365 --input-tokens 500
  --output-tokens 1500 --reasoning-tokens 2000 --region alibaba:cn-hangzhou)
aifoot_cli_test(NAME infer_period_json EXIT 0 ARGS
  infer --model deepseek-r1 --hardware h800 --precision fp8 --requests 1M/day --days 365 --input-tokens 500
  --output-tokens 1500 --reasoning-tokens 2000 --region alibaba:cn-hangzhou --json
  JSON "workload.requests=365000000~1e-9" "workload.reasoning_tokens=2000~1e-9" "time.wall_hours=8760~1e-9")
aifoot_cli_test(NAME infer_csv EXIT 0 STDOUT "per_request.energy_wh" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 100 --zone FR --format csv)
aifoot_cli_test(NAME infer_missing_output EXIT 3 STDERR "missing output tokens" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm)
aifoot_cli_test(NAME infer_bad_sparsity EXIT 3 STDERR "only 2:4 structured sparsity" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 10 --sparsity 1:8)
aifoot_cli_test(NAME infer_days_without_rate EXIT 3 STDERR "--days needs --requests" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 10 --days 3)
aifoot_cli_test(NAME infer_budget EXIT 1 STDERR "budget exceeded" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 100 --requests 1M/day --zone FR --max-kwh 1)
aifoot_cli_test(NAME lifecycle_flags EXIT 0 ARGS
  lifecycle --train.hardware h800 --train.device-hours 100000 --train.zone CN
  --infer.model deepseek-r1-distill-qwen-7b --infer.hardware h800 --infer.output-tokens 1000
  --infer.requests 100k/day --infer.days 365 --infer.zone CN --json
  JSON "kind=lifecycle" "workload.requests=36500000~1e-9")
aifoot_cli_test(NAME lifecycle_file EXIT 0 STDOUT "Serving passes training" ARGS
  lifecycle --train ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --infer.model llama-3.1-8b
  --infer.hardware h100-sxm --infer.output-tokens 500 --infer.requests 1M/day --infer.zone US)
aifoot_cli_test(NAME lifecycle_needs_serving EXIT 2 STDERR "needs a serving phase" ARGS
  lifecycle --train.hardware h800 --train.device-hours 10)
aifoot_cli_test(NAME lifecycle_needs_rate EXIT 3 STDERR "needs a request rate" ARGS
  lifecycle --train.hardware h800 --train.device-hours 10 --infer.model llama-3.1-8b --infer.hardware h100-sxm
  --infer.output-tokens 10)

# Every kind through the shared scenario entry point.
aifoot_cli_test(NAME batch_kinds EXIT 0 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  STDOUT "^\\{\"line\":1,\"schema\":\"aifoot.footprint/1\",\"kind\":\"training\"[^\n]*\n\\{\"line\":2,[^\n]*\"kind\":\"inference\"[^\n]*\n\\{\"line\":3,[^\n]*\"lifecycle\"" ARGS batch)
aifoot_cli_test(NAME batch_lifecycle_prefix EXIT 3 STDOUT "lifecycle field 'hardware' needs a phase prefix" ARGS
  batch ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/lifecycle_unprefixed.jsonl)
aifoot_cli_test(NAME sweep_inference EXIT 0 ARGS
  sweep --kind inference --model llama-3.1-8b --hardware a100-80gb,h100-sxm --batch 8,64 --output-tokens 600 --zone FR
  --sort token-energy --json JSON "scenarios.0.fields.batch=64")
aifoot_cli_test(NAME compare_inference_field_on_training EXIT 3 STDOUT "error" ARGS
  compare --hardware a100-80gb --hardware h100-sxm --device-hours 10 --batch 8)

# Uncertainty ranges.
aifoot_cli_test(NAME uncertainty_table EXIT 0 STDOUT "Energy \\(facility\\) +[0-9,]+ MWh  \\([0-9,.]+( [MG]Wh)?–[0-9,.]+ [MG]Wh\\)" ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1)
aifoot_cli_test(NAME uncertainty_json EXIT 0 ARGS
  train --hardware v100 --devices 10000 --days 14.8 --avg-power 300..360 --pue 1.1 --ci 429 --json --seed 3 --samples 500
  JSON "uncertainty/energy_kwh.total/p50=1289376~0.02" "uncertainty_method.samples=500" "uncertainty_method.seed=3"
       "sensitivity/energy_kwh.total/0/input=device_power")
aifoot_cli_test(NAME no_uncertainty EXIT 0 STDOUT_ABSENT "\"uncertainty\"" STDOUT "energy_kwh" ARGS
  train --hardware h100-sxm --device-hours 100 --zone FR --json --no-uncertainty)
aifoot_cli_test(NAME bad_samples EXIT 3 STDERR "samples must be between 10 and 1,000,000" ARGS
  train --hardware h100-sxm --device-hours 100 --zone FR --samples 3)
aifoot_cli_test(NAME bad_range EXIT 3 STDERR "the low end is above the high end" ARGS
  train --hardware h100-sxm --device-hours 100 --zone FR --pue 1.5..1.2)
aifoot_cli_test(NAME explain_sensitivity EXIT 0 STDOUT "range of co2e_kg.total explained by: grid_intensity" ARGS
  train --hardware h100-sxm --device-hours 1000 --avg-power 500 --explain)

# Validation against published footprints.
aifoot_cli_test(NAME validate_json EXIT 0 ARGS validate --format json
  JSON "schema=aifoot.validation/1")
aifoot_cli_test(NAME validate_markdown EXIT 0 STDOUT "^\\| kind \\| mode \\| metric" ARGS validate --format markdown)
aifoot_cli_test(NAME validate_bad_cases EXIT 4 STDERR "validation cases" ARGS
  validate --cases ${CMAKE_CURRENT_SOURCE_DIR}/cli/cases.cmake)

# CI gates.
aifoot_cli_test(NAME check_pass EXIT 0 STDOUT "passed" ARGS
  check --budget ${PROJECT_SOURCE_DIR}/examples/budget.json ${PROJECT_SOURCE_DIR}/examples/serving_llama8b.json
  ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json)
aifoot_cli_test(NAME check_exceeded EXIT 1 STDOUT "exceeded" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json)
aifoot_cli_test(NAME check_json EXIT 1 ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --report json
  JSON "schema=aifoot.check/1" "passed=OFF" "scenarios.0.budget.exceeded=ON")
aifoot_cli_test(NAME check_github EXIT 1 STDOUT "::error title=aifoot budget gpt3_training::co2e_kg.total" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --report github)
aifoot_cli_test(NAME check_baseline_regression EXIT 1 STDOUT "regressed" ARGS
  check --baseline ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/gpt3_baseline.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --max-regression 5%)
aifoot_cli_test(NAME check_needs_budget EXIT 2 STDERR "check needs --budget" ARGS
  check ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json)
add_test(NAME cli.check_junit_xml COMMAND bash -c "\"$<TARGET_FILE:aifoot>\" check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json ${PROJECT_SOURCE_DIR}/examples/serving_llama8b.json --report junit | python3 -c \"import sys, xml.etree.ElementTree as ET; r = ET.fromstring(sys.stdin.read()); s = r.find('testsuite'); assert int(s.get('failures')) == 1 and len(s.findall('testcase')) == 2, ET.tostring(r)\"")
add_test(NAME example.ci_cleanest_deployment COMMAND bash ${PROJECT_SOURCE_DIR}/examples/ci/cleanest_deployment.sh $<TARGET_FILE:aifoot>)
set_tests_properties(example.ci_cleanest_deployment PROPERTIES PASS_REGULAR_EXPRESSION "cleanest: ")
aifoot_cli_test(NAME user_catalog_csv EXIT 0 ARGS
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/onprem_catalog.csv
  train --hardware our-gpu --device-hours 100 --zone FR --json --no-uncertainty
  JSON "energy_kwh.accelerators=25~1e-9" "energy_kwh.host=5~1e-9")
aifoot_cli_test(NAME user_catalog_csv_bad_row EXIT 4 STDERR "bad_catalog.csv: line 3: has 2 columns, the header has 3" ARGS
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/bad_catalog.csv list hardware)
aifoot_cli_test(NAME hf_model_card EXIT 0
  STDOUT "^co2_eq_emissions:\n  emissions: [0-9]+\n  source: \"aifoot [0-9.]+ estimate[^\n]*; grid US-MIDA-PJM: lifecycle, consumption-based[^\n]*\n  training_type: \"pre-training\"\n  geographical_location: \"aws:us-east-1 \\(US-MIDA-PJM\\)\"\n  hardware_used: \"4,096 x h100-sxm\"\n$" ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1 --format hf-model-card)

# Image and video generation (issue #19, docs/generation.md).
aifoot_cli_test(NAME generate_issue_example EXIT 0 STDOUT "Per 1,000 images.*Time per image" ARGS
  generate --model flux.1-dev --hardware h100-sxm --width 1024 --height 1024 --steps 28)
aifoot_cli_test(NAME generate_explain EXIT 0 STDOUT "Assumptions.*denoiser_efficiency.*catalog:diffusion_models/flux.1-dev" ARGS
  generate --model flux.1-dev --hardware h100-sxm --width 1024 --height 1024 --steps 28 --explain)
aifoot_cli_test(NAME generate_json EXIT 0 ARGS
  generate --model flux.1-dev --hardware h100-sxm --steps 28 --boundary accelerator --zone FR --json
  JSON "kind=generation" "generation.latent_tokens=4608~1e-9" "generation.passes_per_step=1~1e-9"
       "per_item.energy_wh=1.2~0.05")
aifoot_cli_test(NAME generate_video_json EXIT 0 ARGS
  generate --model wan2.1-t2v-14b --hardware h100-sxm --zone US-CA --json
  JSON "generation.media=video" "generation.latent_tokens=75600~1e-9" "generation.frames=81~1e-9")
aifoot_cli_test(NAME generate_period EXIT 0 ARGS
  generate --model sdxl --hardware a100-80gb --requests 10k/day --days 30 --zone DE --json
  JSON "generation.items=300000~1e-9" "generation.days=30~1e-9")
aifoot_cli_test(NAME generate_frames_on_image_model EXIT 3 STDERR "--frames 49 for 'flux.1-dev', which makes images" ARGS
  generate --model flux.1-dev --hardware h100-sxm --frames 49)
aifoot_cli_test(NAME generate_unknown_model EXIT 3 STDERR "unknown diffusion model 'flux-1-dev'.*flux.1-dev" ARGS
  generate --model flux-1-dev --hardware h100-sxm)
aifoot_cli_test(NAME generate_count_and_rate EXIT 3 STDERR "--count and --requests" ARGS
  generate --model sdxl --hardware h100-sxm --count 5 --requests 5/s)
aifoot_cli_test(NAME generate_budget EXIT 1 STDERR "budget exceeded" ARGS
  generate --model wan2.1-t2v-14b --hardware h100-sxm --count 100 --zone FR --max-kwh 1)
aifoot_cli_test(NAME generate_batch_jsonl EXIT 3 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/generation.jsonl
  STDOUT "\"kind\":\"generation\".*\"per_item\".*\"kind\":\"generation\".*which makes images" ARGS batch --format jsonl)
aifoot_cli_test(NAME generate_sweep EXIT 0 ARGS
  sweep --kind generation --model flux.1-dev,sana-1.6b --hardware h100-sxm --zone FR --sort item-energy --json
  JSON "scenarios.0.fields.model=sana-1.6b")
aifoot_cli_test(NAME list_diffusion_models EXIT 0 STDOUT "hunyuanvideo.*video" ARGS
  list diffusion-models)
aifoot_cli_test(NAME generate_check_budget EXIT 1 STDOUT "exceeded +per_item.energy_wh" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/generation_budget.json ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/generation_scenario.json)
# One accounting basis at a time (issue #16): the grid basis in every output, warnings on mixes,
# water scope, catalog filter.
aifoot_cli_test(NAME basis_paris_same_default EXIT 0 ARGS
  compare --region gcp:europe-west9 --region aws:eu-west-3 --hardware h100-sxm --device-hours 1000 --json
  JSON "scenarios.0.result.grid.zone=FR" "scenarios.1.result.grid.zone=FR"
       "scenarios.0.result.grid.basis_option=lifecycle" "scenarios.0.result.grid.emissions=lifecycle"
       "scenarios.0.result.grid.label=FR: lifecycle, production-based, CO2e, ember 2024"
       "scenarios.1.result.grid.label=FR: lifecycle, production-based, CO2e, ember 2024")
aifoot_cli_test(NAME basis_provider_labelled EXIT 0 ARGS
  train --region gcp:europe-west9 --grid-basis provider --hardware h100-sxm --device-hours 1000 --json
  JSON "grid.basis_option=provider" "grid.source=provider" "grid.emissions=direct"
       "grid.dataset=google-region-carbon" "grid.year=2024")
aifoot_cli_test(NAME basis_compare_mixed_warns EXIT 0
  STDERR "aifoot: warning: compare mixes grid-intensity bases \\(lifecycle vs direct" ARGS
  compare --grid-basis lifecycle --grid-basis provider --region gcp:europe-west9 --hardware h100-sxm --device-hours 1000)
aifoot_cli_test(NAME basis_sweep_vintage_warns EXIT 0
  STDERR "aifoot: warning: sweep mixes grid-intensity bases \\(.*2024 vs 2020 data" ARGS
  sweep --zone FR,US-CA --hardware h100-sxm --device-hours 1000 --grid-basis provider)
aifoot_cli_test(NAME basis_table_footer EXIT 0
  STDOUT "Grid basis +FR: lifecycle, production-based, CO2e, ember 2024 \\(--grid-basis lifecycle\\)" ARGS
  train --region aws:eu-west-3 --hardware h100-sxm --device-hours 1000)
aifoot_cli_test(NAME basis_parent_zone_trail EXIT 0 STDOUT "zone CN-ZJ has only a direct" ARGS
  train --region alibaba:cn-hangzhou --hardware h800 --device-hours 1000 --explain)
aifoot_cli_test(NAME basis_csv_columns EXIT 0 STDOUT "grid.basis_option,grid.source,grid.zone,grid.emissions" ARGS
  train --region aws:eu-west-3 --hardware h100-sxm --device-hours 1000 --format csv)
aifoot_cli_test(NAME basis_bad_value EXIT 3 STDERR "unknown grid basis 'market' for grid-basis\naifoot: hint: use lifecycle" ARGS
  train --region aws:eu-west-3 --hardware h100-sxm --device-hours 1000 --grid-basis market)
aifoot_cli_test(NAME water_scope_onsite EXIT 0 STDOUT "Water \\(onsite\\).*Per request +[0-9.]+ Wh, [0-9.]+ g CO2e, [0-9.]+ mL" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --input-tokens 500 --output-tokens 300 --region aws:us-east-1 --water-scope onsite)
aifoot_cli_test(NAME water_scope_json EXIT 0 ARGS
  train --hardware h100-sxm --device-hours 1000 --zone FR --wue 1 --ewif 2 --pue 1.5 --avg-power 1000 --host-power 0 --water-scope offsite --json
  JSON "water_scope=offsite" "water_l.onsite=1000~1e-9" "water_l.offsite=3000~1e-9"
       "water_l.headline=3000~1e-9" "water_l.total=4000~1e-9")
aifoot_cli_test(NAME list_filter_ids_only EXIT 0 STDOUT "gcp:europe-west9" STDOUT_ABSENT "azure:" ARGS
  list regions --filter gcp)
aifoot_cli_test(NAME basis_check_mixed_warns EXIT 0
  STDERR "aifoot: warning: check mixes grid-intensity bases \\(a user --ci value of unknown basis" ARGS
  check --budget ${PROJECT_SOURCE_DIR}/examples/budget.json ${PROJECT_SOURCE_DIR}/examples/serving_llama8b.json
  ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json)
aifoot_cli_test(NAME basis_batch_mixed_warns EXIT 3
  STDERR "aifoot: warning: batch mixes grid-intensity bases" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.jsonl
  ARGS batch)
aifoot_cli_test(NAME basis_compare_table_and_csv EXIT 0
  STDOUT "grid_basis\n.*\"JP-TK: lifecycle, consumption-based, CO2e, electricitymaps 2024\"" ARGS
  compare --region gcp:asia-northeast1 --region aws:ap-northeast-1 --hardware h100-sxm --device-hours 1000 --format csv)
aifoot_cli_test(NAME basis_compare_table EXIT 0
  STDOUT "Grid basis\n  gcp:asia-northeast1  JP-TK: lifecycle" ARGS
  compare --region gcp:asia-northeast1 --region aws:ap-northeast-1 --hardware h100-sxm --device-hours 1000)
# Front door (issue #20): --format on check, formats a command cannot write, help, errors per
# scenario, closed models, the --explain layout, typed factors and SIGINT.
aifoot_cli_test(NAME check_format_junit EXIT 1 STDOUT "^<\\?xml[^\n]*\n<testsuites>" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --format junit)
aifoot_cli_test(NAME check_format_github EXIT 1 STDOUT "::error title=aifoot budget gpt3_training" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --format github)
aifoot_cli_test(NAME check_format_markdown EXIT 0 STDOUT "\\|" STDOUT_ABSENT "^llama-8b-serving\n" ARGS
  check --budget ${PROJECT_SOURCE_DIR}/examples/budget.json ${PROJECT_SOURCE_DIR}/examples/serving_llama8b.json --format markdown)
aifoot_cli_test(NAME check_format_and_report_agree EXIT 1 STDOUT "<testsuites>" ARGS
  check --budget ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/tight_budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --format junit --report junit)
aifoot_cli_test(NAME check_format_and_report_differ EXIT 2
  STDERR "aifoot: error: --format junit and --report github ask for different reports\naifoot: hint: give one of them" ARGS
  check --budget ${PROJECT_SOURCE_DIR}/examples/budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --format junit --report github)
aifoot_cli_test(NAME check_format_csv EXIT 2
  STDERR "^aifoot: error: 'aifoot check' cannot write --format csv\naifoot: hint: 'aifoot check' writes table, json, markdown, junit, github\n$" ARGS
  check --budget ${PROJECT_SOURCE_DIR}/examples/budget.json ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json --format csv)
aifoot_cli_test(NAME batch_format_model_card EXIT 2 STDOUT_ABSENT "." STDIN ${PROJECT_SOURCE_DIR}/examples/gpt3_training.json
  STDERR "'aifoot batch' cannot write --format hf-model-card\naifoot: hint: 'aifoot batch' writes table, jsonl, json, csv, markdown" ARGS
  batch --format hf-model-card)
aifoot_cli_test(NAME compare_format_model_card EXIT 2 STDOUT_ABSENT "." STDERR "'aifoot compare' cannot write --format hf-model-card" ARGS
  compare --hardware a100-80gb --hardware h100-sxm --device-hours 1000 --zone FR --format hf-model-card)
aifoot_cli_test(NAME sweep_format_junit EXIT 2 STDERR "'aifoot sweep' cannot write --format junit" ARGS
  sweep --hardware a100-80gb,h100-sxm --device-hours 1000 --zone FR --format junit)
aifoot_cli_test(NAME list_format_model_card EXIT 2 STDOUT_ABSENT "." STDERR "'aifoot list' cannot write --format hf-model-card" ARGS
  list hardware --format hf-model-card)
aifoot_cli_test(NAME show_format_csv EXIT 2 STDERR "'aifoot show' cannot write --format csv" ARGS
  show h100-sxm --format csv)
aifoot_cli_test(NAME validate_format_csv EXIT 2 STDERR "'aifoot validate' cannot write --format csv" ARGS
  validate --format csv)
aifoot_cli_test(NAME train_format_junit EXIT 2 STDERR "'aifoot train' cannot write --format junit\naifoot: hint: 'aifoot train' writes table, json, jsonl, csv, markdown, hf-model-card" ARGS
  train --hardware h100-sxm --device-hours 1 --zone FR --format junit)
aifoot_cli_test(NAME infer_format_md_alias EXIT 0 STDOUT "\\| metric \\| value \\|" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 100 --zone FR --format md)
aifoot_cli_test(NAME batch_help_no_uncertainty EXIT 0 STDOUT "--no-uncertainty skips them" ARGS batch --help)
aifoot_cli_test(NAME compare_missing_hardware EXIT 3
  STDOUT "^Not estimated\n  gpt-3 +error: missing hardware\n +hint: give --hardware[^\n]*\n  deepseek-v3 +error: missing hardware\n +hint: give --hardware[^\n]*\n\n$" ARGS
  compare --model gpt-3 --model deepseek-v3)
aifoot_cli_test(NAME compare_one_failure EXIT 3
  STDOUT "^Not estimated\n  h10 +error: unknown hardware 'h10'\n +hint: did you mean[^\n]*\n\nEnergy \\(energy_kwh.total\\)\n  a100-80gb +[0-9]"
  STDOUT_ABSENT "error: [^\n]*\n[^\n]*\n[^\n]*error:" ARGS
  compare --hardware a100-80gb --hardware h10 --device-hours 10 --zone FR)
aifoot_cli_test(NAME closed_model_table EXIT 0
  STDOUT "\n  Model +gpt-4 \\(closed model: parameters are third-party estimates\\)\n  Energy" ARGS
  train --model gpt-4 --tokens 13T --hardware a100-40gb --devices 25000 --zone US)
aifoot_cli_test(NAME closed_model_markdown EXIT 0 STDOUT "\\| \\*\\*Model\\*\\* \\| gpt-4 \\(closed model" ARGS
  infer --model gpt-4 --hardware h100-sxm --output-tokens 100 --zone US --format markdown)
aifoot_cli_test(NAME closed_model_lifecycle EXIT 0 STDOUT "Model \\(training\\) +gpt-4 \\(closed model[^\n]*\n  Model \\(inference\\) +gpt-4 \\(closed model" ARGS
  lifecycle --train.model gpt-4 --train.hardware a100-40gb --train.device-hours 57M --train.zone US
  --infer.model gpt-4 --infer.hardware h100-sxm --infer.output-tokens 500 --infer.requests 1M/day --infer.days 365 --infer.zone US)
aifoot_cli_test(NAME closed_model_compare EXIT 0 STDOUT "^Note: gpt-4: closed model: parameters are third-party estimates\n\nEnergy" ARGS
  compare --model deepseek-v3 --model gpt-4 --hardware h800 --hardware a100-40gb --devices 2048 --devices 25000 --days 56.7 --days 95 --zone CN --zone US)
aifoot_cli_test(NAME open_model_no_note EXIT 0 STDOUT_ABSENT "Model |closed model" ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1)
aifoot_cli_test(NAME explain_columns EXIT 0
  STDOUT "\n  name +value +origin\n.*\n  peak_flops +989,500,000,000,000 FLOP/s  +catalog:hardware/h100-sxm\n.*\nSources \\(run 'aifoot show SOURCE-ID' for the citation\\):\n.*\n  catalog:hardware/h100-sxm\n      hw-nvidia-h100-datasheet, "
  STDOUT_ABSENT "FLOP/scatalog" ARGS
  train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 --region aws:us-east-1 --explain)
aifoot_cli_test(NAME tokens_per_second_range EXIT 0
  STDOUT "\"name\": \"tokens_per_s\",[^}]*\"p5\": 800[^}]*\"p95\": 1200[^}]*\"origin\": \"user range\"" ARGS
  infer --model llama-3.1-8b --hardware h100-sxm --output-tokens 500 --tokens-per-second 800..1200 --zone FR --json)
aifoot_cli_test(NAME uncertainty_unknown_factor EXIT 4
  STDERR "bad_uncertainty.json: record 1 \\('tps-wide'\\): field 'factor' names no uncertain factor \\('tokens_per_second'\\): use one of mfu, " ARGS
  --catalog ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/bad_uncertainty.json train --hardware h100-sxm --device-hours 1 --zone FR)
aifoot_cli_test(NAME help_exit_codes EXIT 0 STDOUT "130 interrupted" ARGS --help)
add_test(NAME cli.batch_interrupted COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/interrupt_test.sh $<TARGET_FILE:aifoot>)
# The README's worked examples (questions 2, 3 and 5; 1 is closed_model_compare, 4 check_pass).
aifoot_cli_test(NAME readme_r1_vs_distilled EXIT 0 STDOUT "Energy per request \\(per_request.energy_wh\\)\n  deepseek-r1 " ARGS
  compare --kind inference --model deepseek-r1 --model deepseek-r1-distill-qwen-32b
  --hardware h800 --input-tokens 500 --output-tokens 1500 --reasoning-tokens 2000 --zone CN)
aifoot_cli_test(NAME readme_billion_requests EXIT 0 ARGS
  sweep --kind inference --model llama-3.1-70b --hardware h100-sxm --requests 1G/day --days 365
  --input-tokens 1000 --output-tokens 500 --region aws:us-east-1,gcp:europe-north1,azure:eastasia --sort co2e --json
  JSON "schema=aifoot.sweep/1" "scenarios.0.fields.region=gcp:europe-north1" "scenarios.2.result.workload.requests=365000000000~1e-9")
aifoot_cli_test(NAME readme_hardware_sweep EXIT 0 STDOUT "^Energy \\(energy_kwh.total\\)\n  mi300x " ARGS
  sweep --model llama-3.1-8b --tokens 1T --hardware a100-80gb,h100-sxm,h200,mi300x --zone US --sort energy)

# Stream records with uncertainty (#18): headline ranges by default, --full-record as a one-off
# estimate prints them, --fields picks members by their JSON path.
aifoot_cli_test(NAME batch_default_record_headline_ranges EXIT 0 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  STDOUT "^\\{\"line\":1,[^\n]*\"uncertainty\":\\{\"energy_kwh.total\":\\{\"p5\":[^}]*\\},\"co2e_kg.total\":\\{[^}]*\\},\"water_l.total\":\\{[^}]*\\}\\},\"uncertainty_method\":\\{\"method\":\"latin-hypercube\",\"samples\":256,\"seed\":1\\},\"notes\""
  STDOUT_ABSENT "sensitivity|\"inputs\"|co2e_kg.operational\":\\{" ARGS batch)
aifoot_cli_test(NAME batch_full_record EXIT 0 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  STDOUT "^\\{\"line\":1,[^\n]*\"co2e_kg.operational\":\\{\"p5\"[^\n]*\"sensitivity\":\\{\"energy_kwh.total\":.[^\n]*\"inputs\":.\\{\"name\""
  ARGS batch --full-record)
aifoot_cli_test(NAME batch_fields_jsonl EXIT 3 STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.jsonl
  STDOUT "^\\{\"line\":1,\"name\":null,\"co2e_kg.total\":[0-9.e+]+,\"uncertainty.co2e_kg.total.p95\":[0-9.e+]+,\"grid.zone\":\"[^\"]*\"\\}\n\\{\"line\":2,\"error\":\"unknown hardware 'h10'\"[^\n]*\n[^\n]*\n\\{\"line\":5,\"name\":\"x\",\"co2e_kg.total\":[0-9.e+]+,[^\n]*\\}\n$"
  ARGS batch --fields name,co2e_kg.total,uncertainty.co2e_kg.total.p95,grid.zone)
aifoot_cli_test(NAME batch_fields_csv EXIT 3
  STDOUT "^line,name,energy_kwh.total,uncertainty.time.device_hours.p95,error\n2,fr,[0-9.e+]+,[0-9.e+]+,\n3,pl,[0-9.e+]+,[0-9.e+]+,\n4,,,,[^\n]*row has 3 columns"
  ARGS batch ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/mixed.csv --format csv --fields name,energy_kwh.total,uncertainty.time.device_hours.p95)
aifoot_cli_test(NAME batch_fields_unknown EXIT 2 STDOUT_ABSENT "."
  STDERR "unknown field 'energy_kwh.totl'\naifoot: hint: did you mean 'energy_kwh.total'" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  ARGS batch --fields name,energy_kwh.totl)
aifoot_cli_test(NAME batch_fields_range_hint EXIT 2
  STDERR "unknown field 'co2e_kg.total.p95'\naifoot: hint: did you mean 'uncertainty.co2e_kg.total.p95'\\?" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  ARGS batch --fields co2e_kg.total.p95)
aifoot_cli_test(NAME batch_fields_markdown EXIT 2 STDERR "--fields selects the columns of JSONL, JSON or CSV" STDIN ${CMAKE_CURRENT_SOURCE_DIR}/cli/input/kinds.jsonl
  ARGS batch --format markdown --fields name)
