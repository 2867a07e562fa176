#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aifoot {

// The uncertain factors of an estimate (docs/design.md §2.5): each names an assumption of the
// trail that the Monte Carlo may vary, a user range ("--mfu 0.3..0.5") or a record of
// data/uncertainty.json. Adding one makes the compiler list every switch that must handle it.
enum class Factor {
  mfu,                 // model-FLOPs utilisation of training
  mfu_size_factor,     // training MFU of a small model relative to a large one
  mfu_moe_factor,      // training MFU of a mixture-of-experts model relative to a dense one
  precision_speedup,   // measured training speed-up of a lower precision over bf16
  goodput,             // share of a training run's wall time that makes progress
  scope_factor,        // device time of the whole run relative to pre-training
  power_fraction,      // average power as a share of TDP
  device_power,        // average power per device, W
  host_power,          // host power per device, W
  bw_efficiency,       // achieved share of memory bandwidth in decode
  mfu_decode,          // achieved share of peak FLOP/s in decode
  fleet_efficiency,    // achieved / modelled speed of an expert-parallel fleet
  denoiser_efficiency, // achieved share of peak FLOP/s of a diffusion denoiser
  tokens_per_s,        // measured serving throughput per replica
  joules_per_token,    // measured accelerator energy per output token
  pue,                 // power usage effectiveness
  grid_intensity,      // gCO2e per kWh
  wue,                 // on-site water, L per IT kWh
  ewif,                // off-site water, L per kWh drawn
  embodied_per_device, // embodied kgCO2e per device
  lifetime,            // service life, years
};

// The factor's name in the assumption trail, JSON output and data/uncertainty.json
// ("tokens_per_s").
std::string_view to_string(Factor factor);

// The factor named `name`, or nothing when no factor has that name.
std::optional<Factor> parse_factor(std::string_view name);

// Every factor name, comma-separated, for error hints.
std::string factor_names();

} // namespace aifoot
