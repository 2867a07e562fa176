#include "measure_command.hpp"

#include "output.hpp"
#include "result_output.hpp"
#include "runner.hpp"
#include "text_table.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/measurement.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

namespace aifoot::cli {
namespace {

using nlohmann::ordered_json;

// The training fields that also make sense for a measured run: where it ran and what the catalog
// should assume for the parts nobody measured.
constexpr std::array<std::string_view, 14> k_measure_fields{"hardware",
                                                            "region",
                                                            "zone",
                                                            "provider",
                                                            "pue",
                                                            "ci",
                                                            "cfe",
                                                            "wue",
                                                            "ewif",
                                                            "lifetime",
                                                            "embodied",
                                                            "boundary",
                                                            "grid-basis",
                                                            "water-scope"};
// Fields a training scenario may take from the measure flags when it names no location itself.
constexpr std::array<std::string_view, 8> k_site_fields{
    "region", "zone", "provider", "pue", "ci", "cfe", "wue", "ewif"};
// Fields that give a training scenario its time or compute; without any, --expect uses the
// measured duration.
constexpr std::array<std::string_view, 6> k_time_fields{
    "device-hours", "hours", "days", "flops", "tokens", "model"};

double parse_interval_s(const std::string& text) {
  std::string_view value = text;
  while (!value.empty() && value.back() == ' ') {
    value.remove_suffix(1);
  }
  double seconds = 0;
  if (value.ends_with("ms")) {
    value.remove_suffix(2);
    seconds = parse_number(value, "interval") / 1000.0;
  } else {
    seconds = parse_duration_h(value, "interval", "s") * k_seconds_per_hour;
  }
  // At most 10 s: RAPL counters with a 2^32 µJ range wrap after about 20 s at 200 W, and a
  // wrap between two readings can only be recognised once.
  if (!(seconds >= 0.01 && seconds <= 10.0)) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("interval must be between 10ms and 10s (got '{}')", text),
                "e.g. --interval 100ms or --interval 1s");
  }
  return seconds;
}

std::optional<std::vector<unsigned>> parse_gpus(const std::string& text) {
  if (text == "all") {
    return std::nullopt;
  }
  std::vector<unsigned> indexes;
  if (text == "none") {
    return indexes;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    unsigned index = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), index);
    if (item.empty() || ec != std::errc{} || end != item.data() + item.size()) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("invalid value '{}' for gpus", text),
                  "use all, none, or GPU indexes like 0,1");
    }
    if (std::find(indexes.begin(), indexes.end(), index) != indexes.end()) {
      // Counted twice, one GPU's energy would be added twice.
      throw Error(ErrorKind::invalid_input,
                  fmt::format("invalid value '{}' for gpus: GPU {} is listed twice", text, index),
                  "list each GPU index once, e.g. 0,1");
    }
    indexes.push_back(index);
    start = comma + 1;
  }
  return indexes;
}

std::string env_or(const std::string& flag, const char* variable, const char* fallback) {
  if (!flag.empty()) {
    return flag;
  }
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? value : fallback;
}

bool has_field(const ScenarioFields& scenario, std::string_view name) {
  return std::any_of(scenario.fields.begin(), scenario.fields.end(), [&](const auto& f) {
    return f.first == name;
  });
}

// The --expect scenario, completed from the measurement where it is silent: a training scenario
// without time or compute runs for the measured duration on the measured GPUs, and one without a
// location inherits the measure flags' site. The scenario's own fields always win.
ScenarioFields complete_expected(const ScenarioFields& scenario,
                                 const MeasureOptions& options,
                                 double duration_s,
                                 std::size_t gpus,
                                 std::vector<std::string>& filled) {
  ScenarioFields out = scenario;
  if (scenario.kind != "training") {
    return out;
  }
  std::vector<std::pair<std::string, std::string>> defaults;
  if (!has_field(scenario, "region") && !has_field(scenario, "zone")) {
    for (const auto name : k_site_fields) {
      if (options.app->count(fmt::format("--{}", name)) > 0 && !has_field(scenario, name)) {
        defaults.emplace_back(std::string(name), options.fields.find(name)->second);
        filled.emplace_back(name);
      }
    }
  }
  const bool has_time = std::any_of(k_time_fields.begin(),
                                    k_time_fields.end(),
                                    [&](std::string_view f) { return has_field(scenario, f); });
  if (!has_time) {
    defaults.emplace_back("hours", fmt::format("{}s", duration_s));
    filled.emplace_back("hours");
    if (!has_field(scenario, "devices")) {
      defaults.emplace_back("devices", fmt::format("{}", std::max<std::size_t>(gpus, 1)));
      filled.emplace_back("devices");
    }
  }
  if (!has_field(scenario, "hardware") && options.app->count("--hardware") > 0) {
    defaults.emplace_back("hardware", options.fields.find("hardware")->second);
    filled.emplace_back("hardware");
  }
  out.fields = defaults;
  out.fields.insert(out.fields.end(), scenario.fields.begin(), scenario.fields.end());
  return out;
}

