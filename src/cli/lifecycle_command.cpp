#include "lifecycle_command.hpp"

#include "output.hpp"

#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>

#include <fmt/format.h>

#include <span>

namespace aifoot::cli {
namespace {

void add_phase(CLI::App& command,
               PhaseOptions& phase,
               const std::string& prefix,
               std::span<const FieldSpec> specs,
               const std::string& what) {
  const std::string group = fmt::format("{} (--{} FILE and/or --{}.FIELD)", what, prefix, prefix);
  command
      .add_option(
          "--" + prefix, phase.file, fmt::format("{}: JSON scenario file (- for stdin)", what))
      ->type_name("FILE")
      ->group(group);
  phase.fields.declare(command, specs, prefix, group);
}

// The phase's fields: its file's, then its flags' (flags override).
template <class Scenario, class Setter>
bool apply_phase(const PhaseOptions& phase, Scenario& scenario, Setter set) {
  bool given = false;
  if (!phase.file.empty()) {
    for (const auto& [name, value] :
         parse_scenario_json(read_input(phase.file), phase.file).fields) {
      set(scenario, name, value);
    }
    given = true;
  }
  for (const auto& [name, text] : phase.fields.given()) {
    set(scenario, name, text);
    given = true;
  }
  return given;
}

} // namespace

void add_lifecycle_command(CLI::App& app, LifecycleOptions& options) {
  CLI::App* lifecycle = app.add_subcommand(
      "lifecycle", "training plus serving: shares, training per request, crossover day");
  options.command = lifecycle;
  add_phase(*lifecycle, options.train, "train", training_field_specs(), "Training");
  add_phase(
      *lifecycle, options.teacher, "teacher", inference_field_specs(), "Distillation teacher");
  add_phase(*lifecycle, options.infer, "infer", inference_field_specs(), "Serving");
  add_budget_flags(*lifecycle, options.budgets);
  lifecycle->footer(
      "Each phase takes the fields of 'aifoot train' (--train.*) or 'aifoot infer' (--teacher.*, "
      "--infer.*), from a JSON scenario file ({\"hardware\": \"h800\", \"device-hours\": "
      "\"2.788M\"}), "
      "from prefixed flags, or both (flags override the file).\n"
      "--teacher.* is optional: a teacher model served over a distillation set (e.g. "
      "--teacher.requests "
      "800k/day --teacher.days 1), counted with training.\n"
      "Example:\n"
      "  aifoot lifecycle --train.model deepseek-r1 --train.hardware h800 --train.device-hours "
      "2.788M "
      "--infer.model deepseek-r1 --infer.hardware h800 --infer.requests 1M/day --infer.days 365 "
      "--infer.output-tokens 1500 --infer.reasoning-tokens 2000 --train.zone CN --infer.zone CN");
}

ExitCode run_lifecycle(const LifecycleOptions& options, const GlobalOptions& global) {
  require_footprint_format(global, "lifecycle");
  LifecycleScenario scenario;
  if (!apply_phase(options.train, scenario.training, set_training_field)) {
    throw UsageError("lifecycle needs a training phase: --train FILE or --train.FIELD flags");
  }
  InferenceScenario teacher;
  if (apply_phase(options.teacher, teacher, set_inference_field)) {
    scenario.teacher = teacher;
  }
  if (!apply_phase(options.infer, scenario.inference, set_inference_field)) {
    throw UsageError("lifecycle needs a serving phase: --infer FILE or --infer.FIELD flags");
  }
  const Catalog catalog = load_catalog(global);
  const LifecycleEstimate estimate = estimate_lifecycle(scenario, catalog);
  const Assumption* model = find_assumption(estimate.inference, "model");
  const std::string title = fmt::format("Lifecycle footprint: {} trained{} and served",
                                        model ? model->text : "custom model",
                                        scenario.teacher ? " (distilled from a teacher)" : "");
  return report_estimate(estimate.total, catalog, global, title, options.budgets);
}

} // namespace aifoot::cli
