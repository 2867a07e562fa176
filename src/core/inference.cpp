#include "site.hpp"

#include <aifoot/error.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace aifoot {

using detail::add_assumption;
using detail::catalog_origin;
using detail::require_range;

namespace {

// 2:4 structured sparsity keeps half the weights plus a 2-bit index per kept value, and sparse
// tensor cores run it at twice the dense math rate (NVIDIA A100 Tensor Core GPU Architecture
// whitepaper, 2020, "Fine-grained structured sparsity"; Mishra et al. 2021, arXiv:2104.08378).
constexpr double k_two_four_kept = 0.5;
constexpr double k_two_four_index_bits = 2.0;
constexpr double k_bits_per_byte = 8.0;
// Replica sizes are powers of two: tensor- and expert-parallel degrees must divide the head and
// expert counts (vLLM and TensorRT-LLM deployments use 1, 2, 4, 8, ...).
constexpr double k_max_devices_per_replica = 1024;

// A fitted or judgement default from data/defaults.json, recorded in the trail.
double use_default(const Catalog& catalog,
                   std::string_view id,
                   std::string_view name,
                   Footprint& footprint) {
  const Default& d = catalog.require_default(id);
  add_assumption(footprint, [&] {
    return Assumption{std::string(name), d.value, "", d.unit, "default:" + d.why, d.sources, ""};
  });
  return d.value;
}

void add(Footprint& footprint,
         std::string_view name,
         double value,
         std::string_view unit,
         std::string_view origin,
         std::string_view note = {}) {
  add_assumption(footprint, [&] {
    return Assumption{std::string(name),
                      value,
                      "",
                      std::string(unit),
                      std::string(origin),
                      {},
                      std::string(note)};
  });
}

// The served architecture: totals for memory, active parameters for FLOPs, the expert split for
// the MoE weight traffic.
struct Architecture {
  double params_total = 0;
  double params_active = 0;
  double expert_params = 0; // routed expert weights (all experts)
  int experts = 0;
  int experts_active = 0;
  int layers = 0;
  double attention_dim = 0; // heads x head_dim
  const Model* model = nullptr;
};

Architecture resolve_architecture(const InferenceScenario& scenario,
                                  const Catalog& catalog,
                                  Footprint& footprint) {
  Architecture arch;
  if (scenario.model) {
    const Model& model = catalog.require_model(*scenario.model);
    arch.model = &model;
    add_assumption(footprint, [&] {
      return Assumption{"model",
                        0,
                        model.id,
                        "",
                        catalog_origin("models", model.id),
                        model.sources,
                        model.estimate ? "closed model: parameters are third-party estimates" : ""};
    });
    arch.params_total = model.params_total;
    arch.params_active = model.params_active;
    arch.layers = model.layers.value_or(0);
    if (model.heads && model.head_dim) {
      arch.attention_dim = static_cast<double>(*model.heads) * static_cast<double>(*model.head_dim);
    }
    if (model.experts_total && model.experts_active
        && *model.experts_total > *model.experts_active) {
      arch.experts = *model.experts_total;
      arch.experts_active = *model.experts_active;
    }
  }
  if (scenario.params) {
    require_range(*scenario.params, "params");
    arch.params_total = *scenario.params;
    arch.params_active = scenario.active_params.value_or(*scenario.params);
  } else if (scenario.active_params) {
    arch.params_active = *scenario.active_params;
  }
  if (!(arch.params_total > 0.0) || !(arch.params_active > 0.0)) {
    throw Error(ErrorKind::invalid_input,
                scenario.model
                    ? fmt::format("model '{}' has no published parameter count", *scenario.model)
                    : std::string("missing model"),
                "give --model (see 'aifoot list models'), or --params (and --active-params)");
  }
  require_range(
      arch.params_active, field_bounds("active-params").min, arch.params_total, "active-params");
  // Without --params the model gave the counts (else the check above threw).
  const std::string origin =
      scenario.params || arch.model == nullptr || footprint.trail == Trail::none
          ? "user"
          : catalog_origin("models", arch.model->id);
  add(footprint, "params_total", arch.params_total, "", origin, "weights held in memory");
  add(footprint,
      "active_params",
      arch.params_active,
      "",
      scenario.active_params || scenario.params ? "user" : origin,
      "parameters per token: FLOPs");
  if (arch.experts > 0 && !scenario.params) {
    // Routed expert weights: N_total = dense + experts, N_active = dense + (k/E) experts.
    const double k_over_e =
        static_cast<double>(arch.experts_active) / static_cast<double>(arch.experts);
    arch.expert_params = (arch.params_total - arch.params_active) / (1.0 - k_over_e);
  }
  return arch;
}

// The compute precision of the weights: its own peak where the device has one, else the 16-bit
// peak (weight-only quantisation dequantises to 16 bit for the matmuls, e.g. AWQ: Lin et al. 2024).
double compute_peak(const Hardware& hw, Precision precision, Footprint& footprint) {
  if (const auto it = hw.peak_flop_per_s.find(precision); it != hw.peak_flop_per_s.end()) {
    return it->second;
  }
  for (const Precision wide : {Precision::bf16, Precision::fp16}) {
    if (const auto it = hw.peak_flop_per_s.find(wide); it != hw.peak_flop_per_s.end()) {
      footprint.notes.push_back(
          fmt::format("{} has no {} peak: weight-only quantisation is assumed "
                      "(weights stored in {}, matmuls at the {} peak)",
                      hw.id,
                      to_string(precision),
                      to_string(precision),
                      to_string(wide)));
      return it->second;
    }
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("hardware '{}' has no 16-bit or {} peak to serve with",
                          hw.id,
                          to_string(precision)),
              "give --tokens-per-second (measured) instead");
}

// Bytes a replica must hold: weights plus the KV cache of the whole batch at full context.
double
replica_memory_bytes(double weight_bytes, double kv_bytes_per_tok, double batch, double context) {
  return weight_bytes + batch * context * kv_bytes_per_tok;
}

} // namespace