ordered_json ratio_json(double measured, double estimated) {
  ordered_json out;
  out["measured"] = measured;
  out["estimated"] = estimated;
  out["ratio"] = estimated > 0 ? ordered_json(measured / estimated) : ordered_json(nullptr);
  return out;
}

ordered_json expected_json(const Footprint& measured,
                           const Footprint& expected,
                           const std::string& source,
                           const std::vector<std::string>& filled,
                           const std::string& data_version) {
  ordered_json out;
  out["scenario"] = source;
  out["filled_from_measurement"] = filled;
  out["energy_kwh"] = {
      {"accelerators",
       ratio_json(measured.energy.accelerators_kwh, expected.energy.accelerators_kwh)},
      {"host", ratio_json(measured.energy.host_kwh, expected.energy.host_kwh)},
      {"it", ratio_json(measured.energy.it_kwh(), expected.energy.it_kwh())},
      {"facility", ratio_json(measured.energy.facility_kwh(), expected.energy.facility_kwh())},
      {"total", ratio_json(measured.energy.total_kwh, expected.energy.total_kwh)}};
  out["co2e_kg"] = {{"total", ratio_json(measured.co2e.total_kg, expected.co2e.total_kg)}};
  out["water_l"] = {{"total", ratio_json(measured.water.total_l, expected.water.total_l)}};
  out["estimate"] = to_json(expected, data_version);
  return out;
}

std::string command_line(const std::vector<std::string>& command) {
  std::string text;
  for (const auto& arg : command) {
    const bool quote = arg.empty() || arg.find_first_of(" \t'\"") != std::string::npos;
    text += fmt::format("{}{}", text.empty() ? "" : " ", quote ? fmt::format("'{}'", arg) : arg);
  }
  return text.size() > 60 ? fmt::format("{}...", text.substr(0, 57)) : text;
}

std::string method_label(std::string_view method) {
  if (method == "nvml_energy_counter") {
    return "NVML energy counter";
  }
  if (method == "nvml_power_samples") {
    return "NVML power samples";
  }
  return "RAPL energy counter";
}

// What a run produced, for printing.
struct Report {
  const Footprint& footprint;
  const measure::RunResult& run;
  const ordered_json& result; // the full JSON result
  const Footprint* expected = nullptr;
  const std::string& expect_file;
  const BudgetCheck* budget = nullptr;
  std::string title;
};

struct Line {
  std::string label;
  std::string value;
  std::string detail;
};

