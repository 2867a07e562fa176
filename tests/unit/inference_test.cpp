#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/training.hpp>

#include <cmath>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

aifoot::Footprint estimate(const Fields& fields) {
  return aifoot::estimate_inference(aifoot::inference_from_fields(fields), catalog());
}

Fields llama8b(Fields extra = {}) {
  Fields fields{{"model", "llama-3.1-8b"},
                {"hardware", "h100-sxm"},
                {"batch", "64"},
                {"output-tokens", "600"},
                {"boundary", "accelerator"}};
  fields.insert(fields.end(), extra.begin(), extra.end());
  return fields;
}

double j_per_token(const aifoot::Footprint& f) {
  return f.throughput->energy_j_per_token;
}

} // namespace

TEST_CASE("touched_expert_fraction: 1 - (1 - k/E)^B", "[inference]") {
  CHECK_THAT(aifoot::touched_expert_fraction(256, 8, 1), WithinRel(8.0 / 256.0, 1e-12));
  CHECK_THAT(aifoot::touched_expert_fraction(8, 2, 4), WithinRel(1.0 - std::pow(0.75, 4), 1e-12));
  CHECK(aifoot::touched_expert_fraction(256, 8, 1024) > 0.99);
  CHECK(aifoot::touched_expert_fraction(0, 0, 10) == 1.0);
}

TEST_CASE("kv_bytes_per_token: grouped-query and latent attention", "[inference]") {
  // Llama 3.1 8B: 2 x 32 layers x 8 KV heads x 128 x 2 bytes = 128 KiB.
  CHECK_THAT(aifoot::kv_bytes_per_token(catalog().require_model("llama-3.1-8b"), 2.0),
             WithinRel(131072.0, 1e-12));
  // DeepSeek-R1 (MLA): 61 layers x 576 latent x 2 bytes.
  CHECK_THAT(aifoot::kv_bytes_per_token(catalog().require_model("deepseek-r1"), 2.0),
             WithinRel(61.0 * 576 * 2, 1e-12));
}

TEST_CASE("estimate_inference: Llama 3.1 8B on H100 at batch 64 lands on ML.ENERGY",
          "[inference][reference]") {
  // ML.ENERGY v3 (lm-arena-chat, max batch 64, measured mean batch 63.9): 0.119 J/token.
  const auto f = estimate(llama8b());
  CHECK_THAT(j_per_token(f), WithinRel(0.119, 0.15));
  CHECK(f.throughput->bound == "memory");
  CHECK(f.throughput->devices_per_replica == 1.0);
  CHECK_THAT(f.energy.total_kwh, WithinRel(f.energy.accelerators_kwh, 1e-12));
}

TEST_CASE("estimate_inference: reasoning tokens and long contexts raise energy per token",
          "[inference]") {
  const double plain = j_per_token(estimate(llama8b()));
  const double reasoning = j_per_token(estimate(llama8b({{"reasoning-tokens", "4000"}})));
  const double long_prompt =
      j_per_token(estimate(llama8b({{"input-tokens", "32000"}, {"devices-per-replica", "8"}})));
  const double long_prompt_1 = j_per_token(estimate(llama8b({{"input-tokens", "32000"}})));
  CHECK(reasoning > 1.2 * plain); // the KV cache read per step grows with the context
  CHECK(long_prompt_1 > 2.0 * plain);
  CHECK(long_prompt > plain);
  // Reasoning tokens are reported apart but billed as output.
  const auto f = estimate(llama8b({{"reasoning-tokens", "400"}}));
  CHECK(f.workload->reasoning_tokens == 400.0);
  CHECK_THAT(f.per_million_tokens->energy_wh,
             WithinRel(f.per_request->energy_wh * 1e6 / 1000.0, 1e-12));
}

