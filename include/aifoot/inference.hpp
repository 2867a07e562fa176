#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

namespace aifoot {

// Share of a mixture-of-experts layer's `experts` that at least one of `tokens` tokens routes to
// when each picks `active` experts uniformly: 1 - (1 - k/E)^B (issue #4). 1 for dense layers.
double touched_expert_fraction(int experts, int active, double tokens);

// KV-cache bytes per token of context: 2 x layers x kv_heads x head_dim x bytes (keys and values;
// Pope et al. 2022, "Efficiently Scaling Transformer Inference", §2), or layers x latent_dim x
// bytes for multi-head latent attention (DeepSeek-V2 report, 2024, §2.1.2). 0 without an
// architecture.
double kv_bytes_per_token(const Model& model, double bytes_per_value);

// Estimates the energy, carbon and water of serving `scenario` with the roofline model of
// docs/design.md §2.2, per request and over the period. Throws Error(invalid_input) for missing or
// inconsistent inputs (no output tokens, a replica too small for the weights, unknown names). With
// Trail::none the numbers are the same and `assumptions` stays empty.
Footprint estimate_inference(const InferenceScenario& scenario,
                             const Catalog& catalog,
                             Trail trail = Trail::full);

} // namespace aifoot
