#pragma once

#include <aifoot/scenario.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aifoot {

// One factor the estimate used: its value, unit and where it came from (docs/design.md §2.6).
struct Assumption {
  // Built with designated initializers (`Assumption{.name = "pue", .value = 1.2, ...}`); the
  // member initializers let a field be left out without a missing-initializer warning.
  std::string name{};                 // e.g. "pue", "grid_intensity"
  double value = 0;                   // numeric value (ignored when `text` is set)
  std::string text{};                 // non-empty for non-numeric values, e.g. the zone id
  std::string unit{};                 // e.g. "gCO2e/kWh"; empty for ratios
  std::string origin{};               // "user", "catalog:hardware/v100", "default:<why>", "derived"
  std::vector<std::string> sources{}; // source ids resolvable in the sources table
  std::string note{}; // why this value, when it is not obvious (fallbacks, low confidence)
  // A catalog value estimated or taken by analogy with a measured part (the hardware table's
  // low_confidence fields): its uncertainty is that of an unmeasured default (its note says so).
  bool low_confidence = false;
};

// Energy by component, kWh. accelerators + host = IT; IT + facility_overhead = facility.
struct EnergyBreakdown {
  double accelerators_kwh = 0;
  double host_kwh = 0;
  double facility_overhead_kwh = 0;
  double idle_capacity_kwh = 0; // provisioned but idle capacity (inference fleets)
  double total_kwh = 0;         // what the boundary includes
  double it_kwh() const { return accelerators_kwh + host_kwh + idle_capacity_kwh; }
  double facility_kwh() const { return it_kwh() + facility_overhead_kwh; }
};

struct Carbon {
  double operational_kg = 0;
  double embodied_kg = 0;
  double total_kg = 0;
};

struct Water {
  double onsite_l = 0;
  double offsite_l = 0;
  double total_l = 0;
  WaterScope scope = WaterScope::total; // what the headline counts

  // The water in `scope`, L: what totals, per-request figures and --max-water-l use.
  double headline_l() const {
    switch (scope) {
    case WaterScope::onsite:
      return onsite_l;
    case WaterScope::offsite:
      return offsite_l;
    case WaterScope::total:
      return total_l;
    }
    return total_l;
  }
};

// The grid carbon intensity an estimate used and its accounting basis (issue #16): outputs state
// it, and comparisons warn when two estimates' bases or data years differ.
struct GridFactor {
  GridBasisOption option = GridBasisOption::lifecycle; // the basis asked for
  std::string source;             // "zone", "parent zone", "provider" or "user"
  std::string zone;               // the zone whose factor was used; empty for a user value
  std::optional<GridBasis> basis; // absent for a user value (--ci), whose basis is unknown

  // "FR: lifecycle, production-based, CO2e, ember 2024", or "user value (basis not stated)".
  std::string describe() const;
};

struct TimeUse {
  double device_hours = 0;
  std::optional<double> wall_hours;
  std::optional<double> devices;
};

// Compute figures of a training run, where known.
struct ComputeUse {
  std::optional<double> flops;
  std::optional<double> mfu;
  std::optional<std::string> precision;
  std::string route; // "device_hours", "devices_x_time" or "flops_over_throughput"
};

// A footprint per unit of service (one request, a million output tokens), in the boundary of the
// footprint; carbon includes the embodied share.
struct PerUnit {
  double energy_wh = 0;
  double co2e_g = 0;
  double water_ml = 0;
};

// How a serving replica performs at the modelled point (docs/design.md §2.2).
struct Throughput {
  double tokens_per_s = 0; // output tokens (incl. reasoning) per second per replica
  double step_ms = 0;      // decode step at the batch
  std::string bound;       // "memory", "compute", or "measured" when --tokens-per-second
  double batch = 0;        // concurrent sequences per replica
  double devices_per_replica = 0;
  double prefill_ms = 0;         // prefill time per request on the replica
  double energy_j_per_token = 0; // in the boundary, per output token
  std::string deployment;        // "replica" or "expert-parallel"
  double user_tokens_per_s = 0;  // output speed each sequence sees (1 / decode step)
  double prefill_devices = 0;    // devices per prefill unit when disaggregated, else 0
};

// What serving a request rate takes: whole devices provisioned for the peak of a diurnal load,
// and the power a grid planner sees (IT and facility, average and peak).
struct Fleet {
  double devices = 0; // provisioned accelerators
  double nodes = 0;   // 8-device servers
  double prefill_devices = 0;
  double decode_devices = 0; // all devices of a non-disaggregated fleet
  double average_it_mw = 0;
  double peak_it_mw = 0;
  double average_facility_mw = 0;
  double peak_facility_mw = 0;
};

// The requests an inference footprint covers.
struct Workload {
  double requests = 0;                    // requests in the totals
  std::optional<double> requests_per_day; // absent: the totals are for one request
  std::optional<double> days;
  double input_tokens = 0;     // per request
  double output_tokens = 0;    // visible output per request
  double reasoning_tokens = 0; // hidden reasoning per request (billed as output)
};

