#include "site.hpp"
#include "trail_helpers.hpp"

#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

// Serving as a sequence of stages with plain structs between them (docs/inference.md):
//   request tokens -> architecture -> numerics (bytes, peaks) -> deployment (pools of devices)
//   -> batch from the service target -> decode step and prefill times -> power -> energy per
//   request -> fleet (devices, nodes, MW) -> carbon and water.

namespace aifoot {

using detail::add_assumption;
using detail::catalog_origin;
using detail::require_range;
using detail::use_default;
using detail::utilisation_power_w;

namespace {

// 2:4 structured sparsity keeps half the weights plus a 2-bit index per kept value, and sparse
// tensor cores run it at twice the dense math rate (NVIDIA A100 Tensor Core GPU Architecture
// whitepaper, 2020, "Fine-grained structured sparsity"; Mishra et al. 2021, arXiv:2104.08378).
constexpr double k_two_four_kept = 0.5;
constexpr double k_two_four_index_bits = 2.0;
constexpr double k_bits_per_byte = 8.0;
// Replica sizes are powers of two: tensor- and expert-parallel degrees must divide the head and
// expert counts (vLLM and TensorRT-LLM deployments use 1, 2, 4, 8, ...).
constexpr unsigned k_max_replica_devices = 1024;
constexpr double k_max_devices_per_replica = k_max_replica_devices;
// Expert-parallel all-to-all moves each token's hidden state to its k experts in fp8 (1 byte per
// value) and back in bf16 (2 bytes): DeepSeek-V3 report §3.3 and DeepEP ("FP8 dispatching and
// BF16 combining").
constexpr double k_all_to_all_bytes_per_value = 1.0 + 2.0;
// Bytes per value of the 16-bit numerics that lower precisions are compared with.
constexpr double k_bf16_bytes = 2.0;
// Devices per node when the catalog lists no scale-up domain (8-GPU HGX/DGX servers).
constexpr double k_devices_per_node = 8;
constexpr double k_ms_per_s = 1000.0;
constexpr double k_w_per_mw = 1e6;

// ---- Stage 1: the request -----------------------------------------------------------------

// Tokens of one request. Reasoning tokens are generated like output (and billed as output), so
// they count in decode steps and KV growth; they are reported apart.
struct RequestTokens {
  double prompt = 0;
  double cached_fraction = 0;
  double fresh = 0; // prompt tokens prefilled (not served from a prefix cache)
  double output = 0;
  double reasoning = 0;
  double generated = 0; // output + reasoning
};

RequestTokens
resolve_tokens(const InferenceScenario& scenario, const Catalog& catalog, Footprint& footprint) {
  if (!scenario.output_tokens) {
    throw Error(
        ErrorKind::invalid_input, "missing output tokens", "give --output-tokens, e.g. 500");
  }
  RequestTokens tokens;
  require_range(*scenario.output_tokens, "output-tokens");
  tokens.output = *scenario.output_tokens;
  tokens.reasoning = scenario.reasoning_tokens.value_or(0.0);
  require_range(tokens.reasoning, "reasoning-tokens");
  tokens.generated = tokens.output + tokens.reasoning;
  if (scenario.input_tokens) {
    require_range(*scenario.input_tokens, "input-tokens");
    tokens.prompt = *scenario.input_tokens;
    detail::add_value(footprint, "input_tokens", tokens.prompt, "tokens", "user");
  } else {
    tokens.prompt = use_default(catalog, "infer_input_tokens", "input_tokens", footprint);
  }
  tokens.cached_fraction = scenario.cached_fraction.value_or(0.0);
  require_range(tokens.cached_fraction, "cached-fraction");
  tokens.fresh = tokens.prompt * (1.0 - tokens.cached_fraction);
  detail::add_value(footprint, "output_tokens", tokens.output, "tokens", "user");
  if (tokens.reasoning > 0) {
    detail::add_value(
        footprint, "reasoning_tokens", tokens.reasoning, "tokens", "user", "decoded like output");
  }
  return tokens;
}

// ---- Stage 2: the architecture ------------------------------------------------------------

// The served architecture: totals for memory, active parameters for FLOPs, the expert split for
// the MoE weight traffic and the all-to-all.
struct Architecture {
  double params_total = 0;
  double params_active = 0;
  double expert_params = 0; // routed expert weights (all experts)
  int experts = 0;
  int experts_active = 0;
  int layers = 0;
  double d_model = 0;
  double attention_dim = 0; // heads x head_dim
  const Model* model = nullptr;

