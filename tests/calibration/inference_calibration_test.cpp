#include "catch.hpp"

#include <aifoot/inference.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/uncertainty.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

// ML.ENERGY v3 inference measurements (tests/calibration/mlenergy_cases.json, copied from
// shared/sources/mlenergy/). Split: rows sorted by (task, model, hardware, GPU count, max batch);
// even positions are the "fit" half the serving factors in data/defaults.json were fitted on, odd
// positions the "holdout" half checked here. With each configuration's documented inputs (model,
// hardware, GPU count, batch, precision, output length, GPU-only boundary) the predicted J/token
// must be within 25% for at least 70% of the held-out configurations and within a factor of 2 for
// all of them. The error distribution is printed (see docs/inference.md).

namespace {

struct Errors {
  std::vector<double> ratios;
  std::size_t ranged = 0;  // configurations with a J/token range
  std::size_t covered = 0; // ... whose measurement lies inside its p5-p95

  double share_within(double tolerance) const {
    const auto n = std::count_if(
        ratios.begin(), ratios.end(), [&](double r) { return std::fabs(r - 1.0) <= tolerance; });
    return static_cast<double>(n) / static_cast<double>(ratios.size());
  }
  double abs_error_quantile(double q) const {
    std::vector<double> errors;
    for (const double r : ratios) {
      errors.push_back(std::fabs(r - 1.0));
    }
    std::sort(errors.begin(), errors.end());
    const auto index =
        static_cast<std::size_t>(std::lround(q * static_cast<double>(errors.size() - 1)));
    return errors[index];
  }
};

Errors run_half(const std::string& half) {
  std::ifstream in(std::string(AIFOOT_TEST_DIR) + "/calibration/mlenergy_cases.json");
  REQUIRE(in.good());
  const auto document = nlohmann::json::parse(in);
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  Errors errors;
  for (const auto& c : document["cases"]) {
    if (c["half"] != half) {
      continue;
    }
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& [name, value] : c["fields"].items()) {
      fields.emplace_back(name, value.get<std::string>());
    }
    const auto scenario = aifoot::inference_from_fields(fields);
    auto footprint = aifoot::estimate_inference(scenario, catalog);
    aifoot::add_uncertainty(footprint, scenario.ranges, catalog, aifoot::UncertaintyOptions{});
    const double measured = c["measured"]["j_per_token"].get<double>();
    for (const auto& range : footprint.uncertainty->ranges) {
      if (range.metric == "throughput.energy_j_per_token") {
        ++errors.ranged;
        errors.covered += range.p5 <= measured && measured <= range.p95 ? 1U : 0U;
      }
    }
    const double ratio = footprint.throughput->energy_j_per_token / measured;
    INFO(c["model_id"].get<std::string>()
         << " " << c["fields"].dump() << ": predicted " << footprint.throughput->energy_j_per_token
         << " J/token, measured " << measured);
    CHECK(ratio >= 0.5);
    CHECK(ratio <= 2.0);
    errors.ratios.push_back(ratio);
  }
  return errors;
}

} // namespace

TEST_CASE("calibration: ML.ENERGY v3 J/token on the held-out half",
          "[calibration][reference][inference]") {
  const Errors holdout = run_half("holdout");
  REQUIRE(holdout.ratios.size() >= 150);
  const auto [low, high] = std::minmax_element(holdout.ratios.begin(), holdout.ratios.end());
  WARN("holdout n=" << holdout.ratios.size() << " median |error| "
                    << holdout.abs_error_quantile(0.5) << ", p90 "
                    << holdout.abs_error_quantile(0.9) << ", within 25%: "
                    << holdout.share_within(0.25) << ", ratio range " << *low << ".." << *high
                    << ", inside p5-p95 " << holdout.covered << " of " << holdout.ranged);
  CHECK(holdout.share_within(0.25)
        >= 0.80); // issue 14: the serving rewrite keeps 80% of the held-out half within 25%
  // The J/token range (data/uncertainty.json bw-efficiency, mfu-decode, device-power-inference)
  // is calibrated on the fit half to a nominal 90%; the held-out half must come close.
  REQUIRE(holdout.ranged == holdout.ratios.size());
  CHECK(static_cast<double>(holdout.covered) >= 0.85 * static_cast<double>(holdout.ranged));
  CHECK(static_cast<double>(holdout.covered) <= 0.97 * static_cast<double>(holdout.ranged));
}

TEST_CASE("calibration: ML.ENERGY v3 J/token on the fit half", "[calibration][inference]") {
  const Errors fit = run_half("fit");
  const auto [low, high] = std::minmax_element(fit.ratios.begin(), fit.ratios.end());
  WARN("fit n=" << fit.ratios.size() << " median |error| " << fit.abs_error_quantile(0.5)
                << ", p90 " << fit.abs_error_quantile(0.9)
                << ", within 25%: " << fit.share_within(0.25) << ", ratio range " << *low << ".."
                << *high << ", inside p5-p95 " << fit.covered << " of " << fit.ranged);
  CHECK(fit.share_within(0.25) >= 0.70);
  CHECK(static_cast<double>(fit.covered) >= 0.85 * static_cast<double>(fit.ranged));
}
