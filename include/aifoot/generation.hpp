#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

#include <optional>
#include <string>

namespace aifoot {

// Image or video generation with a diffusion model (docs/generation.md): the output, the replica
// that makes it and how many items the totals cover. Every field is optional; absent values come
// from the model preset (resolution, frames, steps) and data/defaults_generation.json.
struct GenerationScenario {
  std::optional<std::string> model; // diffusion preset: see 'aifoot list diffusion-models'
  std::optional<double> width_px;
  std::optional<double> height_px;
  std::optional<double> frames;              // video frames per item (1 for an image)
  std::optional<double> steps;               // denoising steps
  std::optional<double> batch;               // items denoised together per replica
  std::optional<double> devices_per_replica; // sequence-parallel degree (Ulysses/ring)
  std::optional<double> count;               // items in the totals (default 1)
  std::optional<double> items_per_s;         // rate; totals cover `period_hours`
  std::optional<double> period_hours;
  DeviceInputs device;
  SiteInputs site;
  Boundary boundary = Boundary::facility;
  UserRanges ranges;
};

// The denoiser's work for one item in one pass, from the latent geometry (docs/generation.md).
struct DenoiserWork {
  double image_tokens = 0;   // latent tokens of the picture or clip
  double sequence = 0;       // tokens in self-attention: image + joint text
  double linear_flop = 0;    // 2 x params x flop_share x sequence
  double attention_flop = 0; // 4 x layers x sequence^2 x width (+ cross-attention to text)
  double flop() const { return linear_flop + attention_flop; }
};

// Latent tokens of one item: ceil(H / (vae x patch)) x ceil(W / (vae x patch)), times the latent
// frames ((frames - 1) / temporal compression + 1, in groups of the temporal patch) for video; and
// the FLOPs of one denoiser pass over them, with attention quadratic in the sequence (Vaswani et
// al. 2017; counting as Kaplan et al. 2020, Table 1) unless the model's attention is linear.
DenoiserWork
denoiser_work(const DiffusionModel& model, double width_px, double height_px, double frames);

// Estimates the energy, carbon and water of generating images or videos per `scenario`: denoising
// steps x guidance passes of a compute-bound denoiser on a sequence-parallel replica, plus text
// encoding and VAE decoding, with power from utilisation as for LLM serving. Throws
// Error(invalid_input) for unknown names or out-of-range values. With Trail::none the numbers are
// the same and `assumptions` stays empty.
Footprint estimate_generation(const GenerationScenario& scenario,
                              const Catalog& catalog,
                              Trail trail = Trail::full);

} // namespace aifoot