  bool moe() const { return expert_params > 0; }
  bool latent_kv() const { return model != nullptr && model->kv_latent_dim.has_value(); }
};

Architecture resolve_architecture(const InferenceScenario& scenario,
                                  const Catalog& catalog,
                                  Footprint& footprint) {
  Architecture arch;
  if (scenario.model) {
    const Model& model = catalog.require_model(*scenario.model);
    arch.model = &model;
    add_assumption(footprint, "model", [&] {
      return Assumption{
          .text = model.id,
          .origin = catalog_origin("models", model.id),
          .sources = model.sources,
          .note = model.estimate ? "closed model: parameters are third-party estimates" : ""};
    });
    arch.params_total = model.params_total;
    arch.params_active = model.params_active;
    arch.layers = model.layers.value_or(0);
    arch.d_model = static_cast<double>(model.d_model.value_or(0));
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
  detail::add_value(
      footprint, "params_total", arch.params_total, "", origin, "weights held in memory");
  detail::add_value(footprint,
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

// ---- Stage 3: numerics --------------------------------------------------------------------

// What precision and sparsity make of the model: bytes per value, the peaks the matmuls run at,
// and the KV cache per token.
struct Numerics {
  Precision precision = Precision::bf16;
  double weight_bytes_per_value = 2;
  double weight_factor = 1; // sparsity/pruning: share of weight bytes kept
  double flop_factor = 1;   // sparsity/pruning: share of matmul FLOPs kept
  double peak_flop_s = 0;   // at the weight precision (or the 16-bit peak without one)
  double peak16_flop_s = 0; // the 16-bit peak, against which lower precisions are bounded
  double bandwidth_b_s = 0;
  double kv_bytes_per_token = 0;
  double low_precision = 1; // kernel efficiency of sub-16-bit weights (fitted)
  bool low_bits() const { return weight_bytes_per_value < k_bf16_bytes; }
};

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

double sixteen_bit_peak(const Hardware& hw, double fallback) {
  for (const Precision wide : {Precision::bf16, Precision::fp16}) {
    if (const auto it = hw.peak_flop_per_s.find(wide); it != hw.peak_flop_per_s.end()) {
      return it->second;
    }
  }
  return fallback;
}

void record_precisions(const InferenceScenario& scenario,
                       const Architecture& arch,
                       Precision precision,
                       Precision kv_precision,
                       Footprint& footprint) {
  const bool released = !scenario.precision && arch.model && arch.model->release_precision;
  add_assumption(footprint, "precision", [&] {
    return Assumption{.text = std::string(to_string(precision)),
                      .origin = scenario.precision ? "user"
                                : released         ? catalog_origin("models", arch.model->id)
                                                   : "default:bf16 weights",
                      .sources = released ? arch.model->sources : std::vector<std::string>{},
                      .note = released ? "the precision the weights are released in" : ""};
  });
  add_assumption(footprint, "kv_precision", [&] {
    return Assumption{.text = std::string(to_string(kv_precision)),
                      .origin =
                          scenario.kv_precision ? "user" : "default:bf16 KV cache (vLLM auto)"};
  });
}

// Sparsity and pruning scale weight bytes and matmul FLOPs; attention and KV cache are untouched.
void apply_sparsity(const Sparsity& sparsity, Numerics& n, Footprint& footprint) {
  if (sparsity.two_four) {
    n.weight_factor =
        k_two_four_kept
        * (1.0 + k_two_four_index_bits / (k_bits_per_byte * n.weight_bytes_per_value));
    n.flop_factor = k_two_four_kept;
    detail::add_value(
        footprint,
        "sparsity_weight_factor",
        n.weight_factor,
        "",
        "derived",
        "2:4: half the weights + 2-bit index each; sparse tensor cores at 2x the dense rate "
        "(NVIDIA A100 whitepaper 2020)");
  }
  if (sparsity.pruned_fraction > 0) {
    require_range(sparsity.pruned_fraction, "sparsity");
    n.weight_factor *= 1.0 - sparsity.pruned_fraction;
    n.flop_factor *= 1.0 - sparsity.pruned_fraction;
    detail::add_value(
        footprint,
        "pruned_fraction",
        sparsity.pruned_fraction,
        "",
        "user",
        "structured pruning: a smaller dense model (weights and matmul FLOPs scale by 1 - "
        "fraction; e.g. Minitron, Sreenivas et al. 2024)");
  }
}

Numerics resolve_numerics(const InferenceScenario& scenario,
                          const Architecture& arch,
                          const Hardware& hw,
                          const Catalog& catalog,
                          Footprint& footprint) {
  // Weights default to the precision the model is released in (fp8 for DeepSeek-V3/R1, MXFP4 for
  // gpt-oss), else bf16 (most open models); the KV cache to bf16 (vLLM's kv_cache_dtype "auto"
  // keeps the activation dtype).
  const bool released = !scenario.precision && arch.model && arch.model->release_precision;
  Numerics n;
  n.precision =
      scenario.precision.value_or(released ? *arch.model->release_precision : Precision::bf16);
  const Precision kv_precision = scenario.kv_precision.value_or(Precision::bf16);
  record_precisions(scenario, arch, n.precision, kv_precision, footprint);
  n.weight_bytes_per_value = bytes_per_value(n.precision);
  n.peak_flop_s = compute_peak(hw, n.precision, footprint);
  n.peak16_flop_s = sixteen_bit_peak(hw, n.peak_flop_s);
  if (!hw.mem_bw_gb_s) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no published memory bandwidth", hw.id),
                "give --tokens-per-second (measured) instead");
  }
  n.bandwidth_b_s = *hw.mem_bw_gb_s * 1e9;
  apply_sparsity(scenario.sparsity, n, footprint);
  if (arch.model && !scenario.params) {
    n.kv_bytes_per_token = kv_bytes_per_token(*arch.model, bytes_per_value(kv_precision));
  }
  if (n.kv_bytes_per_token > 0) {
    detail::add_value(footprint,
                      "kv_bytes_per_token",
                      n.kv_bytes_per_token,
                      "B",
                      "derived",
                      arch.latent_kv() ? "layers x latent dim x bytes (multi-head latent attention)"
                                       : "2 x layers x KV heads x head dim x bytes");
  } else {
    footprint.notes.emplace_back(
        "no model architecture: the KV cache and attention FLOPs are not modelled; "
        "give --model for them");
  }
  if (n.low_bits()) {
    n.low_precision = use_default(
        catalog, "infer_low_precision_efficiency", "low_precision_efficiency", footprint);
  }
  return n;
}

// ---- Stage 4: the serving factors ---------------------------------------------------------

// Fitted and cited serving factors (data/defaults.json).
struct ServingFactors {
  double bw_efficiency = 0;
  double mfu_decode = 0;
  double mfu_prefill = 0;
  double collective_s = 0; // per layer, tensor- or expert-parallel replicas (fitted latency)
  double sequence_s = 0;   // per sequence per step, on each scheduler (data-parallel rank)
  double step_fixed_s = 0; // per step
  double comm_efficiency = 0;
  double fleet_efficiency = 1; // achieved / modelled speed of a large expert-parallel unit
};

ServingFactors resolve_factors(const Catalog& catalog,
                               const Architecture& arch,
                               bool multi_device,
                               Footprint& footprint) {
  ServingFactors f;
  f.bw_efficiency = use_default(catalog, "infer_bw_efficiency", "bw_efficiency", footprint);
  f.mfu_decode = use_default(catalog, "infer_mfu_decode", "mfu_decode", footprint);
  f.mfu_prefill = use_default(catalog, "infer_mfu_prefill", "mfu_prefill", footprint);
  if (multi_device) {
    f.collective_s = 1e-6
                     * use_default(catalog,
                                   arch.moe() ? "infer_ep_layer_us" : "infer_tp_layer_us",
                                   "collective_latency",
                                   footprint);
  }
  f.sequence_s = 1e-6 * use_default(catalog, "infer_seq_us", "sequence_overhead", footprint);
  f.step_fixed_s = 1e-3 * use_default(catalog, "infer_step_ms", "step_overhead", footprint);
  return f;
}

// ---- Stage 5: the deployment --------------------------------------------------------------

// One pool of devices serving one phase: a unit of `devices` that shares weights, split into
// `ranks` data-parallel attention ranks (1: one tensor-parallel replica; `devices`: DP attention
// with the routed experts spread over every device, as in DeepSeek's and SGLang's deployments).
struct Pool {
  double devices = 1;
  double ranks = 1;
  bool expert_parallel = false; // routed experts sharded over the unit with all-to-all
  bool overlap = false;         // communication hidden behind compute (two-batch overlap)

  double tensor_parallel() const { return devices / ranks; }
};

struct Deployment {
  DeploymentKind kind = DeploymentKind::replica;
  Pool decode;
  Pool prefill; // same devices as decode unless disaggregated
  bool disaggregated = false;
};

// Bytes held and read, FLOPs done: the architecture at the chosen numerics.
struct ModelCost {
  const Architecture* arch = nullptr;
  const Numerics* numerics = nullptr;
  double dense_bytes = 0;  // everything but the routed experts
  double expert_bytes = 0; // all routed experts

  double kv_context(double context) const {
    const Model* model = arch->model;
    if (model == nullptr || !model->sliding_window) {
      return context;
    }
    // Sliding-window layers keep at most `window` positions (Mistral 7B, Gemma 2/3, gpt-oss).
    const double share = model->sliding_window_share;
    return (1.0 - share) * context + share * std::min(context, *model->sliding_window);
  }
  // FLOPs per generated token: 2 x active params for the matmuls + attention over the context
  // (2 x 2 x layers x context x d_attn; Kaplan et al. 2020, Table 1).
  double decode_flops(double context) const {
    return 2.0 * arch->params_active * numerics->flop_factor
           + 4.0 * static_cast<double>(arch->layers) * context * decode_attention_dim();
  }
  // Multi-head latent attention decodes with the projections absorbed: every head attends over
  // the latent cache itself (DeepSeek-V2 report §2.1.2; FlashMLA), so scores and values span the
  // latent width, not the head width.
  double decode_attention_dim() const {
    const Model* model = arch->model;
    if (model != nullptr && model->kv_latent_dim && model->heads) {
      return static_cast<double>(*model->heads) * static_cast<double>(*model->kv_latent_dim);
    }
    return arch->attention_dim;
  }
  // Prefill of the uncached prompt: matmuls on new tokens, causal attention over the prompt.
  double prefill_flops(const RequestTokens& t) const {
    return 2.0 * arch->params_active * numerics->flop_factor * t.fresh
           + 2.0 * static_cast<double>(arch->layers) * t.fresh * t.prompt * arch->attention_dim;
  }
  // Weight bytes each device of `pool` holds: its share of the dense weights (replicated per
  // rank) and of the routed experts (spread over the unit).
  double held_bytes(const Pool& pool) const {
    return dense_bytes / pool.tensor_parallel() + expert_bytes / pool.devices;
  }
  // KV bytes per sequence on each device holding it: latent (MLA) caches are replicated across
  // the tensor-parallel devices of a rank (vLLM and SGLang both), head-split caches are divided.
  double kv_bytes_per_sequence(const Pool& pool, double context) const {
    const double bytes = kv_context(context) * numerics->kv_bytes_per_token;
    return arch->latent_kv() ? bytes : bytes / pool.tensor_parallel();
  }
};

ModelCost model_cost(const Architecture& arch, const Numerics& numerics) {
  ModelCost cost{&arch, &numerics, 0, 0};
  const double bytes = numerics.weight_bytes_per_value * numerics.weight_factor;
  cost.expert_bytes = arch.expert_params * bytes;
  cost.dense_bytes = (arch.params_total - arch.expert_params) * bytes;
  return cost;
}

// Largest batch (sequences over the whole unit) whose KV cache fits beside the weights.
double memory_batch_limit(const ModelCost& cost,
                          const Pool& pool,
                          double usable_bytes,
                          double full_context) {
  const double room = usable_bytes - cost.held_bytes(pool);
  const double per_sequence = cost.kv_bytes_per_sequence(pool, full_context);
  if (!(room > 0.0)) {
    return 0.0;
  }
  if (!(per_sequence > 0.0)) {
    return std::numeric_limits<double>::infinity();
  }
  return std::floor(room / per_sequence) * pool.ranks;
}

double usable_bytes(const Hardware& hw, const Catalog& catalog) {
  return hw.memory_gb.value_or(0.0) * 1e9 * catalog.require_default("infer_memory_fraction").value;
}

// The fewest devices (power of two) whose memory holds the weights and `batch` sequences.
double smallest_replica(const ModelCost& cost,
                        const Hardware& hw,
                        const Catalog& catalog,
                        double batch,
                        double full_context) {
  if (!hw.memory_gb) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no published memory size to size a replica", hw.id),
                "give --devices-per-replica");
  }
  const double usable = usable_bytes(hw, catalog);
  for (unsigned count = 1; count <= k_max_replica_devices; count *= 2) {
    const auto devices = static_cast<double>(count);
    const Pool pool{devices, 1, false, false};
    if (memory_batch_limit(cost, pool, usable, full_context) >= batch) {
      return devices;
    }
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("the weights and KV cache of {} sequences do not fit {} {} devices",
                          batch,
                          k_max_devices_per_replica,
                          hw.id),
              "lower --batch or the token counts, or use a lower --precision");
}

// Why a large expert-parallel deployment cannot serve this model on this hardware; empty when it
// can.
std::string expert_parallel_obstacle(const Architecture& arch, const Hardware& hw) {
  if (!arch.moe()) {
    return "the model is dense (no routed experts to spread)";
  }
  if (arch.d_model <= 0 || arch.layers <= 0) {
    return "the model has no published hidden size and layer count";
  }
  if (!hw.scaleup_gb_s || !hw.scaleout_gb_s) {
    return fmt::format("the catalog lists no scale-up and scale-out bandwidth for '{}'", hw.id);
  }
  return {};
}

// The expert-parallel fleet of DeepSeek's Day-6 overview: prefill and decode in separate pools,
// attention data-parallel on every device, routed experts spread over the unit (prefill EP32,
// decode EP144 for 256 experts), communication overlapped by two micro-batches. Smaller expert
// counts cap the unit at one expert per device.
Deployment expert_parallel_deployment(const InferenceScenario& scenario,
                                      const Architecture& arch,
                                      const Catalog& catalog,
                                      Footprint& footprint) {
  const auto unit =
      [&](const std::optional<double>& given, std::string_view id, std::string_view name) {
        double devices = 0;
        if (given) {
          require_range(*given, 1.0, k_max_devices_per_replica, name);
          devices = *given;
          detail::add_value(footprint, name, devices, "devices", "user");
        } else {
          devices = std::min(use_default(catalog, id, name, footprint),
                             static_cast<double>(arch.experts));
        }
        return Pool{devices, devices, true, true};
      };
  Deployment d;
  d.kind = DeploymentKind::expert_parallel;
  d.disaggregated = true;
  d.prefill = unit(scenario.prefill_devices, "infer_fleet_prefill_devices", "prefill_devices");
  d.decode = unit(scenario.decode_devices, "infer_fleet_decode_devices", "decode_devices");
  return d;
}

// ---- Stage 6: step times ------------------------------------------------------------------

struct DecodeStep {
  double memory_s = 0;
  double compute_s = 0;
  double comm_s = 0;     // expert-parallel all-to-all (bandwidth)
  double overhead_s = 0; // collective latency + per-sequence + per-step fixed
  double sequence_s = 0; // per-sequence part of the overhead (device busy)
  double step_s = 0;
  bool memory_bound = true;