std::vector<Line> measurement_lines(const Report& report) {
  const MeasuredEnergy& energy = report.run.energy;
  std::vector<Line> lines;
  const ordered_json& sources = report.result.at("measurement").at("measured");
  std::vector<std::string> measured;
  for (const auto& source : sources) {
    measured.push_back(source.get<std::string>());
  }
  lines.push_back({"measured",
                   measured.empty() ? "nothing" : fmt::format("{}", fmt::join(measured, ", ")),
                   measured.empty()
                       ? "no energy source is readable: the energy above is unknown, not zero"
                       : "other figures are estimated (see --explain)"});
  lines.push_back({"duration",
                   fmt::format("{} s", format_number(energy.duration_s)),
                   fmt::format("{} samples every {} ms",
                               energy.ticks,
                               format_number(energy.interval_s * 1000))});
  for (const auto& device : energy.devices) {
    const double window_s = device.window_s > 0 ? device.window_s : energy.duration_s;
    const double watts = window_s > 0 ? device.energy_j / window_s : 0.0;
    lines.push_back({device.kind == MeasuredKind::gpu ? fmt::format("{} {}", device.id, device.name)
                                                      : device.id,
                     format_energy_kwh(device.energy_j / k_joules_per_kwh),
                     fmt::format("measured, {} W average, {}",
                                 format_number(watts),
                                 method_label(device.method))});
  }
  if (const Assumption* rest = find_assumption(report.footprint, "rest_of_host_energy")) {
    const Assumption* power = find_assumption(report.footprint, "rest_of_host_power");
    lines.push_back({"rest of host",
                     format_energy_kwh(rest->value),
                     fmt::format("estimated, {} W ({})",
                                 power != nullptr ? format_number(power->value) : "0",
                                 power != nullptr ? power->origin : "")});
  }
  for (const auto& missing : energy.unavailable) {
    lines.push_back({fmt::format("not measured: {}", missing.source), "", missing.reason});
  }
  lines.push_back({"command exit code",
                   fmt::format("{}", report.run.status.exit_code),
                   report.run.status.signal
                       ? fmt::format("killed by signal {}", *report.run.status.signal)
                       : ""});
  lines.push_back(
      {"sampler overhead",
       fmt::format("{}%",
                   format_number(energy.duration_s > 0
                                     ? 100.0 * report.run.sampler_cpu_s / energy.duration_s
                                     : 0.0)),
       fmt::format("of one core ({} s CPU)", format_number(report.run.sampler_cpu_s))});
  return lines;
}

std::vector<std::array<std::string, 4>> expected_rows(const Footprint& m, const Footprint& e) {
  const auto ratio = [](double measured, double estimated) {
    return estimated > 0 ? fmt::format("{:.2f}", measured / estimated) : std::string("-");
  };
  const auto energy = [&](const char* label, double measured, double estimated) {
    return std::array<std::string, 4>{label,
                                      format_energy_kwh(measured),
                                      format_energy_kwh(estimated),
                                      ratio(measured, estimated)};
  };
  return {energy("accelerators", m.energy.accelerators_kwh, e.energy.accelerators_kwh),
          energy("host", m.energy.host_kwh, e.energy.host_kwh),
          energy("IT (accelerators + host)", m.energy.it_kwh(), e.energy.it_kwh()),
          energy("facility", m.energy.facility_kwh(), e.energy.facility_kwh()),
          {"carbon",
           format_mass_kg(m.co2e.total_kg) + "CO2e",
           format_mass_kg(e.co2e.total_kg) + "CO2e",
           ratio(m.co2e.total_kg, e.co2e.total_kg)},
          {"water",
           format_volume_l(m.water.total_l),
           format_volume_l(e.water.total_l),
           ratio(m.water.total_l, e.water.total_l)}};
}

std::string finding_text(const BudgetFinding& f) {
  std::string limits;
  if (f.limit) {
    limits += fmt::format("limit {}", format_number(*f.limit));
  }
  if (f.warn) {
    limits += fmt::format("{}warn {}", limits.empty() ? "" : ", ", format_number(*f.warn));
  }
  return limits;
}

void write_table_sections(std::FILE* out, const Report& report) {
  constexpr TextTable::Column k_label{.min_width = 28, .gap = 0};
  constexpr TextTable::Column k_value{.min_width = 14, .gap = 0};
  TextTable measured({k_label, k_value, {}});
  for (const auto& line : measurement_lines(report)) {
    measured.add_row({line.label, line.value, line.detail});
  }
  fmt::print(out, "\nMeasurement\n{}", measured.render());
  if (report.expected != nullptr) {
    TextTable compared({k_label, k_value, k_value, {}});
    compared.add_row({"", "measured", "estimated", "ratio"});
    for (const auto& row : expected_rows(report.footprint, *report.expected)) {
      compared.add_row({row[0], row[1], row[2], row[3]});
    }
    fmt::print(out, "\nMeasured vs expected ({})\n{}", report.expect_file, compared.render());
  }
  if (report.budget != nullptr) {
    TextTable budget({k_label, k_value, {.min_width = 22, .gap = 0}, {}});
    for (const auto& f : report.budget->findings) {
      budget.add_row({f.section.empty() ? f.metric : fmt::format("{} [{}]", f.metric, f.section),
                      format_number(f.value),
                      finding_text(f),
                      std::string(to_string(f.level))});
    }
    fmt::print(out, "\nBudget\n{}", budget.render());
  }
}