TEST_CASE("estimate_inference: totals, per request and the breakdown agree", "[inference]") {
  const auto f = estimate({{"model", "llama-3.1-70b"},
                           {"hardware", "h100-sxm"},
                           {"output-tokens", "500"},
                           {"requests", "1M/day"},
                           {"days", "30"},
                           {"fleet-utilization", "0.5"},
                           {"zone", "FR"}});
  const auto& e = f.energy;
  CHECK_THAT(f.workload->requests, WithinRel(30e6, 1e-9));
  CHECK_THAT(
      e.facility_kwh(),
      WithinRel(e.accelerators_kwh + e.host_kwh + e.idle_capacity_kwh + e.facility_overhead_kwh,
                1e-12));
  CHECK_THAT(f.per_request->energy_wh * f.workload->requests,
             WithinRel(e.total_kwh * 1000.0, 1e-9));
  CHECK(e.idle_capacity_kwh > 0.0);
  CHECK_THAT(*f.time.wall_hours, WithinRel(720.0, 1e-12));
  CHECK(f.throughput->devices_per_replica >= 2.0); // 141 GB of bf16 weights do not fit one H100
  const auto busy = estimate({{"model", "llama-3.1-70b"},
                              {"hardware", "h100-sxm"},
                              {"output-tokens", "500"},
                              {"requests", "1M/day"},
                              {"days", "30"},
                              {"zone", "FR"}});
  CHECK(busy.energy.idle_capacity_kwh == 0.0);
  CHECK_THAT(f.energy.accelerators_kwh, WithinRel(busy.energy.accelerators_kwh, 1e-12));
}

TEST_CASE("estimate_inference: measured overrides replace the model", "[inference]") {
  const auto f = estimate(llama8b({{"joules-per-token", "0.2"}}));
  CHECK_THAT(f.energy.accelerators_kwh * 3.6e6, WithinRel(0.2 * 600, 1e-12));
  CHECK(f.compute.route == "measured_joules_per_token");
  const auto slow = estimate(llama8b({{"tokens-per-second", "1000"}}));
  CHECK_THAT(slow.throughput->tokens_per_s, WithinRel(1000.0, 1e-12));
  CHECK(slow.throughput->bound == "measured");
  CHECK(j_per_token(slow) > j_per_token(estimate(llama8b())));
  const auto powered = estimate(llama8b({{"avg-power", "700W"}}));
  CHECK(j_per_token(powered) > j_per_token(estimate(llama8b())));
}

TEST_CASE("estimate_inference: techniques change the estimate through the model", "[inference]") {
  const Fields big{{"model", "llama-3.1-405b"},
                   {"hardware", "h100-sxm"},
                   {"output-tokens", "500"},
                   {"boundary", "accelerator"}};
  const auto bf16 = estimate(big);
  auto fp8_fields = big;
  fp8_fields.emplace_back("precision", "fp8");
  const auto fp8 = estimate(fp8_fields);
  CHECK(fp8.throughput->devices_per_replica < bf16.throughput->devices_per_replica);
  CHECK(j_per_token(fp8) < j_per_token(bf16));
  auto sparse_fields = big;
  sparse_fields.emplace_back("sparsity", "2:4");
  CHECK(j_per_token(estimate(sparse_fields)) < j_per_token(bf16));
  auto pruned_fields = big;
  pruned_fields.emplace_back("sparsity", "50%");
  CHECK(j_per_token(estimate(pruned_fields)) < j_per_token(bf16));
  // Mixture of experts: 37B active of 671B; a batch touches a share of the experts.
  const auto r1 = estimate({{"model", "deepseek-r1"},
                            {"hardware", "h800"},
                            {"precision", "fp8"},
                            {"output-tokens", "500"},
                            {"batch", "8"}});
  const auto* touched = aifoot::find_assumption(r1, "experts_touched");
  REQUIRE(touched != nullptr);
  CHECK_THAT(touched->value, WithinRel(aifoot::touched_expert_fraction(256, 8, 8), 1e-12));
  // A distilled dense 7B serves far cheaper than the 671B teacher.
  const auto distilled = estimate({{"model", "deepseek-r1-distill-qwen-7b"},
                                   {"hardware", "h800"},
                                   {"output-tokens", "500"},
                                   {"batch", "8"}});
  CHECK(j_per_token(distilled) < j_per_token(r1) / 5.0);
}

