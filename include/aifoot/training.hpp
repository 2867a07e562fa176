#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

namespace aifoot {

// Training compute in FLOP: 6 x `active_params` x `tokens` (forward 2ND + backward 4ND; Kaplan et
// al. 2020, "Scaling Laws for Neural Language Models", §2.1). Throws Error(invalid_input) unless
// both are positive.
double training_flops(double active_params, double tokens);

// Attention FLOPs over `tokens` at sequence length `seq_len`: 6 x layers x seq_len x d_attn per
// token (Kaplan et al. 2020, Table 1, forward 2·n_layer·n_ctx·d_attn, x3 for the backward pass).
double attention_training_flops(int layers, double seq_len, double d_attn, double tokens);

// Estimates the energy, carbon and water of `scenario` with factors from `catalog`.
// Throws Error(invalid_input) for missing or inconsistent inputs and unknown names. With
// Trail::none the numbers are the same and `assumptions` stays empty.
Footprint estimate_training(const TrainingScenario& scenario,
                            const Catalog& catalog,
                            Trail trail = Trail::full);

} // namespace aifoot