  double roofline_s() const { return std::max(memory_s, compute_s); }
  // Share of the step the device works: roofline and per-sequence work; waiting on collectives
  // and fixed overheads leaves it idle (fitted on ML.ENERGY v3).
  double busy() const { return std::min(1.0, (roofline_s() + sequence_s) / step_s); }
};

// Time of one expert-parallel all-to-all round trip per layer for `tokens` tokens on a device:
// copies to other devices cross the scale-up fabric inside its domain and the network card
// outside, both links working at once.
double all_to_all_s(const Architecture& arch,
                    const Hardware& hw,
                    const Pool& pool,
                    double tokens,
                    double comm_efficiency) {
  if (!pool.expert_parallel || pool.devices <= 1) {
    return 0.0;
  }
  const double domain = std::min(pool.devices, static_cast<double>(hw.scaleup_domain.value_or(8)));
  const double bytes = tokens * static_cast<double>(arch.experts_active) * arch.d_model
                       * k_all_to_all_bytes_per_value * static_cast<double>(arch.layers);
  const double inside = bytes * (domain - 1.0) / pool.devices;
  const double outside = bytes * (pool.devices - domain) / pool.devices;
  const double scaleup = hw.scaleup_gb_s.value_or(0.0) * 1e9 * comm_efficiency;
  const double scaleout = hw.scaleout_gb_s.value_or(0.0) * 1e9 * comm_efficiency;
  return std::max(scaleup > 0 ? inside / scaleup : 0.0, scaleout > 0 ? outside / scaleout : 0.0);
}

// Time of `bytes` and `flops` on one device, bounded by what the same work takes at 16 bits: a
// lower weight precision never makes a step slower unless a cited measurement says so.
struct RooflineTimes {
  double memory_s;
  double compute_s;
};

RooflineTimes roofline(const Numerics& n,
                       const ServingFactors& f,
                       double weight_bytes,
                       double other_bytes,
                       double flops,
                       double mfu) {
  const double memory_s =
      (weight_bytes + other_bytes) / (n.bandwidth_b_s * f.bw_efficiency * n.low_precision);
  const double compute_s = flops / (n.peak_flop_s * mfu * n.low_precision);
  if (!n.low_bits()) {
    return {memory_s, compute_s};
  }
  const double wide_bytes = weight_bytes * k_bf16_bytes / n.weight_bytes_per_value;
  return {std::min(memory_s, (wide_bytes + other_bytes) / (n.bandwidth_b_s * f.bw_efficiency)),
          std::min(compute_s, flops / (n.peak16_flop_s * mfu))};
}

// One decode step of a unit serving `batch` sequences at `context` tokens of mean context
// (roofline: Williams et al. 2009; for LLM decoding, Pope et al. 2022): each device reads its
// dense share, the routed experts the batch touches and its sequences' KV cache.
DecodeStep decode_step(const ModelCost& cost,
                       const ServingFactors& f,
                       const Hardware& hw,
                       const Pool& pool,
                       double batch,
                       double context) {
  const Architecture& arch = *cost.arch;
  const double touched =
      arch.moe() ? touched_expert_fraction(arch.experts, arch.experts_active, batch) : 1.0;
  const double per_rank = batch / pool.ranks;
  const double weight_bytes =
      cost.dense_bytes / pool.tensor_parallel() + touched * cost.expert_bytes / pool.devices;
  const double kv_bytes = per_rank * cost.kv_bytes_per_sequence(pool, context);
  const RooflineTimes t = roofline(*cost.numerics,
                                   f,
                                   weight_bytes,
                                   kv_bytes,
                                   batch * cost.decode_flops(context) / pool.devices,
                                   f.mfu_decode);
  DecodeStep step;
  step.memory_s = t.memory_s;
  step.compute_s = t.compute_s;
  step.memory_bound = t.memory_s >= t.compute_s;
  step.comm_s = all_to_all_s(arch, hw, pool, per_rank, f.comm_efficiency);
  step.sequence_s = per_rank * f.sequence_s;
  const double collective =
      pool.tensor_parallel() > 1 ? static_cast<double>(arch.layers) * f.collective_s : 0.0;
  step.overhead_s = collective + step.sequence_s + f.step_fixed_s;
  const double core =
      pool.overlap ? std::max(step.roofline_s(), step.comm_s) : step.roofline_s() + step.comm_s;
  step.step_s = (core + step.overhead_s) / f.fleet_efficiency;
  return step;
}

// Device-seconds of prefill per request: compute at the prefill efficiency, or the all-to-all
// where that is slower and overlapped (DeepSeek's prefill: two micro-batches).
double prefill_device_s(const ModelCost& cost,
                        const ServingFactors& f,
                        const Hardware& hw,
                        const Pool& pool,
                        const RequestTokens& tokens) {
  const RooflineTimes t =
      roofline(*cost.numerics, f, 0.0, 0.0, cost.prefill_flops(tokens), f.mfu_prefill);
  const double comm = all_to_all_s(*cost.arch, hw, pool, tokens.fresh, f.comm_efficiency);
  return (pool.overlap ? std::max(t.compute_s, comm) : t.compute_s + comm) / f.fleet_efficiency;
}

// ---- Stage 7: batch from the service target -----------------------------------------------

struct BatchChoice {
  double batch = 1;
  DecodeStep step;
};

// The largest batch within memory whose decode step meets the time per output token: what a
// provider runs (step time grows with batch, so a bisection finds it).
BatchChoice batch_for_target(const ModelCost& cost,
                             const ServingFactors& f,
                             const Hardware& hw,
                             const Pool& pool,
                             double memory_limit,
                             double tpot_s,
                             double context) {
  const auto step_at = [&](double b) {
    return decode_step(cost, f, hw, pool, b, context);
  };
  const double low_start = std::max(1.0, pool.ranks);
  if (memory_limit <= low_start || step_at(low_start).step_s > tpot_s) {
    const double b = std::max(1.0, std::min(low_start, memory_limit));
    return {b, step_at(b)};
  }
  // The largest batch a scheduler runs: the bound --batch takes.
  const double cap = std::min(memory_limit, field_bounds("batch").max);
  if (step_at(cap).step_s <= tpot_s) {
    return {cap, step_at(cap)};
  }
  double low = low_start;
  double high = cap;
  while (high - low > 1.0) {
    const double mid = std::floor((low + high) / 2.0);
    (step_at(mid).step_s <= tpot_s ? low : high) = mid;
  }
  return {low, step_at(low)};
}

// ---- Stage 8: power -----------------------------------------------------------------------

struct PoolPower {
  double decode_w = 0;
  double prefill_w = 0;
  double idle_w = 0;
};

// Per device: P = idle + (TDP - idle) x min(1, floor + slope x busy), fitted on ML.ENERGY v3;
// prefill runs busy. A measured average power or a power fraction replaces the model.
PoolPower resolve_power(const InferenceScenario& scenario,
                        const Hardware& hw,
                        const Catalog& catalog,
                        double busy,
                        Footprint& footprint) {
  if (!hw.idle_w && !scenario.device.avg_power_w) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no idle power to model serving power from", hw.id),
                "give --avg-power (measured)");
  }
  PoolPower p;
  p.idle_w = hw.idle_w.value_or(0.0);
  if (scenario.device.avg_power_w) {
    require_range(*scenario.device.avg_power_w, "avg-power");
    p.decode_w = p.prefill_w = *scenario.device.avg_power_w;
    detail::add_value(
        footprint, "device_power", p.decode_w, "W", "user", "average power per device");
    return p;
  }
  if (scenario.device.power_fraction) {
    require_range(*scenario.device.power_fraction, "power-fraction");
    p.decode_w = p.prefill_w = hw.tdp_w * *scenario.device.power_fraction;
    detail::add_value(
        footprint, "device_power", p.decode_w, "W", "derived", "TDP x --power-fraction");
    return p;
  }
  const double floor = use_default(catalog, "infer_power_floor", "power_floor", footprint);
  const double slope = use_default(catalog, "infer_power_slope", "power_slope", footprint);
  p.decode_w = utilisation_power_w(p.idle_w, hw.tdp_w, floor, slope, busy);
  p.prefill_w = utilisation_power_w(p.idle_w, hw.tdp_w, floor, slope, 1.0);
  detail::add_value(footprint, "idle_power", p.idle_w, "W", catalog_origin("hardware", hw.id));
  detail::add_value(
      footprint,
      "device_power",
      p.decode_w,
      "W",
      "derived",
      fmt::format("decode: idle + (TDP - idle) x (floor + slope x busy {:.2f})", busy));
  return p;
}