TEST_CASE("estimate_inference: missing and inconsistent inputs are invalid input", "[inference]") {
  const auto kind_of = [](const Fields& fields) {
    try {
      estimate(fields);
    } catch (const aifoot::Error& e) {
      return e.kind();
    }
    return aifoot::ErrorKind::internal;
  };
  CHECK(kind_of({{"model", "llama-3.1-8b"}, {"hardware", "h100-sxm"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of(llama8b({{"days", "3"}})) == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"}, {"output-tokens", "10"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK_THROWS_AS(aifoot::inference_from_fields({{"sparsity", "1:8"}}), aifoot::Error);
  CHECK_THROWS_AS(aifoot::inference_from_fields({{"batchsize", "8"}}), aifoot::Error);
  // Device and site fields are the training ones.
  const auto s = aifoot::inference_from_fields(
      {{"region", "aws:us-east-1"}, {"pue", "1.2"}, {"boundary", "server"}});
  CHECK(*s.site.region == "aws:us-east-1");
  CHECK(s.boundary == aifoot::Boundary::server);
}

TEST_CASE("estimate_inference: the request rate has a range", "[inference]") {
  // 1e300/s used to overflow the period totals to inf.
  CHECK_THROWS_WITH(
      estimate(llama8b({{"requests", "1e300/s"}, {"days", "1"}})),
      Catch::Matchers::Contains("for requests: must be between 1e-09 and 1000000000000"));
  CHECK_THROWS_AS(estimate(llama8b({{"requests", "1e-10/s"}})), aifoot::Error);
  const auto busiest = estimate(llama8b({{"requests", "1e12/s"}, {"days", "36500"}}));
  CHECK(std::isfinite(busiest.energy.total_kwh));
  CHECK(std::isfinite(busiest.co2e.total_kg));
  CHECK(std::isfinite(busiest.water.total_l));
}

TEST_CASE("estimate_lifecycle: shares, training per request and the crossover day",
          "[inference][lifecycle]") {
  aifoot::LifecycleScenario scenario;
  scenario.training = aifoot::training_from_fields(
      {{"hardware", "h800"}, {"device-hours", "100000"}, {"zone", "CN"}});
  scenario.inference = aifoot::inference_from_fields({{"model", "deepseek-r1-distill-qwen-7b"},
                                                      {"hardware", "h800"},
                                                      {"output-tokens", "1000"},
                                                      {"requests", "100k/day"},
                                                      {"days", "365"},
                                                      {"zone", "CN"}});
  const auto plain = aifoot::estimate_lifecycle(scenario, catalog());
  const auto& l = *plain.total.lifecycle;
  CHECK_THAT(l.training_share + l.inference_share, WithinRel(1.0, 1e-12));
  CHECK_THAT(plain.total.energy.total_kwh, WithinRel(l.training_kwh + l.inference_kwh, 1e-12));
  CHECK_THAT(l.training_per_request.energy_wh * 36.5e6, WithinRel(l.training_kwh * 1000.0, 1e-9));
  REQUIRE(l.crossover_day);
  CHECK_THAT(*l.crossover_day, WithinRel(l.training_kwh / (l.inference_kwh / 365.0), 1e-12));
  CHECK_THAT(
      plain.total.per_request->energy_wh,
      WithinRel(plain.inference.per_request->energy_wh + l.training_per_request.energy_wh, 1e-12));
  // A distillation teacher counts with training.
  scenario.teacher = aifoot::inference_from_fields({{"model", "deepseek-r1"},
                                                    {"hardware", "h800"},
                                                    {"precision", "fp8"},
                                                    {"output-tokens", "4000"},
                                                    {"requests", "800k/day"},
                                                    {"days", "1"},
                                                    {"zone", "CN"}});
  const auto distilled = aifoot::estimate_lifecycle(scenario, catalog());
  CHECK(distilled.total.lifecycle->teacher_kwh > 0.0);
  CHECK(*distilled.total.lifecycle->crossover_day > *l.crossover_day);
  // Without a request rate there is nothing to amortise over.
  scenario.inference.requests_per_s.reset();
  scenario.inference.period_hours.reset();
  CHECK_THROWS_AS(aifoot::estimate_lifecycle(scenario, catalog()), aifoot::Error);
}