double touched_expert_fraction(int experts, int active, double tokens) {
  if (experts <= 0 || active >= experts) {
    return 1.0;
  }
  const double miss = 1.0 - static_cast<double>(active) / static_cast<double>(experts);
  return 1.0 - std::pow(miss, std::max(tokens, 0.0));
}

double kv_bytes_per_token(const Model& model, double bytes_per_value) {
  if (!model.layers) {
    return 0.0;
  }
  const auto layers = static_cast<double>(*model.layers);
  if (model.kv_latent_dim) {
    return layers * static_cast<double>(*model.kv_latent_dim) * bytes_per_value;
  }
  if (!model.kv_heads || !model.head_dim) {
    return 0.0;
  }
  return 2.0 * layers * static_cast<double>(*model.kv_heads) * static_cast<double>(*model.head_dim)
         * bytes_per_value;
}

Footprint
estimate_inference(const InferenceScenario& scenario, const Catalog& catalog, Trail trail) {
  Footprint footprint;
  footprint.trail = trail;
  footprint.kind = "inference";
  footprint.boundary = scenario.boundary;

  const Architecture arch = resolve_architecture(scenario, catalog, footprint);
  const detail::ResolvedDevice device = detail::resolve_device(scenario.device, catalog, footprint);
  const Hardware& hw = *device.hardware;

  // Tokens per request. Reasoning tokens are generated like output (and billed as output), so
  // they count in decode steps and KV growth; they are reported apart.
  if (!scenario.output_tokens) {
    throw Error(
        ErrorKind::invalid_input, "missing output tokens", "give --output-tokens, e.g. 500");
  }
  require_range(*scenario.output_tokens, "output-tokens");
  const double reasoning = scenario.reasoning_tokens.value_or(0.0);
  require_range(reasoning, "reasoning-tokens");
  const double generated = *scenario.output_tokens + reasoning;
  double prompt = 0;
  if (scenario.input_tokens) {
    require_range(*scenario.input_tokens, "input-tokens");
    prompt = *scenario.input_tokens;
    add(footprint, "input_tokens", prompt, "tokens", "user");
  } else {
    prompt = use_default(catalog, "infer_input_tokens", "input_tokens", footprint);
  }
  const double cached = scenario.cached_fraction.value_or(0.0);
  require_range(cached, "cached-fraction");
  // One request's prompt and everything generated for it must fit the model's context window:
  // beyond it no server runs the request, and the KV cache would be sized for tokens it never
  // holds.
  if (arch.model != nullptr && arch.model->context_tokens
      && prompt + generated > *arch.model->context_tokens) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{} input + {} generated tokens per request exceed the context window "
                            "of {} ({} tokens)",
                            prompt,
                            generated,
                            arch.model->id,
                            *arch.model->context_tokens),
                "give fewer --input-tokens, --output-tokens or --reasoning-tokens");
  }
  add(footprint, "output_tokens", *scenario.output_tokens, "tokens", "user");
  if (reasoning > 0) {
    add(footprint, "reasoning_tokens", reasoning, "tokens", "user", "decoded like output tokens");
  }

  // Precisions: weights default to the precision the model is released in (fp8 for DeepSeek-V3/R1,
  // MXFP4 for gpt-oss), else bf16 (most open models); the KV cache to bf16 (vLLM's kv_cache_dtype
  // "auto" keeps the activation dtype).
  const bool released = !scenario.precision && arch.model && arch.model->release_precision;
  const Precision precision =
      scenario.precision.value_or(released ? *arch.model->release_precision : Precision::bf16);
  const Precision kv_precision = scenario.kv_precision.value_or(Precision::bf16);
  const double weight_bytes_per_value = bytes_per_value(precision);
  add_assumption(footprint, [&] {
    return Assumption{"precision",
                      0,
                      std::string(to_string(precision)),
                      "",
                      scenario.precision ? "user"
                      : released         ? catalog_origin("models", arch.model->id)
                                         : "default:bf16 weights",
                      released ? arch.model->sources : std::vector<std::string>{},
                      released ? "the precision the weights are released in" : ""};
  });
  add_assumption(footprint, [&] {
    return Assumption{"kv_precision",
                      0,
                      std::string(to_string(kv_precision)),
                      "",
                      scenario.kv_precision ? "user" : "default:bf16 KV cache (vLLM auto)",
                      {},
                      ""};
  });
  const double peak = compute_peak(hw, precision, footprint);
  if (!hw.mem_bw_gb_s) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no published memory bandwidth", hw.id),
                "give --tokens-per-second (measured) instead");
  }
  const double bandwidth = *hw.mem_bw_gb_s * 1e9;

  // Sparsity and pruning scale weight bytes and matmul FLOPs; attention and KV cache are untouched.
  double weight_factor = 1.0;
  double flop_factor = 1.0;
  if (scenario.sparsity.two_four) {
    weight_factor = k_two_four_kept
                    * (1.0 + k_two_four_index_bits / (k_bits_per_byte * weight_bytes_per_value));
    flop_factor = k_two_four_kept;
    add(footprint,
        "sparsity_weight_factor",
        weight_factor,
        "",
        "derived",
        "2:4: half the weights + 2-bit index each; sparse tensor cores at 2x the dense rate "
        "(NVIDIA A100 "
        "whitepaper 2020)");
  }
  if (scenario.sparsity.pruned_fraction > 0) {
    require_range(scenario.sparsity.pruned_fraction, "sparsity");
    weight_factor *= 1.0 - scenario.sparsity.pruned_fraction;
    flop_factor *= 1.0 - scenario.sparsity.pruned_fraction;
    add(footprint,
        "pruned_fraction",
        scenario.sparsity.pruned_fraction,
        "",
        "user",
        "structured pruning: a smaller dense model (weights and matmul FLOPs scale by 1 - "
        "fraction; e.g. "
        "Minitron, Sreenivas et al. 2024)");
  }

  // KV cache per token of context.
  double kv_per_token = 0;
  if (arch.model && !scenario.params) {
    kv_per_token = kv_bytes_per_token(*arch.model, bytes_per_value(kv_precision));
  }
  if (kv_per_token > 0) {
    add(footprint,
        "kv_bytes_per_token",
        kv_per_token,
        "B",
        "derived",
        arch.model->kv_latent_dim ? "layers x latent dim x bytes (multi-head latent attention)"
                                  : "2 x layers x KV heads x head dim x bytes");
  } else {
    footprint.notes.emplace_back(
        "no model architecture: the KV cache and attention FLOPs are not modelled; "
        "give --model for them");
  }

  // Batch and replica size.
  double batch = 0;
  if (scenario.batch) {
    require_range(*scenario.batch, "batch");
    batch = *scenario.batch;
    add(footprint, "batch", batch, "sequences", "user");
  } else {
    batch = use_default(catalog, "infer_batch", "batch", footprint);
  }
  // Sliding-window layers keep at most `window` positions (Mistral 7B, Gemma 2/3, gpt-oss).
  const auto kv_context = [&](double context) {
    if (!arch.model || !arch.model->sliding_window) {
      return context;
    }
    const double share = arch.model->sliding_window_share;
    return (1.0 - share) * context + share * std::min(context, *arch.model->sliding_window);
  };
  const double full_context = kv_context(prompt + generated);
  const double weight_bytes = arch.params_total * weight_bytes_per_value * weight_factor;
  const double memory_needed =
      replica_memory_bytes(weight_bytes, kv_per_token, batch, full_context);
  const double memory_fraction = catalog.require_default("infer_memory_fraction").value;
  double devices = 0;
  if (scenario.devices_per_replica) {
    require_range(*scenario.devices_per_replica, "devices-per-replica");
    devices = *scenario.devices_per_replica;
    add(footprint, "devices_per_replica", devices, "", "user");
    if (hw.memory_gb && memory_needed > devices * *hw.memory_gb * 1e9 * memory_fraction) {
      footprint.notes.push_back(fmt::format("{} x {} ({} GB usable) cannot hold the weights and "
                                            "the KV cache of the batch ({:.0f} GB): a real "
                                            "server would run a smaller batch",
                                            devices,
                                            hw.id,
                                            devices * *hw.memory_gb * memory_fraction,
                                            memory_needed / 1e9));
    }
  } else if (hw.memory_gb) {
    const double usable = *hw.memory_gb * 1e9 * memory_fraction;
    devices = 1;
    while (devices * usable < memory_needed) {
      devices *= 2;
      if (devices > k_max_devices_per_replica) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("the weights and KV cache ({:.0f} GB) do not fit {} {} devices",
                                memory_needed / 1e9,
                                k_max_devices_per_replica,
                                hw.id),
                    "lower --batch or the token counts, or use a lower --precision");
      }
    }
    const Default& fraction = catalog.require_default("infer_memory_fraction");
    add_assumption(footprint, [&] {
      return Assumption{"devices_per_replica",
                        devices,
                        "",
                        "",
                        "derived",
                        fraction.sources,
                        fmt::format("fewest (power of two) that hold {:.0f} GB of "
                                    "weights + {:.0f} GB of KV cache in {:.0f}% "
                                    "of {} GB each",
                                    weight_bytes / 1e9,
                                    (memory_needed - weight_bytes) / 1e9,
                                    fraction.value * 100.0,
                                    *hw.memory_gb)};
    });
  } else {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no published memory size to size a replica", hw.id),
                "give --devices-per-replica");
  }

  // Fitted serving factors (data/defaults.json, fitted on the ML.ENERGY v3 fit half).
  const double bw_eff = use_default(catalog, "infer_bw_efficiency", "bw_efficiency", footprint);
  const double mfu_decode = use_default(catalog, "infer_mfu_decode", "mfu_decode", footprint);
  const double mfu_prefill = use_default(catalog, "infer_mfu_prefill", "mfu_prefill", footprint);
  double low_precision = 1.0;
  if (weight_bytes_per_value < 2.0) {
    low_precision = use_default(
        catalog, "infer_low_precision_efficiency", "low_precision_efficiency", footprint);
  }
  const bool moe = arch.expert_params > 0;
  const double layer_us =
      devices > 1 ? use_default(
          catalog, moe ? "infer_ep_layer_us" : "infer_tp_layer_us", "collective_latency", footprint)
                  : 0.0;
  const double seq_us = use_default(catalog, "infer_seq_us", "sequence_overhead", footprint);
  const double step_fixed_ms = use_default(catalog, "infer_step_ms", "step_overhead", footprint);

  // Decode step at batch B (roofline: Williams et al. 2009; for LLM decoding, Pope et al. 2022):
  // bytes moved = dense weights + touched experts + KV of every sequence at the mean context.
  const double mean_context = prompt + generated / 2.0;
  const double touched =
      moe ? touched_expert_fraction(arch.experts, arch.experts_active, batch) : 1.0;
  const double dense_params = arch.params_total - arch.expert_params;
  const double step_weight_bytes =
      (dense_params + touched * arch.expert_params) * weight_bytes_per_value * weight_factor;
  const double step_bytes = step_weight_bytes + batch * kv_context(mean_context) * kv_per_token;
  if (moe) {
    add(footprint,
        "experts_touched",
        touched,
        "",
        "derived",
        fmt::format("1 - (1 - {}/{})^{:.0f} of the routed experts are read per step",
                    arch.experts_active,
                    arch.experts,
                    batch));
  }
  // FLOPs per generated token: 2 x active params for the matmuls + attention over the context
  // (2 x 2 x layers x context x d_attn; Kaplan et al. 2020, Table 1).
  const double attention_per_token =
      4.0 * static_cast<double>(arch.layers) * mean_context * arch.attention_dim;
  const double flops_per_token = 2.0 * arch.params_active * flop_factor + attention_per_token;
  const double t_memory = step_bytes / (devices * bandwidth * bw_eff * low_precision);
  const double t_compute = batch * flops_per_token / (devices * peak * mfu_decode * low_precision);
  const double t_roof = std::max(t_memory, t_compute);
  const double t_overhead = static_cast<double>(arch.layers) * layer_us * 1e-6
                            + batch * seq_us * 1e-6 + step_fixed_ms * 1e-3;
  double step_s = t_roof + t_overhead;
  std::string bound = t_memory >= t_compute ? "memory" : "compute";

  // Prefill of the uncached prompt: matmuls on new tokens, causal attention over the whole prompt.
  const double fresh = prompt * (1.0 - cached);
  const double prefill_flops =
      2.0 * arch.params_active * flop_factor * fresh
      + 2.0 * static_cast<double>(arch.layers) * fresh * prompt * arch.attention_dim;
  const double t_prefill = prefill_flops / (devices * peak * mfu_prefill * low_precision);

  // Power from utilisation: the busy share of a step is the roofline time plus the per-sequence
  // work; collectives and fixed overheads leave the device waiting (fitted on ML.ENERGY v3).
  if (!hw.idle_w && !scenario.device.avg_power_w) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no idle power to model serving power from", hw.id),
                "give --avg-power (measured)");
  }
  const double idle_w = hw.idle_w.value_or(0.0);
  double decode_w = 0;
  double prefill_w = 0;
  const double busy = std::min(1.0, (t_roof + batch * seq_us * 1e-6) / step_s);
  if (scenario.device.avg_power_w) {
    require_range(*scenario.device.avg_power_w, "avg-power");
    decode_w = prefill_w = *scenario.device.avg_power_w;
    add(footprint, "device_power", decode_w, "W", "user", "average power per device");
  } else if (scenario.device.power_fraction) {
    require_range(*scenario.device.power_fraction, "power-fraction");
    decode_w = prefill_w = hw.tdp_w * *scenario.device.power_fraction;
    add(footprint, "device_power", decode_w, "W", "derived", "TDP x --power-fraction");
  } else {
    const double floor = use_default(catalog, "infer_power_floor", "power_floor", footprint);
    const double slope = use_default(catalog, "infer_power_slope", "power_slope", footprint);
    const double dynamic_w = hw.tdp_w - idle_w;
    decode_w = idle_w + dynamic_w * std::min(1.0, floor + slope * busy);
    prefill_w = idle_w + dynamic_w * std::min(1.0, floor + slope);
    add(footprint, "idle_power", idle_w, "W", catalog_origin("hardware", hw.id));
    add(footprint,
        "device_power",
        decode_w,
        "W",
        "derived",
        fmt::format("decode: idle + (TDP - idle) x (floor + slope x busy {:.2f})", busy));
  }

  // Time and accelerator energy per request on the replica.
  double request_s = t_prefill + generated * step_s / batch;
  double accelerator_j = devices * (prefill_w * t_prefill + decode_w * generated * step_s / batch);
  footprint.compute.route = "roofline";
  if (scenario.tokens_per_s) {
    require_range(*scenario.tokens_per_s, "tokens-per-second");
    const double mean_w = accelerator_j / request_s; // replica power at the modelled point
    request_s = generated / *scenario.tokens_per_s;
    step_s = batch / *scenario.tokens_per_s;
    accelerator_j = mean_w * request_s;
    bound = "measured";
    footprint.compute.route = "measured_tokens_per_s";
    add(footprint,
        "tokens_per_s",
        *scenario.tokens_per_s,
        "tokens/s",
        "user",
        "measured, per replica");
  }
  if (scenario.joules_per_token) {
    require_range(*scenario.joules_per_token, "joules-per-token");
    accelerator_j = *scenario.joules_per_token * generated;
    footprint.compute.route = "measured_joules_per_token";
    add(footprint,
        "joules_per_token",
        *scenario.joules_per_token,
        "J",
        "user",
        "measured accelerator energy per output token");
  }

  // Fleet utilisation: provisioned replicas idle the rest of the time (own line in the breakdown).
  double fleet = 1.0;
  if (scenario.fleet_utilization) {
    require_range(*scenario.fleet_utilization, "fleet-utilization");
    fleet = *scenario.fleet_utilization;
    add(footprint, "fleet_utilization", fleet, "", "user", "busy share of provisioned replicas");
  }
  const double idle_s = request_s * (1.0 / fleet - 1.0);
  const double host_j = devices * device.host_w * request_s;
  const double idle_capacity_j = devices * (idle_w + device.host_w) * idle_s;

  // Totals over the period: rate x period, or one request.
  Workload workload;
  workload.input_tokens = prompt;
  workload.output_tokens = *scenario.output_tokens;
  workload.reasoning_tokens = reasoning;
  workload.requests = 1;
  if (scenario.requests_per_s) {
    require_range(*scenario.requests_per_s, "requests", "give a rate such as 1M/day or 50/s");
    const double period_h = scenario.period_hours.value_or(k_hours_per_year);
    if (!scenario.period_hours) {
      footprint.notes.emplace_back("no --days given: totals cover one year (365 days)");
    }
    require_range(period_h, "days");
    workload.requests = *scenario.requests_per_s * period_h * k_seconds_per_hour;
    workload.requests_per_day = *scenario.requests_per_s * k_hours_per_day * k_seconds_per_hour;
    workload.days = period_h / k_hours_per_day;
    footprint.time.wall_hours = period_h;
  } else if (scenario.period_hours) {
    throw Error(
        ErrorKind::invalid_input, "--days needs --requests", "give a rate, e.g. --requests 1M/day");
  }
  const double requests = workload.requests;
  footprint.energy.accelerators_kwh = accelerator_j * requests / k_joules_per_kwh;
  footprint.energy.host_kwh = host_j * requests / k_joules_per_kwh;
  footprint.energy.idle_capacity_kwh = idle_capacity_j * requests / k_joules_per_kwh;
  footprint.time.device_hours = devices * (request_s + idle_s) * requests / k_seconds_per_hour;
  if (footprint.time.wall_hours) {
    footprint.time.devices = footprint.time.device_hours / *footprint.time.wall_hours;
  }
  footprint.compute.flops = (prefill_flops + generated * flops_per_token) * requests;
  footprint.compute.precision = std::string(to_string(precision));

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  const double embodied_kg =
      footprint.time.device_hours * device.embodied_kg_per_device / device.lifetime_h;
  detail::complete_footprint(footprint, site, embodied_kg);

  const PerUnit per_request{footprint.energy.total_kwh * k_wh_per_kwh / requests,
                            footprint.co2e.total_kg * 1000.0 / requests,
                            footprint.water.total_l * 1000.0 / requests};
  const double per_million = 1e6 / generated;
  footprint.per_request = per_request;
  footprint.per_million_tokens = PerUnit{per_request.energy_wh * per_million,
                                         per_request.co2e_g * per_million,
                                         per_request.water_ml * per_million};
  footprint.throughput = Throughput{generated / request_s,
                                    step_s * 1000.0,
                                    bound,
                                    batch,
                                    devices,
                                    t_prefill * 1000.0,
                                    per_request.energy_wh * k_seconds_per_hour / generated};
  footprint.workload = workload;
  return footprint;
}

} // namespace aifoot
