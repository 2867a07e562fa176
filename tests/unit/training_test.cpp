#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/training.hpp>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

aifoot::Footprint estimate(const std::vector<std::pair<std::string, std::string>>& fields) {
  return aifoot::estimate_training(aifoot::training_from_fields(fields), catalog());
}

aifoot::Footprint gpt3() {
  return estimate({{"hardware", "v100"},
                   {"devices", "10000"},
                   {"days", "14.8"},
                   {"avg-power", "330"},
                   {"pue", "1.1"},
                   {"ci", "429"}});
}

} // namespace

TEST_CASE("training_flops: 6 N D", "[training]") {
  CHECK_THAT(aifoot::training_flops(175e9, 300e9), WithinRel(3.15e23, 1e-12));
  CHECK_THROWS_AS(aifoot::training_flops(0, 1e9), aifoot::Error);
}

TEST_CASE("estimate_training: GPT-3 per Patterson et al. 2021", "[training][reference]") {
  const auto f = gpt3();
  // 10,000 x 355.2 h x 330 W x 1.1 = 1,289 MWh; x 429 g = 553 t (Patterson Table 4: 1,287 MWh, 552
  // t).
  CHECK_THAT(f.energy.total_kwh, WithinRel(1287e3, 0.01));
  CHECK_THAT(f.co2e.operational_kg, WithinRel(552.1e3, 0.01));
  CHECK(f.energy.host_kwh == 0.0);
  CHECK(f.compute.route == "devices_x_time");
}

TEST_CASE("estimate_training: the breakdown adds up", "[training]") {
  const auto f = estimate({{"model", "llama-3.1-70b"},
                           {"tokens", "15T"},
                           {"hardware", "h100-sxm"},
                           {"devices", "4096"},
                           {"region", "aws:us-east-1"}});
  const auto& e = f.energy;
  CHECK_THAT(e.facility_kwh(),
             WithinRel(e.accelerators_kwh + e.host_kwh + e.facility_overhead_kwh, 1e-12));
  CHECK_THAT(e.total_kwh, WithinRel(e.facility_kwh(), 1e-12));
  CHECK_THAT(f.co2e.total_kg, WithinRel(f.co2e.operational_kg + f.co2e.embodied_kg, 1e-12));
  CHECK_THAT(f.water.total_l, WithinRel(f.water.onsite_l + f.water.offsite_l, 1e-12));
  CHECK(e.host_kwh > 0.0);
  CHECK(f.compute.route == "flops_over_throughput");
  // Every factor is explained.
  for (const char* name :
       {"hardware", "mfu", "peak_flops", "pue", "grid_intensity", "wue", "ewif", "zone"}) {
    INFO(name);
    const auto* a = aifoot::find_assumption(f, name);
    REQUIRE(a != nullptr);
    CHECK(!a->origin.empty());
  }
  CHECK(aifoot::find_assumption(f, "pue")->origin == "catalog:providers/aws");
}

TEST_CASE("estimate_training: water applies PUE once", "[training]") {
  const auto f = estimate({{"hardware", "a100-80gb"},
                           {"device-hours", "1000"},
                           {"avg-power", "400"},
                           {"pue", "1.5"},
                           {"wue", "2"},
                           {"ewif", "3"},
                           {"ci", "100"}});
  // IT = 400 kWh, facility = 600 kWh: on-site 2 x IT, off-site 3 x facility.
  CHECK_THAT(f.water.onsite_l, WithinRel(800.0, 1e-12));
  CHECK_THAT(f.water.offsite_l, WithinRel(1800.0, 1e-12));
  CHECK_THAT(f.co2e.operational_kg, WithinRel(60.0, 1e-12));
}

TEST_CASE("estimate_training: boundaries choose what the total includes", "[training]") {
  std::vector<std::pair<std::string, std::string>> base{{"hardware", "a100-80gb"},
                                                        {"device-hours", "1000"},
                                                        {"power-fraction", "1"},
                                                        {"host-power", "100"},
                                                        {"pue", "1.2"},
                                                        {"ci", "100"}};
  auto accelerator = base;
  accelerator.emplace_back("boundary", "accelerator");
  auto server = base;
  server.emplace_back("boundary", "server");
  CHECK_THAT(estimate(accelerator).energy.total_kwh, WithinRel(400.0, 1e-12));
  CHECK_THAT(estimate(server).energy.total_kwh, WithinRel(500.0, 1e-12));
  CHECK_THAT(estimate(base).energy.total_kwh, WithinRel(600.0, 1e-12));
}

