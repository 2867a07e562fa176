#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/factor.hpp>

#include <map>
#include <optional>
#include <string>

namespace aifoot {

// What the headline energy total includes (docs/design.md §2.1). The breakdown is always reported.
enum class Boundary {
  accelerator, // accelerator boards only (what nvidia-smi style measurements cover)
  server,      // accelerators + host (IT energy)
  facility,    // IT energy x PUE (default)
};

std::string_view to_string(Boundary boundary);
// Parses "accelerator", "server" or "facility"; throws Error(invalid_input) otherwise.
Boundary parse_boundary(std::string_view text, std::string_view field);

// Which grid carbon intensities an estimate uses (issue #16, docs/carbon-and-water.md).
enum class GridBasisOption {
  lifecycle, // default: the zone's lifecycle factor (consumption-based where the dataset is),
             // whichever provider names the region; a zone with only a direct factor takes its
             // parent country's
  provider,  // the region's provider-published figure where there is one, else the zone's
};

std::string_view to_string(GridBasisOption option);
// Parses "lifecycle" or "provider"; throws Error(invalid_input) naming `field` otherwise.
GridBasisOption parse_grid_basis(std::string_view text, std::string_view field);

// Which water the headline figures (totals, per request, --max-water-l) count (DESIGN §2.4):
// on-site cooling water, off-site water of electricity generation, or both. The breakdown is always
// shown.
enum class WaterScope { onsite, offsite, total };

std::string_view to_string(WaterScope scope);
// Parses "onsite", "offsite" or "total"; throws Error(invalid_input) naming `field` otherwise.
WaterScope parse_water_scope(std::string_view text, std::string_view field);

// Where the work runs, and what the user knows better than the catalog about it. Every field is
// optional: an absent value comes from the region, then the zone, then a documented default.
struct SiteInputs {
  std::optional<std::string> region; // "provider:region", e.g. "aws:us-east-1"
  std::optional<std::string> zone;   // grid zone id, e.g. "FR", "US-CA"
  // operator of a site that is not a listed region, e.g. "gcp", "meta": its fleet PUE and WUE
  std::optional<std::string> provider;
  std::optional<double> pue;
  std::optional<double> ci_gco2_per_kwh;
  std::optional<double> cfe_fraction;   // carbon-free energy share to net out (market-based view)
  bool cfe_from_region = false;         // use the region's published CFE share
  std::optional<double> wue_l_per_kwh;  // on-site water per IT kWh
  std::optional<double> ewif_l_per_kwh; // off-site water per kWh of electricity
  GridBasisOption grid_basis = GridBasisOption::lifecycle;
  WaterScope water_scope = WaterScope::total;
};

// Ranges users give instead of a point value ("--mfu 0.3..0.5"), keyed by the factor they set:
// the low and high ends, read as p5 and p95. The point value is their midpoint.
using UserRanges = std::map<Factor, std::pair<double, double>>;

// Per-device power and embodied-carbon inputs shared by training and inference.
struct DeviceInputs {
  std::optional<std::string> hardware; // hardware id or alias
  std::optional<double> avg_power_w;   // measured average power per device
  std::optional<double> power_fraction;
  std::optional<double> host_w_per_device;
  std::optional<double> lifetime_years;
  std::optional<double> embodied_kgco2e_per_device; // accelerator + host share
};

// What reported device-hours cover (docs/training.md): the pre-training run alone (default), or the
// whole run including context extension and post-training.
enum class TrainingScope {
  pretraining,
  full,
};

std::string_view to_string(TrainingScope scope);
// Parses "pretraining" or "full"; throws Error(invalid_input) naming `field` otherwise.
TrainingScope parse_training_scope(std::string_view text, std::string_view field);

// One training run (docs/design.md §2.1). Device time comes from the first route the inputs allow:
// device-hours; devices x wall time; or compute / (peak x MFU).
struct TrainingScenario {
  std::optional<std::string> model; // preset id: gives parameters and, with `tokens`, compute
  std::optional<double> params;     // total parameters
  std::optional<double> active_params;
  std::optional<double> tokens;
  std::optional<double> flops;
  std::optional<double> seq_len; // with a model preset, adds the attention FLOPs term
  std::optional<double> mfu;
  std::optional<Precision> precision;
  std::optional<double> devices;
  std::optional<double> device_hours;
  std::optional<double> wall_hours;
  TrainingScope scope = TrainingScope::pretraining;
  DeviceInputs device;
  SiteInputs site;
  Boundary boundary = Boundary::facility;
  UserRanges ranges;
};

// How a served model is laid out on devices (docs/inference.md): one tensor-parallel replica per
// unit (the single-node benchmark shape), or DeepSeek-style pools for prefill and decode with
// data-parallel attention and the routed experts spread over many nodes.
enum class DeploymentKind { replica, expert_parallel };

std::string_view to_string(DeploymentKind kind);
// Parses "replica" or "expert-parallel" ("ep"); throws Error(invalid_input) otherwise.
DeploymentKind parse_deployment(std::string_view text, std::string_view field);

// Weight sparsity applied to a served model (issue #4). Structured 2:4 sparsity keeps 2 of every 4
// weights with a 2-bit index each and runs on sparse tensor cores at up to twice the dense math
// rate; a pruned fraction removes that share of the weights outright (a smaller dense model).
struct Sparsity {
  bool two_four = false;      // NVIDIA 2:4 structured sparsity
  double pruned_fraction = 0; // share of weights removed by structured pruning, [0, 0.95]
};

// A serving workload (docs/design.md §2.2): per-request token counts, the replica that serves them,
// and the request rate over a period. Every field is optional; absent values come from the model
// preset, the catalog and data/defaults.json.
struct InferenceScenario {
  std::optional<std::string> model;       // preset id: architecture for weights, KV cache and FLOPs
  std::optional<double> params;           // total parameters (custom model, no KV cache modelled)
  std::optional<double> active_params;    // parameters active per token (mixture-of-experts)
  std::optional<double> input_tokens;     // prompt tokens per request
  std::optional<double> output_tokens;    // visible output tokens per request
  std::optional<double> reasoning_tokens; // hidden reasoning tokens, generated (billed) as output
  std::optional<double> cached_fraction;  // share of prompt tokens served from a prefix cache
  std::optional<double> batch;            // concurrent sequences per replica (average)
  std::optional<double> devices_per_replica;
  std::optional<Precision> precision;    // weight (and compute) precision, default bf16
  std::optional<Precision> kv_precision; // KV-cache precision, default bf16
  Sparsity sparsity;
  std::optional<double> tokens_per_s; // measured output tokens/s per replica (overrides the model)
  std::optional<double> joules_per_token;   // measured accelerator J per output token (overrides)
  std::optional<double> requests_per_s;     // request rate; without it totals are for one request
  std::optional<double> period_hours;       // period of the totals, default one year with a rate
  std::optional<double> fleet_utilization;  // busy share of provisioned replicas, (0, 1]
  std::optional<DeploymentKind> deployment; // default: chosen from the demand (docs/inference.md)
  std::optional<double> prefill_devices;    // devices per prefill unit (expert-parallel)
  std::optional<double> decode_devices;     // devices per decode unit (expert-parallel)
  std::optional<double> tpot_s;             // service target: time per output token
  std::optional<double> ttft_s;             // service target: time to first token
  DeviceInputs device;
  SiteInputs site;
  Boundary boundary = Boundary::facility;
  UserRanges ranges;
};

} // namespace aifoot
