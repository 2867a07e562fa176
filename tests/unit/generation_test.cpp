#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/generation.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/uncertainty.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace {

using aifoot::Catalog;
using aifoot::estimate_generation;
using aifoot::Footprint;
using aifoot::generation_from_fields;

const Catalog& catalog() {
  static const Catalog instance = Catalog::builtin();
  return instance;
}

Footprint estimate(const std::vector<std::pair<std::string, std::string>>& fields) {
  return estimate_generation(generation_from_fields(fields), catalog());
}

} // namespace

TEST_CASE("generation: every issue #19 preset id resolves with its geometry", "[generation]") {
  for (const char* id : {"flux.1-dev",
                         "flux.1-schnell",
                         "stable-diffusion-3.5-medium",
                         "stable-diffusion-3.5-large",
                         "sdxl",
                         "pixart-sigma",
                         "hunyuandit",
                         "sana-1.6b",
                         "sana-4.8b",
                         "wan2.1-t2v-1.3b",
                         "wan2.1-t2v-14b",
                         "cogvideox-2b",
                         "cogvideox1.5-5b",
                         "hunyuanvideo"}) {
    INFO(id);
    const aifoot::DiffusionModel* model = catalog().find_diffusion_model(id);
    REQUIRE(model != nullptr);
    CHECK(model->id == id);
    CHECK(!model->sources.empty());
    const Footprint f = estimate({{"model", id}, {"hardware", "h100-sxm"}});
    CHECK(f.per_item->energy_wh > 0);
    CHECK(f.generation->media == model->kind);
  }
}

TEST_CASE("generation: latent tokens follow resolution, VAE, patch and frames", "[generation]") {
  // FLUX.1-dev at 1024 px: 1024 / (8 x 2) = 64 per side, 4,096 image tokens + 512 T5 tokens.
  const auto& flux = catalog().require_diffusion_model("flux.1-dev");
  const auto flux_work = aifoot::denoiser_work(flux, 1024, 1024, 1);
  CHECK(flux_work.image_tokens == 4096);
  CHECK(flux_work.sequence == 4096 + 512);
  CHECK(flux_work.linear_flop == Approx(2.0 * 1.19e10 * 4608));
  CHECK(flux_work.attention_flop == Approx(4.0 * 57 * 4608.0 * 4608.0 * 3072));
  // SANA's 32x DC-AE with patch 1: 32 x 32 tokens, and linear attention has no quadratic term.
  const auto& sana = catalog().require_diffusion_model("sana-1.6b");
  const auto sana_work = aifoot::denoiser_work(sana, 1024, 1024, 1);
  CHECK(sana_work.image_tokens == 1024);
  CHECK(sana_work.attention_flop == Approx(4.0 * 20 * 1024 * 300 * 2240)); // cross-attention only
  // Wan2.1 14B at 1280x720, 81 frames: (81 - 1) / 4 + 1 = 21 latent frames x 45 x 80.
  const auto& wan = catalog().require_diffusion_model("wan2.1-t2v-14b");
  CHECK(aifoot::denoiser_work(wan, 1280, 720, 81).image_tokens == 21 * 45 * 80);
  // CogVideoX1.5 groups two latent frames per token: 21 latent frames -> 11 token frames.
  const auto& cog = catalog().require_diffusion_model("cogvideox1.5-5b");
  CHECK(aifoot::denoiser_work(cog, 1360, 768, 81).image_tokens == 11 * 48 * 85);
}

TEST_CASE("generation: attention is quadratic, so doubling frames more than doubles video cost",
          "[generation]") {
  const Footprint short_clip = estimate(
      {{"model", "wan2.1-t2v-14b"}, {"hardware", "h100-sxm"}, {"frames", "41"}, {"zone", "FR"}});
  const Footprint long_clip = estimate(
      {{"model", "wan2.1-t2v-14b"}, {"hardware", "h100-sxm"}, {"frames", "81"}, {"zone", "FR"}});
  const double ratio = long_clip.per_item->energy_wh / short_clip.per_item->energy_wh;
  CHECK(ratio > 2.1); // 21 vs 11 latent frames: 1.9x tokens, ~3.6x attention
  CHECK(ratio < 3.7);
  CHECK(long_clip.generation->attention_share > 0.5);
}

TEST_CASE("generation: steps and guidance passes scale the denoising work", "[generation]") {
  const Footprint at_28 =
      estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"steps", "28"}});
  const Footprint at_56 =
      estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"steps", "56"}});
  const double ratio = at_56.per_item->energy_wh / at_28.per_item->energy_wh;
  CHECK(ratio > 1.9);
  CHECK(ratio < 2.0); // text encoding and VAE decoding are paid once
  // SD3.5 Large runs two passes per step (classifier-free guidance), FLUX.1-dev one.
  CHECK(at_28.generation->passes_per_step == 1);
  const Footprint sd =
      estimate({{"model", "stable-diffusion-3.5-large"}, {"hardware", "h100-sxm"}});
  CHECK(sd.generation->passes_per_step == 2);
}

TEST_CASE("generation: sequence parallelism costs exchanges, batching amortises", "[generation]") {
  const Footprint one = estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}});
  const Footprint eight =
      estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"devices-per-replica", "8"}});
  CHECK(eight.generation->seconds_per_item < one.generation->seconds_per_item);
  CHECK(eight.energy.accelerators_kwh > one.energy.accelerators_kwh);
  CHECK(find_assumption(eight, "sp_bandwidth") != nullptr);
  CHECK(find_assumption(one, "sp_bandwidth") == nullptr);
  const Footprint batched =
      estimate({{"model", "sana-1.6b"}, {"hardware", "h100-sxm"}, {"batch", "16"}});
  const Footprint single = estimate({{"model", "sana-1.6b"}, {"hardware", "h100-sxm"}});
  CHECK(batched.generation->seconds_per_item < single.generation->seconds_per_item);
}

