// Micro-benchmarks of the core (Google Benchmark). Run: build/release/bin/aifoot_bench, or
// scripts/bench.sh for these plus whole-process timings.
#include <aifoot/catalog.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>
#include <aifoot/uncertainty.hpp>

#include <nlohmann/json.hpp>

#include <benchmark/benchmark.h>

namespace {

constexpr const char* k_training_json =
    R"({"kind": "training", "model": "llama-3.1-70b", "tokens": "15T", "hardware": "h100-sxm",
        "devices": 4096, "region": "aws:us-east-1"})";

// What a one-off command pays: the built-in catalog and the lookups of one estimate.
void catalog_load_and_lookup(benchmark::State& state) {
  for (auto _ : state) {
    const aifoot::Catalog catalog = aifoot::Catalog::builtin();
    benchmark::DoNotOptimize(catalog.find_hardware("h100-sxm"));
    benchmark::DoNotOptimize(catalog.find_region("aws:us-east-1"));
    benchmark::DoNotOptimize(catalog.find_zone("US-MIDA-PJM"));
  }
}
BENCHMARK(catalog_load_and_lookup);

// Every table parsed: what `aifoot list` and the data tests pay.
void catalog_parse_all_tables(benchmark::State& state) {
  for (auto _ : state) {
    const aifoot::Catalog catalog = aifoot::Catalog::builtin();
    benchmark::DoNotOptimize(catalog.hardware().size() + catalog.zones().size()
                             + catalog.regions().size() + catalog.models().size()
                             + catalog.sources().size());
  }
}
BENCHMARK(catalog_parse_all_tables);

void training_estimate(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto scenario = aifoot::parse_scenario_json(k_training_json, "bench");
  for (auto _ : state) {
    benchmark::DoNotOptimize(aifoot::estimate_scenario(scenario, catalog));
  }
}
BENCHMARK(training_estimate);

// The same estimate without the assumption trail, as `aifoot batch` and `sweep` run it when
// neither --explain nor uncertainty needs the trail.
void training_estimate_numbers_only(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto scenario = aifoot::parse_scenario_json(k_training_json, "bench");
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        aifoot::estimate_scenario(scenario, catalog, nullptr, aifoot::Trail::none));
  }
}
BENCHMARK(training_estimate_numbers_only);

// Monte Carlo ranges and sensitivity at the default sample count, on one training estimate.
void monte_carlo_default(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto scenario = aifoot::parse_scenario_json(k_training_json, "bench");
  const auto footprint = aifoot::estimate_scenario(scenario, catalog);
  for (auto _ : state) {
    auto copy = footprint;
    aifoot::add_uncertainty(copy, {}, catalog, aifoot::UncertaintyOptions{});
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(monte_carlo_default);

constexpr const char* k_inference_json =
    R"({"kind": "inference", "model": "deepseek-r1", "hardware": "h800", "requests": "1M/day",
        "days": 365, "input-tokens": 500, "output-tokens": 1500, "reasoning-tokens": 2000,
        "region": "alibaba:cn-hangzhou"})";

void inference_estimate(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto scenario = aifoot::parse_scenario_json(k_inference_json, "bench");
  for (auto _ : state) {
    benchmark::DoNotOptimize(aifoot::estimate_scenario(scenario, catalog));
  }
}
BENCHMARK(inference_estimate);

void scenario_json_parse(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(aifoot::parse_scenario_json(k_training_json, "bench"));
  }
}
BENCHMARK(scenario_json_parse);

// One result record as streams write it: the members written directly, with and without the
// assumption trail (batch leaves it out unless --explain).
void footprint_json_serialise(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto footprint =
      aifoot::estimate_scenario(aifoot::parse_scenario_json(k_training_json, "bench"), catalog);
  const bool with_trail = state.range(0) != 0;
  aifoot::TextBuffer out;
  for (auto _ : state) {
    out.clear();
    aifoot::append_footprint_members(out, footprint, catalog.data_version(), with_trail);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(footprint_json_serialise)->Arg(0)->Arg(1);

// The same record as a JSON document (to_json), what budget checks and validation read.
void footprint_json_document(benchmark::State& state) {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto footprint =
      aifoot::estimate_scenario(aifoot::parse_scenario_json(k_training_json, "bench"), catalog);
  for (auto _ : state) {
    benchmark::DoNotOptimize(aifoot::to_json(footprint, catalog.data_version()));
  }
}
BENCHMARK(footprint_json_document);

} // namespace

BENCHMARK_MAIN();