// Host energy in serving: a measured share of the accelerators' (Google's production
// measurement), unless the user gives host watts per device. Replaces the training-server host
// share resolve_device recorded.
struct HostModel {
  double watts_per_device = 0; // > 0: the user's host power
  double accelerator_ratio = 0;
};

HostModel resolve_host(const InferenceScenario& scenario,
                       const detail::ResolvedDevice& device,
                       const Catalog& catalog,
                       Footprint& footprint) {
  if (scenario.device.host_w_per_device || scenario.device.avg_power_w) {
    return {device.host_w, 0.0};
  }
  auto& trail = footprint.assumptions;
  trail.erase(std::remove_if(trail.begin(),
                             trail.end(),
                             [](const Assumption& a) { return a.name == "host_power"; }),
              trail.end());
  return {0.0, use_default(catalog, "infer_host_ratio", "host_power", footprint)};
}

// ---- Stage 9: energy per request and the fleet --------------------------------------------

struct RequestEnergy {
  double prefill_device_s = 0;
  double decode_device_s = 0;
  double accelerator_j = 0;
  double host_j = 0;
  double request_s = 0; // wall time of one request on its unit(s)
};

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

std::string_view to_string(DeploymentKind kind) {
  return kind == DeploymentKind::expert_parallel ? "expert-parallel" : "replica";
}

