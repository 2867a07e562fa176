#include "catch.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/catalog.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/scenario_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>

namespace {

// The number at a dotted path of a JSON result, or nothing.
std::optional<double> number_at(const nlohmann::ordered_json& json, std::string_view path) {
  std::string pointer(1, '/');
  pointer.append(path);
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  const nlohmann::ordered_json::json_pointer at(pointer);
  if (!json.contains(at) || !json.at(at).is_number()) {
    return std::nullopt;
  }
  return json.at(at).get<double>();
}

} // namespace

TEST_CASE("every registry metric reads the number its JSON path holds") {
  const auto catalog = aifoot::Catalog::builtin();
  for (
      const char* text :
      {R"({"model": "llama-3.1-70b", "tokens": "15T", "hardware": "h100-sxm", "devices": 1024, "region": "gcp:us-central1", "water-scope": "onsite"})",
       R"({"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "DE"})",
       R"({"kind": "generation", "model": "flux.1-dev", "hardware": "h100-sxm", "zone": "FR"})"}) {
    CAPTURE(text);
    const auto footprint =
        aifoot::estimate_scenario(aifoot::parse_scenario_json(text, "t"), catalog);
    const auto json = aifoot::to_json(footprint, "v");
    for (const auto& metric : aifoot::k_metrics) {
      CAPTURE(metric.path);
      CHECK(metric.value(footprint) == number_at(json, metric.path));
    }
  }
}

TEST_CASE("the metric registry has one entry per path and finds each") {
  std::set<std::string_view> paths;
  for (const auto& metric : aifoot::k_metrics) {
    CHECK(paths.insert(metric.path).second);
    CHECK_FALSE(metric.unit.empty());
    CHECK_FALSE(metric.label.empty());
    CHECK(aifoot::find_metric(metric.path) == &metric);
  }
  CHECK(aifoot::find_metric("co2e_kg.totl") == nullptr);
  // The record columns keep their order (batch --format csv header).
  const auto records = aifoot::record_metrics();
  CHECK(records.front().path == "energy_kwh.accelerators");
  CHECK(records.back().path == "per_item.water_ml");
  CHECK(records.size() + 1 == aifoot::k_metrics.size()); // all but water_l.headline
}

TEST_CASE("a budget checks a footprint as it checks the footprint's JSON") {
  const auto catalog = aifoot::Catalog::builtin();
  const auto footprint = aifoot::estimate_scenario(
      aifoot::parse_scenario_json(
          R"({"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "DE"})",
          "t"),
      catalog);
  // Registry metrics (read from the footprint) and a path only the JSON has (workload.requests).
  const auto budget = aifoot::parse_budget_json(
      R"({"limits": {"energy_kwh.total": 1, "per_request.energy_wh": 1000, "workload.requests": 1},
          "warn": {"co2e_kg.total": 1}})",
      "b.json");
  const auto direct = aifoot::check_budget(budget, footprint);
  const auto via_json = aifoot::check_budget(budget, aifoot::to_json(footprint, ""));
  REQUIRE(direct.findings.size() == via_json.findings.size());
  for (std::size_t i = 0; i < direct.findings.size(); ++i) {
    CAPTURE(direct.findings[i].metric);
    CHECK(direct.findings[i].metric == via_json.findings[i].metric);
    CHECK(direct.findings[i].value == via_json.findings[i].value);
    CHECK(direct.findings[i].level == via_json.findings[i].level);
  }
  CHECK(direct.exceeded());
  // A registry metric the footprint lacks fails with the JSON route's message.
  const auto training_only =
      aifoot::parse_budget_json(R"({"limits": {"per_item.energy_wh": 1}})", "b");
  CHECK_THROWS_WITH(aifoot::check_budget(training_only, footprint),
                    Catch::Contains("budget metric 'per_item.energy_wh' is not in the result"));
}