void write_markdown_sections(std::FILE* out, const Report& report) {
  fmt::print(out, "\n| measurement | value | detail |\n|---|---:|---|\n");
  for (const auto& line : measurement_lines(report)) {
    fmt::print(out, "| {} | {} | {} |\n", line.label, line.value, line.detail);
  }
  if (report.expected != nullptr) {
    fmt::print(out,
               "\n| vs `{}` | measured | estimated | ratio |\n|---|---:|---:|---:|\n",
               report.expect_file);
    for (const auto& row : expected_rows(report.footprint, *report.expected)) {
      fmt::print(out, "| {} | {} | {} | {} |\n", row[0], row[1], row[2], row[3]);
    }
  }
  if (report.budget != nullptr) {
    fmt::print(out, "\n| budget | value | threshold | result |\n|---|---:|---|---|\n");
    for (const auto& f : report.budget->findings) {
      fmt::print(out,
                 "| {} | {} | {} | {} |\n",
                 f.metric,
                 format_number(f.value),
                 finding_text(f),
                 to_string(f.level));
    }
  }
}

void write_csv(std::FILE* out,
               const Report& report,
               const Catalog& catalog,
               const GlobalOptions& global) {
  // The footprint columns exactly as `train` writes them, then measurement, expected and budget
  // columns appended.
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* memory = open_memstream(&buffer, &size);
  if (memory == nullptr) {
    throw Error(ErrorKind::internal, "cannot allocate the CSV buffer");
  }
  write_footprint(memory, report.footprint, catalog, global, report.title);
  std::fclose(memory);
  const std::string text(buffer, size);
  std::free(buffer); // NOLINT(cppcoreguidelines-no-malloc): open_memstream allocates with malloc
  const std::size_t newline = text.find('\n');
  std::string header = text.substr(0, newline);
  std::string row = newline == std::string::npos ? "" : text.substr(newline + 1);
  while (!row.empty() && row.back() == '\n') {
    row.pop_back();
  }
  std::vector<std::pair<std::string, std::string>> cells;
  ordered_json measurement = report.result.at("measurement");
  measurement.erase("devices");
  ordered_json unavailable = measurement["unavailable"];
  measurement.erase("unavailable");
  std::vector<std::string> reasons;
  for (const auto& entry : unavailable) {
    reasons.push_back(fmt::format(
        "{}: {}", entry.at("source").get<std::string>(), entry.at("reason").get<std::string>()));
  }
  std::vector<std::string> sources;
  for (const auto& source : measurement["measured"]) {
    sources.push_back(source.get<std::string>());
  }
  measurement["measured"] = fmt::format("{}", fmt::join(sources, ";"));
  measurement["command"] =
      fmt::format("{}", fmt::join(measurement["command"].get<std::vector<std::string>>(), " "));
  flatten(measurement, "measurement", cells);
  cells.emplace_back("measurement.unavailable", fmt::format("{}", fmt::join(reasons, "; ")));
  if (report.result.contains("expected")) {
    ordered_json expected = report.result.at("expected");
    expected.erase("estimate");
    expected.erase("filled_from_measurement");
    flatten(expected, "expected", cells);
  }
  if (report.result.contains("budget")) {
    cells.emplace_back("budget.exceeded",
                       report.budget != nullptr && report.budget->exceeded() ? "true" : "false");
    cells.emplace_back("budget.warned",
                       report.budget != nullptr && report.budget->warned() ? "true" : "false");
  }
  for (const auto& [name, value] : cells) {
    header += fmt::format(",{}", csv_field(name));
    row += fmt::format(",{}", csv_field(value));
  }
  fmt::print(out, "{}\n{}\n", header, row);
}

void write_report(std::FILE* out,
                  const Report& report,
                  const Catalog& catalog,
                  const GlobalOptions& global) {
  switch (global.format()) {
  case Format::table:
    write_footprint(out, report.footprint, catalog, global, report.title);
    write_table_sections(out, report);
    break;
  case Format::markdown:
    write_footprint(out, report.footprint, catalog, global, report.title);
    write_markdown_sections(out, report);
    break;
  case Format::json:
    fmt::print(out, "{}\n", report.result.dump(2));
    break;
  case Format::jsonl:
    fmt::print(out, "{}\n", report.result.dump());
    break;
  case Format::csv:
    write_csv(out, report, catalog, global);
    break;
  }
}

} // namespace