DeploymentKind parse_deployment(std::string_view text, std::string_view field) {
  if (text == "replica") {
    return DeploymentKind::replica;
  }
  if (text == "expert-parallel" || text == "ep") {
    return DeploymentKind::expert_parallel;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("invalid {} '{}'", field, text),
              "use replica (one tensor-parallel replica per node, the benchmark shape) or "
              "expert-parallel (DeepSeek-style prefill/decode pools)");
}

namespace {

// The request demand in output tokens per second, when a rate is given.
std::optional<double> demand_tokens_per_s(const InferenceScenario& scenario,
                                          const RequestTokens& tokens) {
  if (!scenario.requests_per_s) {
    return std::nullopt;
  }
  return *scenario.requests_per_s * tokens.generated;
}

// Which deployment serves the scenario: the user's choice; else the benchmark replica when the
// user pins its shape (batch, devices, measured throughput) or gives no fleet-sized demand; else
// an expert-parallel fleet when the model and hardware allow one and the demand fills a decode
// unit (what a provider at that scale runs: DeepSeek Day 6, SGLang's 96-GPU reproduction).
DeploymentKind choose_deployment(const InferenceScenario& scenario,
                                 const Architecture& arch,
                                 const Hardware& hw,
                                 Footprint& footprint) {
  const std::string obstacle = expert_parallel_obstacle(arch, hw);
  if (scenario.deployment) {
    if (*scenario.deployment == DeploymentKind::expert_parallel && !obstacle.empty()) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("no expert-parallel deployment: {}", obstacle),
                  "use --deployment replica");
    }
    add_assumption(footprint, "deployment", [&] {
      return Assumption{.text = std::string(to_string(*scenario.deployment)), .origin = "user"};
    });
    return *scenario.deployment;
  }
  const bool pinned = scenario.batch || scenario.devices_per_replica || scenario.tokens_per_s
                      || scenario.joules_per_token;
  if (pinned || !scenario.requests_per_s || !obstacle.empty()) {
    return DeploymentKind::replica;
  }
  return DeploymentKind::expert_parallel;
}

} // namespace