// What an image or video generation footprint covers and how one replica runs it (`aifoot
// generate`, docs/generation.md). Times and FLOPs are per item (image or video).
struct GenerationUse {
  std::string media;                   // "image" or "video"
  double items = 0;                    // images or videos in the totals
  std::optional<double> items_per_day; // with a rate
  std::optional<double> days;
  double width_px = 0;
  double height_px = 0;
  double frames = 1;
  double steps = 0;
  double batch = 0;
  double devices_per_replica = 0;
  double latent_tokens = 0;    // tokens per item in the denoiser's sequence (incl. joint text)
  double passes_per_step = 0;  // 2 with classifier-free guidance
  double seconds_per_item = 0; // replica wall time per item (batch time / batch)
  double denoise_share = 0;    // share of the replica time spent in denoising steps
  double attention_share = 0;  // share of denoiser FLOPs in attention (quadratic in tokens)
  double flop_per_item = 0;
};

// Training against serving, for `aifoot lifecycle`. Energies in the boundary of each phase.
struct LifecycleSummary {
  double training_kwh = 0;     // the training scenario
  double teacher_kwh = 0;      // teacher inference over a distillation set (0 without one)
  double inference_kwh = 0;    // serving over the period
  double training_co2e_kg = 0; // training + teacher, operational + embodied
  double inference_co2e_kg = 0;
  double training_share = 0; // (training + teacher) / total energy
  double inference_share = 0;
  PerUnit training_per_request;        // training + teacher amortised over the requests served
  std::optional<double> crossover_day; // day cumulative serving energy passes training's
};

// One uncertain input of the Monte Carlo: the value used, its p5-p95 range and where the range
// comes from (a user range, or a data/uncertainty.json record).
struct UncertainInput {
  std::string name; // the assumption it varies, e.g. "grid_intensity"
  double central = 0;
  double low = 0;  // p5
  double high = 0; // p95
  std::string origin;
  std::vector<std::string> sources;
};

// p5, p50 and p95 of one output metric, e.g. "co2e_kg.total".
struct MetricRange {
  std::string metric;
  double p5 = 0;
  double p50 = 0;
  double p95 = 0;
};

// Share of one metric's variance explained by one input alone (first-order index).
struct SensitivityShare {
  std::string input;
  double share = 0;
};

struct MetricSensitivity {
  std::string metric;
  std::vector<SensitivityShare> shares; // largest first
};

// The ranges of a footprint's headline metrics (docs/design.md §2.5).
struct Uncertainty {
  std::string method; // "latin-hypercube"
  std::size_t samples = 0;
  std::uint64_t seed = 0;
  std::vector<UncertainInput> inputs;
  std::vector<MetricRange> ranges;
  std::vector<MetricSensitivity> sensitivity;
  bool detailed =
      true; // false: headline ranges only, no inputs or sensitivity (UncertaintyOptions)
};

// Whether an estimate records its assumption trail. Streams that print only the numbers skip it:
// building the trail's strings is most of the cost of an estimate (bench: training_estimate vs
// training_estimate_numbers_only). --explain needs the full trail; uncertainty needs only the
// records of the factors it varies and the values its breakdown reads (`factors`: those records,
// with value, text, unit, origin and low_confidence but no sources or note; the others are left
// out), which streams that do not print the trail use.
enum class Trail { full, factors, none };

// The result of an estimate: the breakdown, totals, and the trail of every factor used.
struct Footprint {
  std::string kind; // "training", "inference", "lifecycle", "generation"
  Boundary boundary = Boundary::facility;
  EnergyBreakdown energy;
  Carbon co2e;
  Water water;
  GridFactor grid;
  TimeUse time;
  ComputeUse compute;
  std::optional<Workload> workload;          // inference and lifecycle
  std::optional<PerUnit> per_request;        // inference and lifecycle (incl. amortised training)
  std::optional<PerUnit> per_million_tokens; // per million output tokens (incl. reasoning)
  std::optional<Throughput> throughput;      // inference
  std::optional<Fleet> fleet;                // inference with a request rate
  std::optional<GenerationUse> generation;   // generation
  std::optional<PerUnit> per_item;           // generation: per image or video
  std::optional<LifecycleSummary> lifecycle;
  std::optional<Uncertainty> uncertainty; // absent with --no-uncertainty
  Trail trail = Trail::full;              // Trail::none: `assumptions` was not recorded
  std::vector<Assumption> assumptions;    // empty with Trail::none, part with Trail::factors
  std::vector<std::string> notes;         // fallbacks and warnings a user should read
};

// How the grid bases of two estimates differ ("lifecycle vs direct; 2024 vs 2022 data"), or nullopt
// when their intensities compare: same scope, allocation, gases and data year, or both user values.
std::optional<std::string> grid_basis_mismatch(const GridFactor& a, const GridFactor& b);

// Finds the assumption called `name`; nullptr when absent.
const Assumption* find_assumption(const Footprint& footprint, std::string_view name);

} // namespace aifoot
