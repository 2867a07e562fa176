#include "catch.hpp"

#include <aifoot/scenario_fields.hpp>
#include <aifoot/training.hpp>
#include <aifoot/validation.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

// Published training footprints (tests/calibration/training_cases.json, copied from
// shared/calibration/published.json): with each case's documented inputs the estimate must
// reproduce the reported energy and operational CO2e within the case's tolerance (5%, 10% where the
// source rounds). "predictive" cases give no power at all (Dodge et al. 2022 measured it), so the
// catalog's power fraction is checked against the measurement within a factor of 2.

TEST_CASE("calibration: published training footprints", "[calibration][reference]") {
  std::ifstream in(std::string(AIFOOT_TEST_DIR) + "/calibration/training_cases.json");
  REQUIRE(in.good());
  const auto document = nlohmann::json::parse(in);
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  int documented = 0;
  for (const auto& c : document["cases"]) {
    const std::string id = c["id"].get<std::string>();
    INFO(id << " (" << c["source"].get<std::string>() << ")");
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& [name, value] : c["fields"].items()) {
      fields.emplace_back(name, value.get<std::string>());
    }
    const auto footprint = aifoot::estimate_training(aifoot::training_from_fields(fields), catalog);
    const auto& expected = c["expected"];
    const bool predictive = c["mode"] == "predictive";
    const auto check = [&](const char* name, double estimated, double reported) {
      const double ratio = estimated / reported;
      INFO(name << ": estimated " << estimated << ", reported " << reported << ", ratio " << ratio);
      if (predictive) {
        CHECK(ratio >= 0.5);
        CHECK(ratio <= 2.0);
      } else {
        CHECK(std::fabs(ratio - 1.0) <= c["tolerance"].get<double>());
      }
    };
    if (expected.contains("energy_mwh")) {
      check(
          "energy_mwh", footprint.energy.total_kwh / 1000.0, expected["energy_mwh"].get<double>());
    }
    if (expected.contains("tco2e_operational")) {
      check("tco2e",
            footprint.co2e.operational_kg / 1000.0,
            expected["tco2e_operational"].get<double>());
    }
    documented += predictive ? 0 : 1;
  }
  CHECK(documented >= 25);
}

// Predicted device-hours (compute over catalog MFU x size, mixture-of-experts and precision
// factors, over goodput) against the device time published for the runs of data/validation.json
// whose predictive mode derives time from compute. Values judged on this data, and the fit-half
// cases they were judged on (docs/training.md, Validation): the A100 MFU on touvron2023-llama1-65b;
// the size constant k on touvron2023-llama1-13b and touvron2023-llama1-65b; the mixture-of-experts
// factor on patterson2021-t4-switch-transformer; the TPU v2, TPU v3 and V100 MFUs on the Patterson
// et al. 2021 runs they were measured on. The held-out half must stay as centred as the fit half.
TEST_CASE("calibration: predictive device-hours of published runs", "[calibration][reference]") {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  std::vector<double> fit;
  std::vector<double> holdout;
  for (const auto& c : aifoot::parse_validation_cases(aifoot::detail::validation_cases())) {
    const auto reported = std::find_if(c.reported.begin(), c.reported.end(), [](const auto& r) {
      return r.first == "time.device_hours";
    });
    if (c.kind != "training" || reported == c.reported.end()) {
      continue;
    }
    const auto footprint =
        aifoot::estimate_training(aifoot::training_from_fields(c.predictive), catalog);
    const double ratio = footprint.time.device_hours / reported->second;
    INFO(c.id << ": predicted " << footprint.time.device_hours << " device-hours, published "
              << reported->second);
    CHECK(footprint.compute.route == "flops_over_throughput");
    // Every run within the spread of published MFUs on one part (0.6x to 1.7x).
    CHECK(ratio >= 0.6);
    CHECK(ratio <= 1.7);
    (c.half == "holdout" ? holdout : fit).push_back(ratio);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  REQUIRE(fit.size() >= 8);
  REQUIRE(holdout.size() >= 8);
  INFO("median predicted / published: fit " << median(fit) << ", held out " << median(holdout));
  CHECK(median(holdout) >= 0.85);
  CHECK(median(holdout) <= 1.2);
  CHECK(median(fit) >= 0.85);
  CHECK(median(fit) <= 1.25);
}