namespace {

// Stages 5-7 together: the deployment, the batch it runs and the times that follow.
struct ServingPlan {
  Deployment deployment;
  ServingFactors factors;
  double batch = 0; // sequences per decode unit
  DecodeStep step;
  double prefill_device_s = 0; // device-seconds of prefill per request
};

double mean_context(const RequestTokens& t) {
  return t.prompt + t.generated / 2.0;
}
double full_context(const RequestTokens& t) {
  return t.prompt + t.generated;
}

double service_tpot_s(const InferenceScenario& scenario, const Catalog& catalog, Footprint& f) {
  if (scenario.tpot_s) {
    require_range(*scenario.tpot_s, 1e-4, 60.0, "tpot");
    detail::add_value(
        f, "tpot", *scenario.tpot_s * k_ms_per_s, "ms", "user", "time per output token target");
    return *scenario.tpot_s;
  }
  return use_default(catalog, "infer_tpot_ms", "tpot", f) / k_ms_per_s;
}

// The batch a pool runs: the user's (clamped to what memory holds), else the largest that meets
// the service target.
BatchChoice choose_batch(const InferenceScenario& scenario,
                         const Catalog& catalog,
                         const ModelCost& cost,
                         const ServingFactors& factors,
                         const Hardware& hw,
                         const Pool& pool,
                         const RequestTokens& tokens,
                         Footprint& footprint) {
  const double limit =
      hw.memory_gb ? memory_batch_limit(cost, pool, usable_bytes(hw, catalog), full_context(tokens))
                   : std::numeric_limits<double>::infinity();
  const double context = mean_context(tokens);
  if (scenario.batch) {
    require_range(*scenario.batch, "batch");
    double batch = *scenario.batch;
    if (batch > limit) {
      batch = std::max(1.0, limit);
      footprint.notes.push_back(fmt::format(
          "a batch of {} does not fit the memory of {} x {} beside the weights: {} sequences "
          "are served at once and the rest wait (vLLM and SGLang queue them)",
          *scenario.batch,
          pool.devices,
          hw.id,
          batch));
    }
    detail::add_value(footprint, "batch", batch, "sequences", "user");
    return {batch, decode_step(cost, factors, hw, pool, batch, context)};
  }
  const double tpot_s = service_tpot_s(scenario, catalog, footprint);
  BatchChoice choice = batch_for_target(cost, factors, hw, pool, limit, tpot_s, context);
  if (choice.step.step_s > tpot_s * (1.0 + 1e-9)) {
    footprint.notes.push_back(fmt::format(
        "even one sequence per rank takes {:.1f} ms per output token, above the {:.1f} ms target",
        choice.step.step_s * k_ms_per_s,
        tpot_s * k_ms_per_s));
  }
  add_assumption(footprint, "batch", [&] {
    return Assumption{
        .value = choice.batch,
        .unit = "sequences",
        .origin = "derived",
        .note = std::isfinite(limit)
                    ? fmt::format("largest batch within memory ({:.0f}) whose decode step "
                                  "meets the time per output token",
                                  limit)
                    : std::string("largest batch whose decode step meets the time per "
                                  "output token (no KV cache modelled)")};
  });
  return choice;
}

// Completes a plan whose deployment and factors are set: the batch its decode pool runs and the
// prefill time per request.
void run_plan(const InferenceScenario& scenario,
              const Catalog& catalog,
              const ModelCost& cost,
              const Hardware& hw,
              const RequestTokens& tokens,
              ServingPlan& plan,
              Footprint& footprint) {
  const BatchChoice choice = choose_batch(
      scenario, catalog, cost, plan.factors, hw, plan.deployment.decode, tokens, footprint);
  plan.batch = choice.batch;
  plan.step = choice.step;
  plan.prefill_device_s = prefill_device_s(cost, plan.factors, hw, plan.deployment.prefill, tokens);
}

// A tensor-parallel replica of `devices` and the batch it runs.
ServingPlan replica_at(double devices,
                       const InferenceScenario& scenario,
                       const Catalog& catalog,
                       const ModelCost& cost,
                       const Hardware& hw,
                       const RequestTokens& tokens,
                       Footprint& footprint) {
  ServingPlan plan;
  plan.deployment.decode = Pool{devices, 1, false, false};
  plan.deployment.prefill = plan.deployment.decode;
  plan.factors = resolve_factors(catalog, *cost.arch, devices > 1, footprint);
  run_plan(scenario, catalog, cost, hw, tokens, plan, footprint);
  return plan;
}

double decode_device_s_per_token(const ServingPlan& plan) {
  return plan.deployment.decode.devices * plan.step.step_s / plan.batch;
}

// The replica size a provider picks: from the fewest devices (power of two) that hold the weights
// and the KV cache of the sizing batch, up to a full node or twice that, the one that spends the
// least device time per output token at the service target. With a batch given, the fewest.
double replica_devices(const InferenceScenario& scenario,
                       const Catalog& catalog,
                       const ModelCost& cost,
                       const Hardware& hw,
                       const RequestTokens& tokens) {
  const double sized_for =
      scenario.batch ? *scenario.batch : catalog.require_default("infer_batch").value;
  const double smallest = smallest_replica(cost, hw, catalog, sized_for, full_context(tokens));
  if (scenario.batch || scenario.tokens_per_s) {
    return smallest;
  }
  const auto node = static_cast<double>(hw.scaleup_domain.value_or(k_devices_per_node));
  const double widest = std::min(std::max(2.0 * smallest, node), k_max_devices_per_replica);
  double best = smallest;
  double best_s = std::numeric_limits<double>::infinity();
  for (auto count = static_cast<unsigned>(smallest); count <= static_cast<unsigned>(widest);
       count *= 2) {
    const auto devices = static_cast<double>(count);
    Footprint scratch;
    scratch.trail = Trail::none;
    const double device_s = decode_device_s_per_token(
        replica_at(devices, scenario, catalog, cost, hw, tokens, scratch));
    if (device_s < best_s * (1.0 - 1e-9)) {
      best = devices;
      best_s = device_s;
    }
  }
  return best;
}

ServingPlan plan_replica(const InferenceScenario& scenario,
                         const Catalog& catalog,
                         const ModelCost& cost,
                         const Hardware& hw,
                         const RequestTokens& tokens,
                         Footprint& footprint) {
  double devices = 0;
  if (scenario.devices_per_replica) {
    require_range(*scenario.devices_per_replica, "devices-per-replica");
    devices = *scenario.devices_per_replica;
    detail::add_value(footprint, "devices_per_replica", devices, "", "user");
  } else {
    devices = replica_devices(scenario, catalog, cost, hw, tokens);
    const Default& fraction = catalog.require_default("infer_memory_fraction");
    add_assumption(footprint, "devices_per_replica", [&] {
      return Assumption{
          .value = devices,
          .origin = "derived",
          .sources = fraction.sources,
          .note = fmt::format("holds {:.0f} GB of weights and the KV cache in {:.0f}% of "
                              "{} GB each; of the sizes from the fewest that hold them to "
                              "a node, the least device time per output token",
                              (cost.dense_bytes + cost.expert_bytes) / 1e9,
                              fraction.value * 100.0,
                              hw.memory_gb.value_or(0.0))};
    });
  }
  return replica_at(devices, scenario, catalog, cost, hw, tokens, footprint);
}

ServingPlan plan_expert_parallel(const InferenceScenario& scenario,
                                 const Catalog& catalog,
                                 const ModelCost& cost,
                                 const Hardware& hw,
                                 const RequestTokens& tokens,
                                 Footprint& footprint) {
  ServingPlan plan;
  plan.deployment = expert_parallel_deployment(scenario, *cost.arch, catalog, footprint);
  for (const Pool* pool : {&plan.deployment.prefill, &plan.deployment.decode}) {
    if (hw.memory_gb && cost.held_bytes(*pool) >= usable_bytes(hw, catalog)) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{:.0f} GB of weights per device do not fit {} with experts spread "
                              "over {} devices",
                              cost.held_bytes(*pool) / 1e9,
                              hw.id,
                              pool->devices),
                  "give more --prefill-devices/--decode-devices, or use --deployment replica");
    }
  }
  plan.factors = resolve_factors(catalog, *cost.arch, false, footprint);
  plan.factors.comm_efficiency =
      use_default(catalog, "infer_comm_efficiency", "comm_efficiency", footprint);
  plan.factors.fleet_efficiency =
      use_default(catalog, "infer_fleet_efficiency", "fleet_efficiency", footprint);
  run_plan(scenario, catalog, cost, hw, tokens, plan, footprint);
  return plan;
}

// Device-seconds one request takes on the plan: what a provider choosing a deployment minimises.
double device_s_per_request(const ServingPlan& plan, const RequestTokens& tokens) {
  return plan.prefill_device_s + tokens.generated * decode_device_s_per_token(plan);
}

