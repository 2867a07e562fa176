#include "generate_command.hpp"

#include "output.hpp"

#include <aifoot/generation.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/uncertainty.hpp>

#include <fmt/format.h>

namespace aifoot::cli {
namespace {

std::string title_of(const GenerationScenario& s, const Footprint& f) {
  const Assumption* model = find_assumption(f, "model");
  const Assumption* hardware = find_assumption(f, "hardware");
  std::string on = hardware ? hardware->text : "";
  if (f.generation) {
    on = fmt::format("{} x {}", format_number(f.generation->devices_per_replica), on);
  }
  const std::string where = s.site.region ? *s.site.region : s.site.zone.value_or("");
  return fmt::format("{} footprint: {} on {}{}",
                     f.generation && f.generation->media == "video" ? "Video generation"
                                                                    : "Image generation",
                     model ? model->text : "",
                     on,
                     where.empty() ? "" : ", " + where);
}

} // namespace

void add_generate_command(CLI::App& app, GenerateOptions& options) {
  CLI::App* generate =
      app.add_subcommand("generate", "estimate the footprint of generating images or videos");
  options.command = generate;
  options.fields.declare(*generate, generation_field_specs());
  add_budget_flags(*generate, options.budgets);
  generate->footer(
      "Examples:\n"
      "  aifoot generate --model flux.1-dev --hardware h100-sxm --width 1024 --height 1024 "
      "--steps 28\n"
      "  aifoot generate --model wan2.1-t2v-14b --hardware h100-sxm --devices-per-replica 8 "
      "--requests 10k/day --days 30 --region aws:us-east-1\n"
      "Diffusion cost model (docs/generation.md): latent tokens from resolution, VAE and patch "
      "size (and frames for video), steps x guidance passes of a compute-bound denoiser with "
      "attention quadratic in tokens, text encoder and VAE decoder, sequence-parallel exchanges; "
      "power follows utilisation. Calibrated on ML.ENERGY v3 text-to-image; video follows from "
      "the same physics. Totals are for one item unless --count or --requests is given.");
}

ExitCode run_generate(const GenerateOptions& options, const GlobalOptions& global) {
  GenerationScenario scenario;
  for (const auto& [name, text] : options.fields.given()) {
    set_generation_field(scenario, name, text);
  }
  const Catalog catalog = load_catalog(global);
  Footprint footprint = estimate_generation(scenario, catalog);
  if (const auto uncertainty = global.uncertainty()) {
    add_uncertainty(footprint, scenario.ranges, catalog, *uncertainty);
  }
  return report_estimate(
      footprint, catalog, global, title_of(scenario, footprint), options.budgets);
}

} // namespace aifoot::cli
