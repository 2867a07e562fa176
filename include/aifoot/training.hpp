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

// Share of a large model's MFU that a model of width `d_model` reaches on a part whose ridge point
// (peak FLOP/s over memory bandwidth) is `ridge_flop_per_byte`: matrix multiplies grow with d^2 per
// token and layer, the memory-bound rest (norms, activations, softmax, communication) with d, so
// the non-matmul share of step time goes as ridge / d. Returns (1 + k r / d_ref) / (1 + k r / d),
// capped at 1, with d_ref the width of a 175B model (12,288), where catalog MFUs are measured.
// Throws Error(invalid_input) unless d_model and ridge are positive and k is non-negative.
double mfu_size_factor(double d_model, double ridge_flop_per_byte, double overhead_k);

// Width of a dense transformer with `active_params` parameters at GPT-3's aspect ratio
// (d_model = 128 x layers, N = 12 layers d^2; Brown et al. 2020, Table 2.1): cbrt(128 N / 12).
double width_from_params(double active_params);

// Estimates the energy, carbon and water of `scenario` with factors from `catalog`.
// Throws Error(invalid_input) for missing or inconsistent inputs and unknown names. With
// Trail::none the numbers are the same and `assumptions` stays empty.
Footprint estimate_training(const TrainingScenario& scenario,
                            const Catalog& catalog,
                            Trail trail = Trail::full);

} // namespace aifoot