// Output tokens per second one decode unit delivers.
double unit_tokens_per_s(const ServingPlan& plan) {
  return plan.batch / plan.step.step_s;
}

// The plan for the deployment the scenario calls for. An automatic expert-parallel choice falls
// back to a replica when the demand would not fill one decode unit.
ServingPlan plan_serving(const InferenceScenario& scenario,
                         const Catalog& catalog,
                         const ModelCost& cost,
                         const Hardware& hw,
                         const RequestTokens& tokens,
                         Footprint& footprint) {
  const DeploymentKind kind = choose_deployment(scenario, *cost.arch, hw, footprint);
  if (kind == DeploymentKind::replica) {
    return plan_replica(scenario, catalog, cost, hw, tokens, footprint);
  }
  if (!scenario.deployment) {
    Footprint scratch;
    scratch.trail = Trail::none;
    const ServingPlan trial = plan_expert_parallel(scenario, catalog, cost, hw, tokens, scratch);
    const double demand = *demand_tokens_per_s(scenario, tokens);
    if (demand < unit_tokens_per_s(trial)) {
      footprint.notes.push_back(fmt::format(
          "the demand ({:.0f} output tokens/s) does not fill one expert-parallel decode unit "
          "({:.0f} tokens/s on {} devices): served by replicas",
          demand,
          unit_tokens_per_s(trial),
          trial.deployment.decode.devices));
      return plan_replica(scenario, catalog, cost, hw, tokens, footprint);
    }
    const ServingPlan replica = plan_replica(scenario, catalog, cost, hw, tokens, scratch);
    if (device_s_per_request(replica, tokens) <= device_s_per_request(trial, tokens)) {
      footprint.notes.emplace_back("replicas serve this demand in less device time than "
                                   "expert-parallel pools: served by replicas");
      return plan_replica(scenario, catalog, cost, hw, tokens, footprint);
    }
    add_assumption(footprint, "deployment", [&] {
      return Assumption{.text = "expert-parallel",
                        .origin = "derived",
                        .sources = catalog.require_default("infer_fleet_decode_devices").sources,
                        .note =
                            "a fleet-sized demand on a mixture-of-experts model, in less device "
                            "time than replicas: what DeepSeek runs"};
    });
  }
  return plan_expert_parallel(scenario, catalog, cost, hw, tokens, footprint);
}

// Energy and device time of one request on the plan.
RequestEnergy request_energy(const InferenceScenario& scenario,
                             const ServingPlan& plan,
                             const RequestTokens& tokens,
                             const PoolPower& power,
                             const HostModel& host,
                             Footprint& footprint) {
  RequestEnergy e;
  const Pool& decode = plan.deployment.decode;
  e.prefill_device_s = plan.prefill_device_s;
  e.decode_device_s = decode.devices * tokens.generated * plan.step.step_s / plan.batch;
  e.accelerator_j = power.prefill_w * e.prefill_device_s + power.decode_w * e.decode_device_s;
  if (scenario.tokens_per_s) {
    require_range(*scenario.tokens_per_s, "tokens-per-second");
    // Measured replica throughput: the modelled replica power over the measured time.
    const double device_s = e.prefill_device_s + e.decode_device_s;
    const double mean_w = e.accelerator_j / device_s;
    const double replica_s = tokens.generated / *scenario.tokens_per_s;
    e.prefill_device_s = 0;
    e.decode_device_s = decode.devices * replica_s;
    e.accelerator_j = mean_w * e.decode_device_s;
    detail::add_value(footprint,
                      to_string(Factor::tokens_per_s),
                      *scenario.tokens_per_s,
                      "tokens/s",
                      "user",
                      "measured, per replica");
  }
  if (scenario.joules_per_token) {
    require_range(*scenario.joules_per_token, "joules-per-token");
    e.accelerator_j = *scenario.joules_per_token * tokens.generated;
    detail::add_value(footprint,
                      "joules_per_token",
                      *scenario.joules_per_token,
                      "J",
                      "user",
                      "measured accelerator energy per output token");
  }
  const double device_s = e.prefill_device_s + e.decode_device_s;
  e.host_j = host.accelerator_ratio > 0 ? host.accelerator_ratio * e.accelerator_j
                                        : host.watts_per_device * device_s;
  e.request_s =
      e.prefill_device_s / plan.deployment.prefill.devices + e.decode_device_s / decode.devices;
  return e;
}

double resolve_fleet_utilization(const InferenceScenario& scenario,
                                 const Catalog& catalog,
                                 Footprint& footprint) {
  if (scenario.fleet_utilization) {
    require_range(*scenario.fleet_utilization, "fleet-utilization");
    detail::add_value(footprint,
                      "fleet_utilization",
                      *scenario.fleet_utilization,
                      "",
                      "user",
                      "busy share of provisioned devices");
    return *scenario.fleet_utilization;
  }
  if (!scenario.requests_per_s) {
    return 1.0;
  }
  return use_default(catalog, "infer_fleet_utilization", "fleet_utilization", footprint);
}

// Whole units provisioned for `busy` devices on average when the busy share is `utilization`.
double provisioned(double busy_devices, double utilization, double unit) {
  return std::ceil(busy_devices / utilization / unit - 1e-9) * unit;
}

Fleet size_fleet(const InferenceScenario& scenario,
                 const ServingPlan& plan,
                 const RequestEnergy& e,
                 double idle_capacity_j,
                 double utilization) {
  const double rate = *scenario.requests_per_s;
  Fleet fleet;
  const Deployment& d = plan.deployment;
  if (d.disaggregated) {
    fleet.prefill_devices = provisioned(rate * e.prefill_device_s, utilization, d.prefill.devices);
    fleet.decode_devices = provisioned(rate * e.decode_device_s, utilization, d.decode.devices);
  } else {
    fleet.decode_devices =
        provisioned(rate * (e.prefill_device_s + e.decode_device_s), utilization, d.decode.devices);
  }
  fleet.devices = fleet.prefill_devices + fleet.decode_devices;
  fleet.nodes = std::ceil(fleet.devices / k_devices_per_node - 1e-9);
  const double busy_w = (e.accelerator_j + e.host_j) * rate;
  fleet.average_it_mw = (busy_w + idle_capacity_j * rate) / k_w_per_mw;
  fleet.peak_it_mw = busy_w / utilization / k_w_per_mw;
  return fleet;
}

// The requests the totals cover: rate x period, or one request.
Workload resolve_workload(const InferenceScenario& scenario,
                          const RequestTokens& tokens,
                          Footprint& footprint) {
  Workload workload;
  workload.input_tokens = tokens.prompt;
  workload.output_tokens = tokens.output;
  workload.reasoning_tokens = tokens.reasoning;
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
  return workload;
}

