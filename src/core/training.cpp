#include "site.hpp"

#include <aifoot/error.hpp>
#include <aifoot/training.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <cmath>

namespace aifoot {

using detail::add_assumption;
using detail::catalog_origin;
using detail::require_range;

const Assumption* find_assumption(const Footprint& footprint, std::string_view name) {
  for (const auto& assumption : footprint.assumptions) {
    if (assumption.name == name) {
      return &assumption;
    }
  }
  return nullptr;
}

std::string_view to_string(Boundary boundary) {
  switch (boundary) {
  case Boundary::accelerator:
    return "accelerator";
  case Boundary::server:
    return "server";
  case Boundary::facility:
    return "facility";
  }
  return "facility";
}

Boundary parse_boundary(std::string_view text, std::string_view field) {
  if (text == "accelerator" || text == "accelerators" || text == "device") {
    return Boundary::accelerator;
  }
  if (text == "server" || text == "it") {
    return Boundary::server;
  }
  if (text == "facility") {
    return Boundary::facility;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown boundary '{}' for {}", text, field),
              "use accelerator, server or facility");
}

std::string_view to_string(TrainingScope scope) {
  return scope == TrainingScope::full ? "full" : "pretraining";
}

TrainingScope parse_training_scope(std::string_view text, std::string_view field) {
  if (text == "pretraining" || text == "pre-training") {
    return TrainingScope::pretraining;
  }
  if (text == "full") {
    return TrainingScope::full;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown scope '{}' for {}", text, field),
              "use pretraining or full");
}

double width_from_params(double active_params) {
  require_range(active_params, 1.0, 1e16, "active parameters");
  return std::cbrt(128.0 * active_params / 12.0);
}

double mfu_size_factor(double d_model, double ridge_flop_per_byte, double overhead_k) {
  require_range(d_model, 1.0, 1e7, "d_model");
  require_range(ridge_flop_per_byte, 1e-3, 1e6, "ridge point");
  require_range(overhead_k, 0.0, 1e4, "MFU size overhead");
  constexpr double k_reference_width = 12288.0; // GPT-3 175B (Brown et al. 2020, Table 2.1)
  const double overhead = overhead_k * ridge_flop_per_byte;
  return std::min(1.0, (1.0 + overhead / k_reference_width) / (1.0 + overhead / d_model));
}

double training_flops(double active_params, double tokens) {
  require_range(active_params, "active-params");
  require_range(tokens, "tokens");
  return 6.0 * active_params * tokens;
}

double attention_training_flops(int layers, double seq_len, double d_attn, double tokens) {
  return 6.0 * static_cast<double>(layers) * seq_len * d_attn * tokens;
}

namespace {

// The precision the run computes in: the user's, else bf16 (the norm for LLM training since
// 2022, e.g. Llama 3: Dubey et al. 2024 §3.3), falling back to fp16 then fp32 on older parts.
Precision
resolve_precision(const TrainingScenario& scenario, const Hardware& hw, Footprint& footprint) {
  if (scenario.precision) {
    if (!hw.peak_flop_per_s.contains(*scenario.precision)) {
      std::string known;
      for (const auto& [precision, peak] : hw.peak_flop_per_s) {
        known += (known.empty() ? "" : ", ") + std::string(to_string(precision));
      }
      throw Error(ErrorKind::invalid_input,
                  fmt::format("hardware '{}' has no published {} peak",
                              hw.id,
                              to_string(*scenario.precision)),
                  fmt::format("use one of: {}", known));
    }
    add_assumption(footprint, "precision", [&] {
      return Assumption{.text = std::string(to_string(*scenario.precision)), .origin = "user"};
    });
    return *scenario.precision;
  }
  for (const Precision candidate : {Precision::bf16, Precision::fp16, Precision::fp32}) {
    if (hw.peak_flop_per_s.contains(candidate)) {
      add_assumption(footprint, "precision", [&] {
        return Assumption{
            .text = std::string(to_string(candidate)),
            .origin = "default:mixed-precision training",
            .note = candidate == Precision::bf16 ? "" : fmt::format("{} has no bf16 peak", hw.id)};
      });
      return candidate;
    }
  }
  throw Error(
      ErrorKind::invalid_input,
      fmt::format("hardware '{}' has no bf16, fp16 or fp32 peak to derive time from", hw.id),
      "give --device-hours or --hours with --devices instead");
}

// Training compute: explicit FLOPs, else 6 N D (+ attention with a preset and --seq-len).
std::optional<double>
resolve_flops(const TrainingScenario& scenario, const Model* model, Footprint& footprint) {
  if (scenario.flops) {
    require_range(*scenario.flops, "flops");
    add_assumption(footprint, "flops", [&] {
      return Assumption{.value = *scenario.flops, .unit = "FLOP", .origin = "user"};
    });
    return scenario.flops;
  }
  std::optional<double> active = scenario.active_params;
  const Model* active_from = nullptr; // the preset the active parameters come from
  if (!active && scenario.params) {
    active = scenario.params;
  } else if (!active && model) {
    if (!(model->params_active > 0.0)) {
      throw Error(
          ErrorKind::invalid_input,
          fmt::format("model '{}' has no published or estimated parameter count", model->id),
          "give --params (and --active-params for mixture-of-experts)");
    }
    active = model->params_active;
    active_from = model;
  }
  std::optional<double> tokens = scenario.tokens;
  const Model* tokens_from = nullptr;
  if (!tokens && model && model->training_tokens && active) {
    tokens = model->training_tokens;
    tokens_from = model;
  }
  if (!active || !tokens) {
    return std::nullopt;
  }
  const bool moe = model && model->params_active < model->params_total && !scenario.active_params
                   && !scenario.params;
  add_assumption(footprint, "active_params", [&] {
    return Assumption{.value = *active,
                      .origin = active_from ? catalog_origin("models", active_from->id) : "user",
                      .sources = active_from ? active_from->sources : std::vector<std::string>{},
                      .note = moe ? "mixture-of-experts: parameters active per token, not the total"
                                  : ""};
  });
  add_assumption(footprint, "tokens", [&] {
    return Assumption{.value = *tokens,
                      .origin = tokens_from ? catalog_origin("models", tokens_from->id) : "user",
                      .sources = tokens_from ? tokens_from->sources : std::vector<std::string>{},
                      .note = tokens_from ? "published training tokens" : ""};
  });
  double flops = training_flops(*active, *tokens);
  if (scenario.seq_len) {
    if (!model || !model->layers || !model->heads || !model->head_dim) {
      throw Error(ErrorKind::invalid_input,
                  "--seq-len needs a --model preset with layers and heads",
                  "drop --seq-len or give --model");
    }
    require_range(*scenario.seq_len, "seq-len");
    const double d_attn =
        static_cast<double>(*model->heads) * static_cast<double>(*model->head_dim);
    flops += attention_training_flops(*model->layers, *scenario.seq_len, d_attn, *tokens);
  }
  add_assumption(footprint, "flops", [&] {
    return Assumption{
        .value = flops,
        .unit = "FLOP",
        .origin = "derived",
        .note = scenario.seq_len
                    ? "6 x active parameters x tokens (Kaplan et al. 2020) + attention 6 x "
                      "layers x seq_len x d_attn x tokens"
                    : "6 x active parameters x tokens (Kaplan et al. 2020)"};
  });
  return flops;
}

// A training default from data/defaults.json, checked: a user catalog (--data-dir) may carry any
// number, and these divide device time.
const Default&
checked_default(const Catalog& catalog, std::string_view id, double low, double high) {
  const Default& record = catalog.require_default(id);
  if (!std::isfinite(record.value) || record.value < low || record.value > high) {
    throw Error(
        ErrorKind::data,
        fmt::format(
            "defaults: '{}' must be between {} and {} (got {})", id, low, high, record.value));
  }
  return record;
}

// What sets throughput when device time comes from compute: the peak it is measured against, the
// model-FLOPs utilisation and the multipliers on it.
struct Throughput {
  double peak_flop_per_s = 0;
  double mfu = 0; // model FLOPs / (time x peak), the product of the base MFU and its factors
};

// The base MFU: the user's (exact), else the part's catalog value, else the default. Catalog
// values are per-iteration model-FLOPs utilisation of large (100B+) dense bf16 runs
// (data/hardware.json notes give each derivation); `from_catalog` says whether factors apply.
double base_mfu(const TrainingScenario& scenario,
                const Hardware& hw,
                const Catalog& catalog,
                Footprint& footprint,
                bool& from_catalog) {
  from_catalog = !scenario.mfu;
  if (scenario.mfu) {
    require_range(*scenario.mfu, "mfu", "give a fraction like 0.4");
    add_assumption(
        footprint,
        "mfu",
        [&] { return Assumption{.value = *scenario.mfu, .origin = "user"}; },
        [](Assumption& a) {
          a.note = "taken as measured for this run: no size, mixture-of-experts or precision "
                   "factor applied";
        });
    return *scenario.mfu;
  }
  if (hw.train_mfu) {
    add_assumption(
        footprint,
        "mfu",
        [&] {
          return Assumption{.value = *hw.train_mfu,
                            .origin = catalog_origin("hardware", hw.id),
                            .low_confidence = hw.is_low_confidence("train_mfu")};
        },
        [&](Assumption& a) {
          a.sources = hw.sources;
          a.note = a.low_confidence
                       ? "low confidence: by analogy with a measured part"
                       : "per-iteration model-FLOPs utilisation of large dense bf16 runs";
        });
    return *hw.train_mfu;
  }
  const Default& fallback = catalog.require_default("train_mfu");
  add_assumption(
      footprint,
      "mfu",
      [&] { return Assumption{.value = fallback.value, .origin = "default:" + fallback.why}; },
      [&](Assumption& a) { a.sources = fallback.sources; });
  return fallback.value;
}

// Model width for the size factor: the preset's d_model, else from the active parameters.
std::optional<double> model_width(const TrainingScenario& scenario, const Model* model) {
  if (!scenario.active_params && !scenario.params && model && model->d_model
      && *model->d_model > 0) {
    return static_cast<double>(*model->d_model);
  }
  if (const auto active = scenario.active_params ? scenario.active_params : scenario.params) {
    return width_from_params(*active);
  }
  if (model && model->params_active > 0.0) {
    return width_from_params(model->params_active);
  }
  return std::nullopt;
}

// Smaller models keep less of the peak: the memory-bound share of each step grows as the part's
// ridge point over the model width (training.hpp, mfu_size_factor).
double size_factor(const TrainingScenario& scenario,
                   const Model* model,
                   const Hardware& hw,
                   Precision precision,
                   const Catalog& catalog,
                   Footprint& footprint) {
  const std::optional<double> width = model_width(scenario, model);
  if (!width || !hw.mem_bw_gb_s || !(*hw.mem_bw_gb_s > 0.0)) {
    footprint.notes.push_back(
        width ? fmt::format("{} has no memory bandwidth: no model-size factor on its MFU", hw.id)
              : "compute given as FLOPs: no model size, so no model-size factor on the MFU");
    return 1.0;
  }
  const Default& k = checked_default(catalog, "train_mfu_size_overhead", 0.0, 1e4);
  const double ridge = hw.peak_flop_per_s.at(precision) / (*hw.mem_bw_gb_s * 1e9);
  const double factor = mfu_size_factor(*width, ridge, k.value);
  add_assumption(
      footprint,
      "mfu_size_factor",
      [&] { return Assumption{.value = factor, .origin = "derived"}; },
      [&](Assumption& a) {
        a.sources = k.sources;
        a.note = fmt::format("model width {:.0f} on a part with ridge point {:.0f} FLOP/byte: "
                             "(1 + k r / 12288) / (1 + k r / d), k = {} (defaults: "
                             "train_mfu_size_overhead)",
                             *width,
                             ridge,
                             k.value);
      });
  return factor;
}

// True when the run trains a mixture-of-experts model: fewer active than total parameters.
bool is_mixture_of_experts(const TrainingScenario& scenario, const Model* model) {
  if (scenario.active_params && scenario.params) {
    return *scenario.active_params < *scenario.params;
  }
  if (scenario.active_params && model) {
    return *scenario.active_params < model->params_total;
  }
  return !scenario.params && model && model->params_active < model->params_total;
}

// Mixture-of-experts layers spend time in all-to-all dispatch and wait on imbalanced experts, so
// MFU on active parameters is lower than a dense model's.
double moe_factor(const TrainingScenario& scenario,
                  const Model* model,
                  const Catalog& catalog,
                  Footprint& footprint) {
  if (!is_mixture_of_experts(scenario, model)) {
    return 1.0;
  }
  const Default& moe = checked_default(catalog, "train_moe_efficiency", 0.05, 1.0);
  add_assumption(
      footprint,
      "mfu_moe_factor",
      [&] { return Assumption{.value = moe.value, .origin = "default:" + moe.why}; },
      [&](Assumption& a) { a.sources = moe.sources; });
  return moe.value;
}

// FP8 (and lower) training runs the matrix multiplies on a faster peak but keeps the rest of the
// step in higher precision: its measured speed-up over bf16 is well under the peak ratio.
double precision_speedup(Precision precision, const Catalog& catalog, Footprint& footprint) {
  const Default& speedup = checked_default(catalog, "train_fp8_speedup", 1.0, 4.0);
  add_assumption(
      footprint,
      "precision_speedup",
      [&] { return Assumption{.value = speedup.value, .origin = "default:" + speedup.why}; },
      [&](Assumption& a) {
        a.sources = speedup.sources;
        a.note =
            precision == Precision::fp8
                ? "measured over bf16, applied to the bf16 peak and MFU"
                : fmt::format("no measured {} training speed-up published: the fp8 one is used",
                              to_string(precision));
      });
  return speedup.value;
}

// Peak and MFU of the run: a user MFU against the peak of the chosen precision; a catalog MFU
// against the bf16 (or fp16, fp32) peak it was measured at, times the size, mixture-of-experts and
// low-precision factors.
Throughput resolve_throughput(const TrainingScenario& scenario,
                              const Model* model,
                              const Hardware& hw,
                              const Catalog& catalog,
                              Footprint& footprint) {
  const Precision precision = resolve_precision(scenario, hw, footprint);
  bool from_catalog = false;
  const double base = base_mfu(scenario, hw, catalog, footprint, from_catalog);
  const bool low_precision = precision == Precision::fp8 || precision == Precision::fp4;
  Precision reference = precision;
  if (from_catalog && low_precision) {
    for (const Precision candidate : {Precision::bf16, Precision::fp16}) {
      if (hw.peak_flop_per_s.contains(candidate)) {
        reference = candidate;
        break;
      }
    }
  }
  Throughput t;
  t.peak_flop_per_s = hw.peak_flop_per_s.at(reference);
  t.mfu = base;
  if (from_catalog) {
    t.mfu *= size_factor(scenario, model, hw, reference, catalog, footprint);
    t.mfu *= moe_factor(scenario, model, catalog, footprint);
    if (reference != precision) {
      t.mfu *= precision_speedup(precision, catalog, footprint);
    }
  }
  add_assumption(footprint, "peak_flops", [&] {
    return Assumption{
        .value = t.peak_flop_per_s,
        .unit = "FLOP/s",
        .origin = catalog_origin("hardware", hw.id),
        .sources = hw.sources,
        .note = reference == precision
                    ? fmt::format("dense {} peak", to_string(precision))
                    : fmt::format("dense {} peak: the catalog MFU was measured against it",
                                  to_string(reference))};
  });
  add_assumption(footprint, "effective_mfu", [&] {
    return Assumption{.value = t.mfu,
                      .origin = "derived",
                      .note = "MFU x its factors: model FLOPs per second while training / peak"};
  });
  footprint.compute.mfu = t.mfu;
  footprint.compute.precision = std::string(to_string(precision));
  return t;
}

// Share of wall time a run spends making progress: failures, restarts, checkpointing and
// evaluation take the rest (Llama 3: over 90% effective training time with 419 interruptions in
// 54 days).
double goodput(const Catalog& catalog, Footprint& footprint) {
  const Default& record = checked_default(catalog, "train_goodput", 0.05, 1.0);
  add_assumption(
      footprint,
      "goodput",
      [&] { return Assumption{.value = record.value, .origin = "default:" + record.why}; },
      [&](Assumption& a) { a.sources = record.sources; });
  return record.value;
}

// Extra device time beyond pre-training when the figure is to cover the whole run.
double scope_factor(TrainingScope scope, const Catalog& catalog, Footprint& footprint) {
  if (scope == TrainingScope::pretraining) {
    add_assumption(footprint, "scope", [&] {
      return Assumption{.text = "pretraining",
                        .origin = "default:pre-training only",
                        .note =
                            "device time covers pre-training; --scope full adds context extension "
                            "and post-training"};
    });
    return 1.0;
  }
  const Default& full = checked_default(catalog, "train_scope_full", 1.0, 10.0);
  add_assumption(footprint, "scope", [&] {
    return Assumption{.text = "full", .origin = "user", .note = "pre-training and what follows it"};
  });
  add_assumption(
      footprint,
      "scope_factor",
      [&] { return Assumption{.value = full.value, .origin = "default:" + full.why}; },
      [&](Assumption& a) { a.sources = full.sources; });
  return full.value;
}

// Device-hours from compute: FLOPs / (peak x MFU x factors) / goodput x scope.
double device_hours_from_compute(double flops,
                                 const TrainingScenario& scenario,
                                 const Model* model,
                                 const Hardware& hw,
                                 const Catalog& catalog,
                                 Footprint& footprint) {
  const Throughput throughput = resolve_throughput(scenario, model, hw, catalog, footprint);
  const double stepping_h =
      flops / (throughput.peak_flop_per_s * throughput.mfu) / k_seconds_per_hour;
  const double progress_share = goodput(catalog, footprint);
  const double scope = scope_factor(scenario.scope, catalog, footprint);
  const double device_hours = stepping_h / progress_share * scope;
  add_assumption(footprint, "device_hours", [&] {
    return Assumption{.value = device_hours,
                      .unit = "h",
                      .origin = "derived",
                      .note = "FLOPs / (peak x effective MFU) / goodput x scope"};
  });
  return device_hours;
}

// The catalog model named by --model, if any, first in the trail.
const Model*
resolve_model(const TrainingScenario& scenario, const Catalog& catalog, Footprint& footprint) {
  if (!scenario.model) {
    return nullptr;
  }
  const Model* model = &catalog.require_model(*scenario.model);
  add_assumption(footprint, "model", [&] {
    return Assumption{.text = model->id,
                      .origin = catalog_origin("models", model->id),
                      .sources = model->sources,
                      .note = model->estimate ? "closed model: parameters are third-party estimates"
                                              : ""};
  });
  return model;
}

// Range checks on the model-size inputs, before the device is resolved (as the error order has
// always been).
void check_size_inputs(const TrainingScenario& scenario, const Model* model) {
  if (scenario.params) {
    require_range(*scenario.params, "params");
  }
  if (scenario.active_params) {
    require_range(*scenario.active_params, "active-params");
    // As infer: a model cannot activate more parameters per token than it has.
    const double total = scenario.params ? *scenario.params : model ? model->params_total : 0.0;
    if (total > 0.0 && *scenario.active_params > total) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("active-params ({}) must not exceed the total parameters ({})",
                              *scenario.active_params,
                              total),
                  "give --active-params at most --params");
    }
  }
  if (scenario.tokens) {
    require_range(*scenario.tokens, "tokens");
  }
}