void add_measure_command(CLI::App& app, MeasureOptions& options) {
  CLI::App* measure =
      app.add_subcommand("measure", "run a command and measure its real energy (NVML, RAPL)");
  options.app = measure;
  measure->add_option("command", options.command, "the command to run, after --")
      ->type_name("COMMAND [ARGS...]");
  measure->add_option("--interval", options.interval, "sampling interval, e.g. 100ms, 1s")
      ->type_name("DURATION")
      ->capture_default_str();
  measure->add_option("--gpus", options.gpus, "GPUs to measure: all, none, or indexes like 0,1")
      ->type_name("all|none|LIST")
      ->capture_default_str();
  measure
      ->add_option("--expect",
                   options.expect_file,
                   "also estimate this scenario and compare it with the measurement")
      ->type_name("SCENARIO.json");
  measure->add_option(
      "--name", options.name, "label of the run (selects a budget file's scenario section)");
  measure
      ->add_option("--host-rest-power",
                   options.host_rest_power,
                   "power of the host parts NVML and RAPL do not see (NIC, storage, fans), W for "
                   "the machine")
      ->type_name("POWER");
  for (const FieldSpec& spec : training_field_specs()) {
    if (std::find(k_measure_fields.begin(), k_measure_fields.end(), spec.name)
        == k_measure_fields.end()) {
      continue;
    }
    const std::string name(spec.name);
    const std::string help =
        name == "hardware" ? "accelerator profile for the host share and embodied carbon (default: "
                             "matched from the GPU name)"
                           : field_help(spec.help, spec.name);
    measure->add_option(fmt::format("--{}", name), options.fields[name], help)
        ->type_name(std::string(spec.placeholder));
  }
  measure
      ->add_option("--powercap-root",
                   options.powercap_root,
                   "RAPL sysfs tree (default $AIFOOT_POWERCAP_ROOT or /sys/class/powercap)")
      ->type_name("DIR")
      ->group("Sources");
  measure
      ->add_option("--nvml-library",
                   options.nvml_library,
                   "NVML library to load (default $AIFOOT_NVML_LIBRARY or libnvidia-ml.so.1)")
      ->type_name("PATH")
      ->group("Sources");
  add_budget_flags(*measure, options.budgets);
  measure
      ->add_option("--budget", options.budget_file, "budget file: exit 1 when a limit is exceeded")
      ->type_name("FILE")
      ->group("Budgets");
  measure->footer(
      "Examples:\n"
      "  aifoot measure -- python train.py --epochs 1\n"
      "  aifoot measure --region aws:us-east-1 --json --max-kwh 2 -- ./bench.sh\n"
      "  aifoot measure --expect scenario.json -- ./bench.sh\n"
      "Put the command after --. GPUs are measured with NVML (energy counter, else power "
      "samples), CPU packages and DRAM with RAPL (/sys/class/powercap); the rest of the host is "
      "estimated from the catalog. Exit code: the command's when it fails (127 not found, 128+N "
      "killed by signal N), else 1 when a budget is exceeded, else 0. See docs/measure.md.");
}

