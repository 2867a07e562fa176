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
    add_assumption(footprint, [&] {
      return Assumption{
          "precision", 0, std::string(to_string(*scenario.precision)), "", "user", {}, ""};
    });
    return *scenario.precision;
  }
  for (const Precision candidate : {Precision::bf16, Precision::fp16, Precision::fp32}) {
    if (hw.peak_flop_per_s.contains(candidate)) {
      add_assumption(footprint, [&] {
        return Assumption{"precision",
                          0,
                          std::string(to_string(candidate)),
                          "",
                          "default:mixed-precision training",
                          {},
                          candidate == Precision::bf16 ? ""
                                                       : fmt::format("{} has no bf16 peak", hw.id)};
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
    add_assumption(footprint, [&] {
      return Assumption{"flops", *scenario.flops, "", "FLOP", "user", {}, ""};
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
  add_assumption(footprint, [&] {
    return Assumption{"active_params",
                      *active,
                      "",
                      "",
                      active_from ? catalog_origin("models", active_from->id) : "user",
                      active_from ? active_from->sources : std::vector<std::string>{},
                      moe ? "mixture-of-experts: parameters active per token, not the total" : ""};
  });
  add_assumption(footprint, [&] {
    return Assumption{"tokens",
                      *tokens,
                      "",
                      "",
                      tokens_from ? catalog_origin("models", tokens_from->id) : "user",
                      tokens_from ? tokens_from->sources : std::vector<std::string>{},
                      tokens_from ? "published training tokens" : ""};
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
  add_assumption(footprint, [&] {
    return Assumption{"flops",
                      flops,
                      "",
                      "FLOP",
                      "derived",
                      {},
                      scenario.seq_len
                          ? "6 x active parameters x tokens (Kaplan et al. 2020) + attention 6 x "
                            "layers x seq_len x d_attn x tokens"
                          : "6 x active parameters x tokens (Kaplan et al. 2020)"};
  });
  return flops;
}

} // namespace

Footprint estimate_training(const TrainingScenario& scenario, const Catalog& catalog, Trail trail) {
  Footprint footprint;
  footprint.trail = trail;
  footprint.kind = "training";
  footprint.boundary = scenario.boundary;

  const Model* model = nullptr;
  if (scenario.model) {
    model = &catalog.require_model(*scenario.model);
    add_assumption(footprint, [&] {
      return Assumption{"model",
                        0,
                        model->id,
                        "",
                        catalog_origin("models", model->id),
                        model->sources,
                        model->estimate ? "closed model: parameters are third-party estimates"
                                        : ""};
    });
  }
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

  const detail::ResolvedDevice device =
      detail::resolve_training_device(scenario.device, catalog, footprint);
  const Hardware& hw = *device.hardware;

  if (scenario.devices) {
    require_range(*scenario.devices, "devices");
  }
  if (scenario.wall_hours) {
    require_range(*scenario.wall_hours, "hours");
  }

  // Device time: device-hours, else devices x wall time, else compute / achieved throughput.
  TimeUse& time = footprint.time;
  time.devices = scenario.devices;
  const std::optional<double> flops = resolve_flops(scenario, model, footprint);
  footprint.compute.flops = flops;
  if (scenario.device_hours) {
    require_range(*scenario.device_hours, "device-hours");
    time.device_hours = *scenario.device_hours;
    footprint.compute.route = "device_hours";
    add_assumption(footprint, [&] {
      return Assumption{"device_hours", time.device_hours, "", "h", "user", {}, ""};
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
    add_assumption(footprint, [&] {
      return Assumption{
          "device_hours", time.device_hours, "", "h", "derived", {}, "devices x wall time"};
    });
  } else if (flops) {
    const Precision precision = resolve_precision(scenario, hw, footprint);
    const double peak = hw.peak_flop_per_s.at(precision);
    double mfu = 0;
    if (scenario.mfu) {
      require_range(*scenario.mfu, "mfu", "give a fraction like 0.4");
      mfu = *scenario.mfu;
      add_assumption(footprint, [&] { return Assumption{"mfu", mfu, "", "", "user", {}, ""}; });
    } else if (hw.train_mfu) {
      mfu = *hw.train_mfu;
      if (precision == Precision::fp8 || precision == Precision::fp4) {
        // Catalog MFUs are measured against bf16 peaks; low-precision runs keep less of their
        // higher peak (DeepSeek-V3 report, 2024: 2.664M H800-hours for ~3.3e24 FLOP is an MFU of
        // about 0.17 against the FP8 peak, 0.35 against bf16).
        footprint.notes.push_back(
            fmt::format("the catalog MFU of {} was measured at bf16; {} runs reach a lower MFU "
                        "against their higher "
                        "peak (DeepSeek-V3: about 0.17 of the FP8 peak): consider --mfu",
                        hw.id,
                        to_string(precision)));
      }
      add_assumption(footprint, [&] {
        return Assumption{"mfu",
                          mfu,
                          "",
                          "",
                          catalog_origin("hardware", hw.id),
                          hw.sources,
                          hw.is_low_confidence("train_mfu")
                              ? "low confidence: by analogy with a measured part"
                              : "typical measured model-FLOPs utilisation"};
      });
    } else {
      const Default& fallback = catalog.require_default("train_mfu");
      mfu = fallback.value;
      add_assumption(footprint, [&] {
        return Assumption{"mfu", mfu, "", "", "default:" + fallback.why, fallback.sources, ""};
      });
    }
    add_assumption(footprint, [&] {
      return Assumption{"peak_flops",
                        peak,
                        "",
                        "FLOP/s",
                        catalog_origin("hardware", hw.id),
                        hw.sources,
                        fmt::format("dense {} peak", to_string(precision))};
    });
    footprint.compute.mfu = mfu;
    footprint.compute.precision = std::string(to_string(precision));
    time.device_hours = *flops / (peak * mfu) / k_seconds_per_hour;
    footprint.compute.route = "flops_over_throughput";
    add_assumption(footprint, [&] {
      return Assumption{
          "device_hours", time.device_hours, "", "h", "derived", {}, "FLOPs / (peak x MFU)"};
    });
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

  footprint.energy.accelerators_kwh = time.device_hours * device.power_w / k_wh_per_kwh;
  footprint.energy.host_kwh = time.device_hours * device.host_w / k_wh_per_kwh;

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  // Embodied carbon: the run's share of the devices' service life (DESIGN §2.3).
  const double embodied_kg = time.device_hours * device.embodied_kg_per_device / device.lifetime_h;
  detail::complete_footprint(footprint, site, embodied_kg);
  return footprint;
}

} // namespace aifoot