// Range checks on the device-count and wall-time inputs, after the device is resolved.
void check_time_inputs(const TrainingScenario& scenario) {
  if (scenario.devices) {
    require_range(*scenario.devices, "devices");
  }
  if (scenario.wall_hours) {
    require_range(*scenario.wall_hours, "hours");
  }
}

// Device time into `footprint.time` and its route into `footprint.compute`: device-hours, else
// devices x wall time, else compute / achieved throughput.
void resolve_device_time(const TrainingScenario& scenario,
                         const Model* model,
                         const Hardware& hw,
                         const Catalog& catalog,
                         Footprint& footprint) {
  TimeUse& time = footprint.time;
  time.devices = scenario.devices;
  const std::optional<double> flops = resolve_flops(scenario, model, footprint);
  footprint.compute.flops = flops;
  if (scenario.device_hours) {
    require_range(*scenario.device_hours, "device-hours");
    time.device_hours = *scenario.device_hours;
    footprint.compute.route = "device_hours";
    add_assumption(footprint, "device_hours", [&] {
      return Assumption{.value = time.device_hours, .unit = "h", .origin = "user"};
    });
    if (scenario.devices) {
      time.wall_hours = time.device_hours / *scenario.devices;
    } else if (scenario.wall_hours) {
      time.wall_hours = scenario.wall_hours;
      time.devices = time.device_hours / *scenario.wall_hours;
    }
  } else if (scenario.devices && scenario.wall_hours) {
    time.device_hours = *scenario.devices * *scenario.wall_hours;
    time.wall_hours = scenario.wall_hours;
    footprint.compute.route = "devices_x_time";
    add_assumption(footprint, "device_hours", [&] {
      return Assumption{.value = time.device_hours,
                        .unit = "h",
                        .origin = "derived",
                        .note = "devices x wall time"};
    });
  } else if (flops) {
    time.device_hours = device_hours_from_compute(*flops, scenario, model, hw, catalog, footprint);
    footprint.compute.route = "flops_over_throughput";
    if (scenario.devices) {
      time.wall_hours = time.device_hours / *scenario.devices;
    } else if (scenario.wall_hours) {
      time.wall_hours = scenario.wall_hours;
      time.devices = time.device_hours / *scenario.wall_hours;
    }
  } else {
    throw Error(ErrorKind::invalid_input,
                "not enough inputs to derive device time",
                "give --device-hours, or --devices with --hours/--days, or compute: --flops, or "
                "--params/--model with --tokens");
  }

  if (scenario.scope != TrainingScope::pretraining
      && footprint.compute.route != "flops_over_throughput") {
    footprint.notes.emplace_back(
        "--scope applies to device time derived from compute; the device time given is used as is");
  }
}

} // namespace

Footprint estimate_training(const TrainingScenario& scenario, const Catalog& catalog, Trail trail) {
  Footprint footprint;
  footprint.trail = trail;
  detail::reserve_trail(footprint);
  footprint.kind = "training";
  footprint.boundary = scenario.boundary;

  const Model* model = resolve_model(scenario, catalog, footprint);
  check_size_inputs(scenario, model);
  const detail::ResolvedDevice device =
      detail::resolve_training_device(scenario.device, catalog, footprint);
  check_time_inputs(scenario);
  resolve_device_time(scenario, model, *device.hardware, catalog, footprint);

  const double device_hours = footprint.time.device_hours;
  footprint.energy.accelerators_kwh = device_hours * device.power_w / k_wh_per_kwh;
  footprint.energy.host_kwh = device_hours * device.host_w / k_wh_per_kwh;

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  // Embodied carbon: the run's share of the devices' service life (docs/design.md §2.3).
  const double embodied_kg = device_hours * device.embodied_kg_per_device / device.lifetime_h;
  detail::complete_footprint(footprint, site, embodied_kg);
  return footprint;
}

} // namespace aifoot
