#include "train_command.hpp"

#include "output.hpp"

#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>
#include <aifoot/uncertainty.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <cstdio>

namespace aifoot::cli {
namespace {

std::string title_of(const TrainingScenario& s, const Footprint& f) {
  std::string what = s.model ? *s.model : "training run";
  const Assumption* hardware = find_assumption(f, "hardware");
  std::string on = hardware ? hardware->text : "";
  if (f.time.devices) {
    on = fmt::format("{} x {}", format_number(*f.time.devices), on);
  }
  const std::string where = s.site.region ? *s.site.region : s.site.zone.value_or("");
  return fmt::format("Training footprint: {} on {}{}", what, on, where.empty() ? "" : ", " + where);
}

} // namespace

void add_train_command(CLI::App& app, TrainOptions& options) {
  CLI::App* train = app.add_subcommand("train", "estimate the footprint of a training run");
  options.command = train;
  options.fields.declare(*train, training_field_specs());
  train
      ->add_option("--scenario",
                   options.scenario_file,
                   "read fields from a JSON scenario file (- for stdin); flags override them")
      ->type_name("FILE");
  add_budget_flags(*train, options.budgets);
  train->footer(
      "Examples:\n"
      "  aifoot train --hardware v100 --devices 10000 --days 14.8 --avg-power 330 --pue 1.1 --ci "
      "429\n"
      "  aifoot train --model llama-3.1-70b --tokens 15T --hardware h100-sxm --devices 4096 "
      "--region aws:us-east-1\n"
      "Device time comes from --device-hours, else --devices x --hours/--days, else compute "
      "(--flops, or --model/--params with --tokens) / (peak x MFU).");
}

ExitCode run_train(const TrainOptions& options, const GlobalOptions& global) {
  require_footprint_format(global, "train");
  TrainingScenario scenario;
  if (!options.scenario_file.empty()) {
    const ScenarioFields from_file =
        parse_scenario_json(read_input(options.scenario_file), options.scenario_file);
    if (from_file.kind != "training") {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: is a {} scenario, not a training one",
                              options.scenario_file,
                              from_file.kind),
                  fmt::format("use 'aifoot {}' for it",
                              from_file.kind == "inference" ? "infer" : from_file.kind));
    }
    for (const auto& [name, value] : from_file.fields) {
      set_training_field(scenario, name, value);
    }
  }
  for (const auto& [name, text] : options.fields.given()) {
    set_training_field(scenario, name, text);
  }
  const Catalog catalog = load_catalog(global);
  Footprint footprint = estimate_training(scenario, catalog);
  if (const auto uncertainty = global.uncertainty()) {
    add_uncertainty(footprint, scenario.ranges, catalog, *uncertainty);
  }
  return report_estimate(
      footprint, catalog, global, title_of(scenario, footprint), options.budgets);
}

} // namespace aifoot::cli