ExitCode run_measure(const MeasureOptions& options, const GlobalOptions& global) {
  require_format(global, "measure", {"table", "json", "jsonl", "csv", "markdown"});
  if (options.command.empty()) {
    throw UsageError("measure needs a command to run, e.g. 'aifoot measure -- sleep 1'");
  }
  const double interval_s = parse_interval_s(options.interval);
  const auto gpu_selection = parse_gpus(options.gpus);

  // Every input is checked before the command runs: a typo must not cost a benchmark run.
  TrainingScenario fields;
  for (const auto name : k_measure_fields) {
    if (options.app->count(fmt::format("--{}", name)) > 0) {
      set_training_field(fields, name, options.fields.find(name)->second);
    }
  }
  MeasureScenario scenario;
  scenario.site = fields.site;
  scenario.boundary = fields.boundary;
  scenario.hardware = fields.device.hardware;
  scenario.lifetime_years = fields.device.lifetime_years;
  scenario.embodied_kgco2e_per_device = fields.device.embodied_kgco2e_per_device;
  if (!options.host_rest_power.empty()) {
    scenario.rest_of_host_w = parse_power_w(options.host_rest_power, "host-rest-power");
  }
  const Catalog catalog = load_catalog(global);
  MeasuredEnergy dry_run;
  dry_run.duration_s = 1;
  dry_run.devices.push_back({"gpu0", MeasuredKind::gpu, "", "nvml_energy_counter", 0, 1, 1});
  const Footprint dry_footprint = footprint_from_measurement(dry_run, scenario, catalog);

  std::optional<ScenarioFields> expect;
  std::optional<Footprint> dry_expected;
  if (!options.expect_file.empty()) {
    expect = parse_scenario_json(read_input(options.expect_file), options.expect_file);
    std::vector<std::string> ignored;
    dry_expected =
        estimate_scenario(complete_expected(*expect, options, 3600, 1, ignored), catalog);
  }
  const std::string name = !options.name.empty() ? options.name : expect ? expect->name : "";

  Budget budget;
  if (!options.budget_file.empty()) {
    budget = parse_budget_json(read_input(options.budget_file), options.budget_file);
  }
  const std::array<std::pair<const std::string*, const char*>, 3> inline_limits{{
      {&options.budgets.max_kwh, "energy_kwh.total"},
      {&options.budgets.max_kgco2e, "co2e_kg.total"},
      {&options.budgets.max_water_l, "water_l.headline"},
  }};
  for (const auto& [limit, metric] : inline_limits) {
    if (!limit->empty()) {
      budget.rules.push_back({metric, parse_number(*limit, metric), std::nullopt});
    }
  }
  const bool has_budget = !budget.rules.empty() || !budget.scenarios.empty();
  if (has_budget) {
    ordered_json probe = to_json(dry_footprint, catalog.data_version());
    probe["measurement"] = measurement_to_json(dry_run, dry_footprint);
    if (dry_expected) {
      probe["expected"] = expected_json(
          dry_footprint, *dry_expected, options.expect_file, {}, catalog.data_version());
    }
    static_cast<void>(check_budget(budget, probe, name));
  }

  // -o FILE is written beside FILE and renamed over it once complete (close-on-exec, so the
  // command does not inherit it); standard output stays the command's.
  std::optional<ReplacingFile> output_file;
  std::FILE* out = stdout;
  if (global.output != "-") {
    output_file.emplace(global.output);
    out = output_file->stream();
  }

  // Samplers: block the signals first so that threads NVML starts inherit the mask.
  const measure::SignalBlock signals;
  measure::RaplReader rapl(
      env_or(options.powercap_root, "AIFOOT_POWERCAP_ROOT", measure::k_default_powercap_root));
  std::optional<measure::NvmlSampler> nvml;
  std::vector<UnavailableSource> unavailable;
  if (gpu_selection && gpu_selection->empty()) {
    unavailable.push_back({"nvml", "disabled with --gpus none"});
  } else {
    nvml.emplace(
        env_or(options.nvml_library, "AIFOOT_NVML_LIBRARY", measure::k_default_nvml_library),
        gpu_selection);
    if (!nvml->available()) {
      unavailable.push_back({"nvml", nvml->unavailable_reason()});
    }
  }
  if (!rapl.available()) {
    unavailable.push_back({"rapl", rapl.unavailable_reason()});
  }
  for (const auto& skipped : rapl.skipped()) {
    if (rapl.available()) {
      spdlog::warn("rapl: {}", skipped);
    }
  }
  for (const auto& missing : unavailable) {
    spdlog::warn("{} not measured: {}",
                 missing.source == "nvml" ? "GPU energy (NVML)" : "CPU and DRAM energy (RAPL)",
                 missing.reason);
  }
  if (unavailable.size() == 2) {
    spdlog::warn(
        "nothing can be measured on this machine: the command runs, and the result says so");
  }
  if (measure::interrupt_pending(signals)) {
    spdlog::error("interrupted before the command started");
    return ExitCode::interrupted;
  }

  measure::RunResult run;
  try {
    run = measure::run_measured(options.command,
                                interval_s,
                                rapl.available() ? &rapl : nullptr,
                                nvml && nvml->available() ? &*nvml : nullptr,
                                signals);
  } catch (const measure::SpawnError& e) {
    spdlog::error("{}", e.what());
    return static_cast<ExitCode>(e.exit_code());
  }
  run.energy.unavailable = unavailable;

  const Footprint footprint = footprint_from_measurement(run.energy, scenario, catalog);
  ordered_json result = to_json(footprint, catalog.data_version());
  ordered_json measurement;
  measurement["command"] = options.command;
  measurement["exit_code"] = run.status.exit_code;
  measurement["signal"] =
      run.status.signal ? ordered_json(*run.status.signal) : ordered_json(nullptr);
  const ordered_json measured_json = measurement_to_json(run.energy, footprint);
  for (const auto& [key, value] : measured_json.items()) {
    measurement[key] = value;
  }
  measurement["sampler"] = {
      {"cpu_s", run.sampler_cpu_s},
      {"share_of_one_core",
       run.energy.duration_s > 0 ? run.sampler_cpu_s / run.energy.duration_s : 0.0}};
  result["measurement"] = std::move(measurement);
  null_unmeasured(result, run.energy);

  // From here on the command has run: a failing comparison or budget check is reported in the
  // result and the exit code, but never costs the measurement.
  std::optional<ExitCode> late_error;
  const auto report_late = [&](const char* what, const Error& e) {
    spdlog::error("{}: {}", what, e.what());
    late_error = exit_code_for(e.kind());
    return ordered_json{{"error", e.what()}};
  };
  std::optional<Footprint> expected;
  if (expect) {
    std::vector<std::string> filled;
    try {
      expected = estimate_scenario(
          complete_expected(
              *expect, options, run.energy.duration_s, run.energy.count(MeasuredKind::gpu), filled),
          catalog);
      result["expected"] =
          expected_json(footprint, *expected, options.expect_file, filled, catalog.data_version());
    } catch (const Error& e) {
      result["expected"] = report_late("cannot compare with --expect", e);
      result["expected"]["scenario"] = options.expect_file;
    }
  }
  std::optional<BudgetCheck> check;
  if (has_budget) {
    try {
      check = check_budget(budget, result, name);
      result["budget"] = budget_check_to_json(*check);
    } catch (const Error& e) {
      result["budget"] = report_late("cannot check the budget", e);
    }
  }

  for (const auto& note : footprint.notes) {
    spdlog::info("{}", note);
  }
  log_trail(footprint);
  const std::string where =
      scenario.site.region ? *scenario.site.region : scenario.site.zone.value_or("");
  const Report report{footprint,
                      run,
                      result,
                      expected ? &*expected : nullptr,
                      options.expect_file,
                      check ? &*check : nullptr,
                      fmt::format("Measured footprint: {}{}{}{}",
                                  name.empty() ? command_line(options.command) : name,
                                  where.empty() ? "" : ", ",
                                  where,
                                  run.energy.devices.empty()
                                      ? " (NOTHING MEASURED: no readable energy source, see below)"
                                      : "")};
  try {
    write_report(out, report, catalog, global);
    if (output_file) {
      output_file->commit();
    } else {
      check_written(stdout, "standard output");
    }
  } catch (const std::exception& e) {
    // The command's own failure is the news: a write error must not mask its exit code.
    if (run.status.exit_code == 0) {
      throw;
    }
    spdlog::error("{}", one_line(e.what()));
    spdlog::warn("the command exited with code {}", run.status.exit_code);
    // Drop what could not be written, so that the final check of standard output in run() does
    // not report the same failure again as exit 5.
    if (!output_file && std::freopen("/dev/null", "w", stdout) == nullptr) {
      spdlog::debug("cannot reopen standard output on /dev/null");
    }
    return static_cast<ExitCode>(run.status.exit_code);
  }

  if (check) {
    for (const auto& f : check->findings) {
      if (f.level == BudgetLevel::exceeded) {
        spdlog::error("budget exceeded: {} = {} > limit {}",
                      f.metric,
                      format_number(f.value),
                      format_number(*f.limit));
      } else if (f.level == BudgetLevel::warn) {
        spdlog::warn("budget warning: {} = {} > warn {}",
                     f.metric,
                     format_number(f.value),
                     format_number(*f.warn));
      }
    }
  }
  if (run.status.exit_code != 0) {
    spdlog::warn("the command {} with code {}",
                 run.status.signal ? fmt::format("was killed by signal {}", *run.status.signal)
                                   : "exited",
                 run.status.exit_code);
    return static_cast<ExitCode>(run.status.exit_code);
  }
  if (late_error) {
    return *late_error;
  }
  return check && check->exceeded() ? ExitCode::budget_exceeded : ExitCode::ok;
}

} // namespace aifoot::cli
