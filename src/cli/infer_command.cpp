#include "infer_command.hpp"

#include "output.hpp"

#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/uncertainty.hpp>

#include <fmt/format.h>

namespace aifoot::cli {
namespace {

std::string title_of(const InferenceScenario& s, const Footprint& f) {
  const Assumption* model = find_assumption(f, "model");
  const Assumption* hardware = find_assumption(f, "hardware");
  std::string on = hardware ? hardware->text : "";
  if (f.throughput) {
    on = fmt::format("{} x {}", format_number(f.throughput->devices_per_replica), on);
  }
  const std::string where = s.site.region ? *s.site.region : s.site.zone.value_or("");
  return fmt::format("Inference footprint: {} on {}{}",
                     model ? model->text : "custom model",
                     on,
                     where.empty() ? "" : ", " + where);
}

} // namespace

void add_infer_command(CLI::App& app, InferOptions& options) {
  CLI::App* infer = app.add_subcommand("infer", "estimate the footprint of serving a model");
  options.command = infer;
  options.fields.declare(*infer, inference_field_specs());
  infer
      ->add_option("--scenario",
                   options.scenario_file,
                   "read fields from a JSON scenario file (- for stdin); flags override them")
      ->type_name("FILE");
  add_budget_flags(*infer, options.budgets);
  infer->footer("Examples:\n"
                "  aifoot infer --model deepseek-r1 --hardware h800 --requests 1M/day --days 365 "
                "--input-tokens 500 "
                "--output-tokens 1500 --reasoning-tokens 2000 --region alibaba:cn-hangzhou\n"
                "  aifoot infer --model llama-3.1-8b --hardware h100-sxm --batch 64 "
                "--output-tokens 600 --boundary "
                "accelerator\n"
                "Roofline serving model (docs/inference.md): decode steps read the weights and KV "
                "cache, prefill is "
                "compute-bound, power follows utilisation; factors fitted on ML.ENERGY v3 "
                "measurements. Totals are "
                "for one request unless --requests is given.");
}

ExitCode run_infer(const InferOptions& options, const GlobalOptions& global) {
  require_footprint_format(global, "infer");
  InferenceScenario scenario;
  if (!options.scenario_file.empty()) {
    const ScenarioFields from_file =
        parse_scenario_json(read_input(options.scenario_file), options.scenario_file);
    if (from_file.kind != "inference") {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: is a {} scenario, not an inference one",
                              options.scenario_file,
                              from_file.kind),
                  R"(set "kind": "inference" in the file)");
    }
    for (const auto& [name, value] : from_file.fields) {
      set_inference_field(scenario, name, value);
    }
  }
  for (const auto& [name, text] : options.fields.given()) {
    set_inference_field(scenario, name, text);
  }
  const Catalog catalog = load_catalog(global);
  Footprint footprint = estimate_inference(scenario, catalog);
  if (const auto uncertainty = global.uncertainty()) {
    add_uncertainty(footprint, scenario.ranges, catalog, *uncertainty);
  }
  return report_estimate(
      footprint, catalog, global, title_of(scenario, footprint), options.budgets);
}

} // namespace aifoot::cli