TEST_CASE("generation: totals cover --count or a rate, per item stays", "[generation]") {
  const Footprint one = estimate({{"model", "sdxl"}, {"hardware", "a100-80gb"}, {"zone", "DE"}});
  const Footprint many =
      estimate({{"model", "sdxl"}, {"hardware", "a100-80gb"}, {"zone", "DE"}, {"count", "1000"}});
  CHECK(many.energy.total_kwh == Approx(one.energy.total_kwh * 1000));
  CHECK(many.per_item->energy_wh == Approx(one.per_item->energy_wh));
  const Footprint rate = estimate({{"model", "sdxl"},
                                   {"hardware", "a100-80gb"},
                                   {"zone", "DE"},
                                   {"requests", "1000/day"},
                                   {"days", "30"}});
  CHECK(rate.generation->items == Approx(30000));
  CHECK(rate.energy.total_kwh == Approx(one.energy.total_kwh * 30000));
}

TEST_CASE("generation: the breakdown adds up in every boundary", "[generation]") {
  for (const char* boundary : {"accelerator", "server", "facility"}) {
    const Footprint f = estimate({{"model", "flux.1-dev"},
                                  {"hardware", "h100-sxm"},
                                  {"region", "aws:us-east-1"},
                                  {"boundary", boundary}});
    INFO(boundary);
    const auto& e = f.energy;
    CHECK(e.facility_kwh() == Approx(e.accelerators_kwh + e.host_kwh + e.facility_overhead_kwh));
    const double expected = std::string(boundary) == "accelerator" ? e.accelerators_kwh
                            : std::string(boundary) == "server"    ? e.it_kwh()
                                                                   : e.facility_kwh();
    CHECK(e.total_kwh == Approx(expected));
    CHECK(f.per_item->energy_wh == Approx(e.total_kwh * 1000.0));
  }
}

TEST_CASE("generation: bad input names the field", "[generation]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(estimate({{"hardware", "h100-sxm"}}), Contains("missing model"));
  CHECK_THROWS_WITH(estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"frames", "49"}}),
                    Contains("--frames"));
  CHECK_THROWS_WITH(estimate({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"width", "1e9"}}),
                    Contains("width"));
  CHECK_THROWS_WITH(estimate({{"model", "flux-2"}, {"hardware", "h100-sxm"}}),
                    Contains("unknown diffusion model"));
  CHECK_THROWS_WITH(
      estimate({{"model", "sdxl"}, {"hardware", "h100-sxm"}, {"count", "5"}, {"requests", "5/s"}}),
      Contains("--count"));
  CHECK_THROWS_WITH(estimate({{"model", "sdxl"}, {"hardware", "h100-sxm"}, {"days", "5"}}),
                    Contains("--days needs --requests"));
  CHECK_THROWS_AS(generation_from_fields({{"resolution", "1024"}}), aifoot::Error);
}

TEST_CASE("generation: per-item ranges come from the efficiency and power ranges", "[generation]") {
  auto scenario =
      generation_from_fields({{"model", "flux.1-dev"}, {"hardware", "h100-sxm"}, {"zone", "FR"}});
  auto footprint = estimate_generation(scenario, catalog());
  aifoot::add_uncertainty(footprint, scenario.ranges, catalog(), aifoot::UncertaintyOptions{});
  const aifoot::MetricRange* range = nullptr;
  for (const auto& r : footprint.uncertainty->ranges) {
    if (r.metric == "per_item.energy_wh") {
      range = &r;
    }
  }
  REQUIRE(range != nullptr);
  CHECK(range->p5 < footprint.per_item->energy_wh);
  CHECK(range->p95 > footprint.per_item->energy_wh);
  const bool efficiency_varied = std::any_of(
      footprint.uncertainty->inputs.begin(),
      footprint.uncertainty->inputs.end(),
      [](const aifoot::UncertainInput& input) { return input.name == "denoiser_efficiency"; });
  CHECK(efficiency_varied);
}

TEST_CASE("generation: a user catalog can add a preset; a malformed one is a data error",
          "[generation]") {
  Catalog user = Catalog::builtin();
  user.add_user_file({"mine.json",
                      R"({"table": "diffusion_models", "records": [{"id": "my-dit", "kind": "image",
                         "params": 2e9, "layers": 24, "hidden": 2048, "patch": 2, "width": 512,
                         "height": 512, "steps": 30, "cfg_passes": 2, "sources": ["diff-sd3-esser-2024"]}]})"});
  const Footprint f = estimate_generation(
      generation_from_fields({{"model", "my-dit"}, {"hardware", "h100-sxm"}}), user);
  CHECK(f.generation->latent_tokens == 32 * 32);
  CHECK(find_assumption(f, "denoiser_efficiency")->origin.rfind("default:", 0) == 0);
  Catalog bad = Catalog::builtin();
  try {
    bad.add_user_file({"bad.json",
                       R"({"table": "diffusion_models", "records": [{"id": "x", "kind": "image",
                          "params": 2e9, "patch": 0, "width": 512, "height": 512, "steps": 30,
                          "sources": ["diff-sd3-esser-2024"]}]})"});
    FAIL("a zero patch was accepted");
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::data);
    CHECK(std::string(e.what()).find("patch") != std::string::npos);
  }
}