// How the plan performs: per unit (replica or decode unit), per user, per output token.
Throughput throughput_of(const InferenceScenario& scenario,
                         const ServingPlan& plan,
                         const RequestEnergy& e,
                         const RequestTokens& tokens,
                         const PerUnit& per_request) {
  const Deployment& d = plan.deployment;
  const double device_s = e.prefill_device_s + e.decode_device_s;
  Throughput t;
  t.tokens_per_s =
      tokens.generated * d.decode.devices / (d.disaggregated ? e.decode_device_s : device_s);
  t.step_ms = (scenario.tokens_per_s ? plan.batch / t.tokens_per_s : plan.step.step_s) * k_ms_per_s;
  t.bound = scenario.tokens_per_s                                           ? "measured"
            : plan.step.comm_s > plan.step.roofline_s() && d.decode.overlap ? "network"
            : plan.step.memory_bound                                        ? "memory"
                                                                            : "compute";
  t.batch = plan.batch;
  t.devices_per_replica = d.decode.devices;
  t.prefill_ms = e.prefill_device_s / d.prefill.devices * k_ms_per_s;
  t.energy_j_per_token = per_request.energy_wh * k_seconds_per_hour / tokens.generated;
  t.deployment = std::string(to_string(d.kind));
  t.user_tokens_per_s = k_ms_per_s / t.step_ms;
  t.prefill_devices = d.disaggregated ? d.prefill.devices : 0.0;
  return t;
}

void record_experts_touched(const Architecture& arch, double batch, Footprint& footprint) {
  if (arch.moe()) {
    detail::add_value(footprint,
                      "experts_touched",
                      touched_expert_fraction(arch.experts, arch.experts_active, batch),
                      "",
                      "derived",
                      fmt::format("1 - (1 - {}/{})^{:.0f} of the routed experts are read per step",
                                  arch.experts_active,
                                  arch.experts,
                                  batch));
  }
}

// One request's prompt and everything generated for it must fit the model's context window:
// beyond it no server runs the request, and the KV cache would be sized for tokens it never holds.
void require_context_window(const Architecture& arch, const RequestTokens& tokens) {
  const Model* model = arch.model;
  if (model == nullptr || !model->context_tokens
      || full_context(tokens) <= static_cast<double>(*model->context_tokens)) {
    return;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("{} input + {} generated tokens per request exceed the context window "
                          "of {} ({} tokens)",
                          tokens.prompt,
                          tokens.generated,
                          model->id,
                          *model->context_tokens),
              "give fewer --input-tokens, --output-tokens or --reasoning-tokens");
}

} // namespace

Footprint
estimate_inference(const InferenceScenario& scenario, const Catalog& catalog, Trail trail) {
  Footprint footprint;
  footprint.trail = trail;
  detail::reserve_trail(footprint);
  footprint.kind = "inference";
  footprint.boundary = scenario.boundary;

  const Architecture arch = resolve_architecture(scenario, catalog, footprint);
  const detail::ResolvedDevice device = detail::resolve_device(scenario.device, catalog, footprint);
  const Hardware& hw = *device.hardware;
  const RequestTokens tokens = resolve_tokens(scenario, catalog, footprint);
  require_context_window(arch, tokens);
  const Numerics numerics = resolve_numerics(scenario, arch, hw, catalog, footprint);
  const ModelCost cost = model_cost(arch, numerics);
  const ServingPlan plan = plan_serving(scenario, catalog, cost, hw, tokens, footprint);
  record_experts_touched(arch, plan.batch, footprint);
  const PoolPower power = resolve_power(scenario, hw, catalog, plan.step.busy(), footprint);
  const HostModel host = resolve_host(scenario, device, catalog, footprint);
  const RequestEnergy e = request_energy(scenario, plan, tokens, power, host, footprint);
  footprint.compute.route = scenario.joules_per_token ? "measured_joules_per_token"
                            : scenario.tokens_per_s   ? "measured_tokens_per_s"
                                                      : "roofline";

  // Provisioned capacity idles the rest of the time (its own line in the breakdown).
  const double utilization = resolve_fleet_utilization(scenario, catalog, footprint);
  const double device_s = e.prefill_device_s + e.decode_device_s;
  const double idle_device_s = device_s * (1.0 / utilization - 1.0);
  const double idle_host_w =
      host.accelerator_ratio > 0 ? host.accelerator_ratio * power.idle_w : host.watts_per_device;
  const double idle_capacity_j = idle_device_s * (power.idle_w + idle_host_w);

  const Workload workload = resolve_workload(scenario, tokens, footprint);
  const double requests = workload.requests;
  footprint.energy.accelerators_kwh = e.accelerator_j * requests / k_joules_per_kwh;
  footprint.energy.host_kwh = e.host_j * requests / k_joules_per_kwh;
  footprint.energy.idle_capacity_kwh = idle_capacity_j * requests / k_joules_per_kwh;
  footprint.time.device_hours = (device_s + idle_device_s) * requests / k_seconds_per_hour;
  if (footprint.time.wall_hours) {
    footprint.time.devices = footprint.time.device_hours / *footprint.time.wall_hours;
  }
  footprint.compute.flops =
      (cost.prefill_flops(tokens) + tokens.generated * cost.decode_flops(mean_context(tokens)))
      * requests;
  footprint.compute.precision = std::string(to_string(numerics.precision));

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  const double embodied_kg =
      footprint.time.device_hours * device.embodied_kg_per_device / device.lifetime_h;
  detail::complete_footprint(footprint, site, embodied_kg);

  const PerUnit per_request{footprint.energy.total_kwh * k_wh_per_kwh / requests,
                            footprint.co2e.total_kg * 1000.0 / requests,
                            footprint.water.headline_l() * 1000.0 / requests};
  const double per_million = 1e6 / tokens.generated;
  footprint.per_request = per_request;
  footprint.per_million_tokens = PerUnit{per_request.energy_wh * per_million,
                                         per_request.co2e_g * per_million,
                                         per_request.water_ml * per_million};
  const Throughput t = throughput_of(scenario, plan, e, tokens, per_request);
  footprint.throughput = t;
  footprint.workload = workload;
  if (scenario.requests_per_s) {
    Fleet fleet = size_fleet(scenario, plan, e, idle_capacity_j, utilization);
    const double it_kwh = footprint.energy.it_kwh();
    const double pue = it_kwh > 0 ? footprint.energy.facility_kwh() / it_kwh : 1.0;
    fleet.average_facility_mw = fleet.average_it_mw * pue;
    fleet.peak_facility_mw = fleet.peak_it_mw * pue;
    footprint.fleet = fleet;
  }
  if (scenario.ttft_s && t.prefill_ms / k_ms_per_s > *scenario.ttft_s) {
    footprint.notes.push_back(fmt::format(
        "prefill alone takes {:.0f} ms per request, above the {:.0f} ms time-to-first-token "
        "target: give more devices per replica or shorter prompts",
        t.prefill_ms,
        *scenario.ttft_s * k_ms_per_s));
  }
  return footprint;
}

} // namespace aifoot