TEST_CASE("estimate_training: the three device-time routes", "[training]") {
  SECTION("device-hours win over the others") {
    const auto f = estimate(
        {{"hardware", "h100-sxm"}, {"device-hours", "100"}, {"devices", "10"}, {"hours", "1"}});
    CHECK_THAT(f.time.device_hours, WithinRel(100.0, 1e-12));
    CHECK_THAT(*f.time.wall_hours, WithinRel(10.0, 1e-12));
  }
  SECTION("compute over throughput, and MFU scales time inversely") {
    const auto low = estimate(
        {{"hardware", "h100-sxm"}, {"flops", "1e21"}, {"mfu", "0.2"}, {"precision", "bf16"}});
    const auto high = estimate(
        {{"hardware", "h100-sxm"}, {"flops", "1e21"}, {"mfu", "0.4"}, {"precision", "bf16"}});
    CHECK_THAT(low.time.device_hours, WithinRel(2.0 * high.time.device_hours, 1e-12));
    const double peak =
        catalog().require_hardware("h100-sxm").peak_flop_per_s.at(aifoot::Precision::bf16);
    CHECK_THAT(high.time.device_hours, WithinRel(1e21 / (peak * 0.4) / 3600.0, 1e-12));
  }
  SECTION("energy is linear in tokens") {
    const auto one = estimate({{"hardware", "h100-sxm"}, {"params", "7B"}, {"tokens", "1T"}});
    const auto two = estimate({{"hardware", "h100-sxm"}, {"params", "7B"}, {"tokens", "2T"}});
    CHECK_THAT(two.energy.total_kwh, WithinRel(2.0 * one.energy.total_kwh, 1e-12));
  }
  SECTION("mixture-of-experts uses active parameters") {
    const auto f = estimate({{"hardware", "h800"}, {"model", "deepseek-v3"}, {"tokens", "14.8T"}});
    const auto& v3 = catalog().require_model("deepseek-v3");
    CHECK_THAT(*f.compute.flops, WithinRel(6.0 * v3.params_active * 14.8e12, 1e-12));
  }
  SECTION("fp8 has a higher peak than bf16, so less time") {
    const auto bf16 =
        estimate({{"hardware", "h100-sxm"}, {"flops", "1e21"}, {"precision", "bf16"}});
    const auto fp8 = estimate({{"hardware", "h100-sxm"}, {"flops", "1e21"}, {"precision", "fp8"}});
    CHECK(fp8.time.device_hours < bf16.time.device_hours);
  }
  SECTION("the attention term adds compute with --seq-len") {
    const auto plain =
        estimate({{"hardware", "h100-sxm"}, {"model", "llama-3.1-8b"}, {"tokens", "1T"}});
    const auto attention = estimate({{"hardware", "h100-sxm"},
                                     {"model", "llama-3.1-8b"},
                                     {"tokens", "1T"},
                                     {"seq-len", "8192"}});
    CHECK(*attention.compute.flops > *plain.compute.flops);
  }
}

TEST_CASE("estimate_training: location and market-based views", "[training]") {
  const auto located =
      estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "FR"}});
  const auto coal = estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "PL"}});
  CHECK(coal.co2e.operational_kg > 3.0 * located.co2e.operational_kg);
  const auto netted = estimate(
      {{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "PL"}, {"cfe", "0.5"}});
  CHECK_THAT(netted.co2e.operational_kg, WithinRel(0.5 * coal.co2e.operational_kg, 1e-12));
  const auto zero = estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"ci", "0"}});
  CHECK_THAT(zero.co2e.operational_kg, WithinAbs(0.0, 1e-12));
  const auto nowhere = estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}});
  CHECK(!nowhere.notes.empty());
  CHECK(aifoot::find_assumption(nowhere, "zone")->text == "WORLD");
}

TEST_CASE("estimate_training: embodied carbon is the run's share of the service life",
          "[training]") {
  const auto f = estimate({{"hardware", "h100-sxm"},
                           {"device-hours", "35040"},
                           {"embodied", "1000"},
                           {"lifetime", "4y"}});
  CHECK_THAT(f.co2e.embodied_kg, WithinRel(1000.0, 1e-9));
}

TEST_CASE("estimate_training: missing and inconsistent inputs are invalid input", "[training]") {
  const auto kind_of = [](const std::vector<std::pair<std::string, std::string>>& fields) {
    try {
      (void)estimate(fields);
    } catch (const aifoot::Error& e) {
      return e.kind();
    }
    return aifoot::ErrorKind::internal;
  };
  CHECK(kind_of({{"devices", "8"}, {"hours", "1"}}) == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"}}) == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"}, {"device-hours", "1"}, {"region", "aws:mars-1"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "v100"}, {"flops", "1e20"}, {"precision", "fp8"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"}, {"device-hours", "1"}, {"pue", "0.9"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"}, {"model", "gemini-1.5-pro"}, {"tokens", "1T"}})
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("estimate_training: a site named by its operator takes the fleet PUE and WUE",
          "[training]") {
  const auto campus = estimate(
      {{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"provider", "gcp"}, {"zone", "US"}});
  CHECK(aifoot::find_assumption(campus, "pue")->origin == "catalog:providers/gcp");
  CHECK(aifoot::find_assumption(campus, "wue")->origin == "catalog:providers/gcp");
  CHECK(aifoot::find_assumption(campus, "grid_intensity")->origin == "catalog:zones/US");
  const auto unknown_site =
      estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "US"}});
  CHECK(aifoot::find_assumption(unknown_site, "pue")->origin == "default:industry average");
  CHECK(aifoot::find_assumption(campus, "pue")->value
        < aifoot::find_assumption(unknown_site, "pue")->value);

  const auto kind_of = [](const std::vector<std::pair<std::string, std::string>>& fields) {
    try {
      (void)estimate(fields);
    } catch (const aifoot::Error& e) {
      return e.kind();
    }
    return aifoot::ErrorKind::internal;
  };
  CHECK(kind_of({{"hardware", "h100-sxm"}, {"device-hours", "1"}, {"provider", "acme"}})
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of({{"hardware", "h100-sxm"},
                 {"device-hours", "1"},
                 {"provider", "azure"},
                 {"region", "aws:us-east-1"}})
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("estimate_training: a subnational zone borrows its country's water intensity",
          "[training]") {
  const auto state =
      estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "US-TEX-ERCO"}});
  const auto* ewif = aifoot::find_assumption(state, "ewif");
  REQUIRE(ewif != nullptr);
  CHECK(ewif->origin == "default:country average, catalog:zones/US");
  const auto country =
      estimate({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "US"}});
  CHECK(aifoot::find_assumption(country, "ewif")->origin == "catalog:zones/US");
  CHECK(aifoot::find_assumption(country, "ewif")->value == ewif->value);
}
