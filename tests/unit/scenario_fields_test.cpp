#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/scenario_fields.hpp>

using Catch::Matchers::WithinRel;

TEST_CASE("training_from_fields: parses every kind of field", "[scenario]") {
  const auto s = aifoot::training_from_fields({{"model", "llama-3.1-70b"},
                                               {"tokens", "15T"},
                                               {"hardware", "h100-sxm"},
                                               {"devices", "4,096"},
                                               {"days", "2w"},
                                               {"avg-power", "0.7kW"},
                                               {"ci", "0.4 kg/kWh"},
                                               {"cfe", "30%"},
                                               {"boundary", "server"},
                                               {"precision", "FP8"}});
  CHECK(*s.model == "llama-3.1-70b");
  CHECK_THAT(*s.tokens, WithinRel(15e12, 1e-12));
  CHECK_THAT(*s.devices, WithinRel(4096.0, 1e-12));
  CHECK_THAT(*s.wall_hours, WithinRel(336.0, 1e-12));
  CHECK_THAT(*s.device.avg_power_w, WithinRel(700.0, 1e-12));
  CHECK_THAT(*s.site.ci_gco2_per_kwh, WithinRel(400.0, 1e-12));
  CHECK_THAT(*s.site.cfe_fraction, WithinRel(0.3, 1e-12));
  CHECK(s.boundary == aifoot::Boundary::server);
  CHECK(*s.precision == aifoot::Precision::fp8);
}

TEST_CASE("set_training_field: unknown fields suggest the closest name", "[scenario]") {
  aifoot::TrainingScenario s;
  try {
    aifoot::set_training_field(s, "devics", "8");
    FAIL("accepted an unknown field");
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::invalid_input);
    CHECK(e.hint().find("devices") != std::string::npos);
  }
}

TEST_CASE("set_training_field: zero where a positive value is needed is rejected", "[scenario]") {
  aifoot::TrainingScenario s;
  CHECK_THROWS_AS(aifoot::set_training_field(s, "devices", "0"), aifoot::Error);
  CHECK_THROWS_AS(aifoot::set_training_field(s, "tokens", "-1T"), aifoot::Error);
  CHECK_THROWS_AS(aifoot::set_training_field(s, "boundary", "galaxy"), aifoot::Error);
  CHECK_THROWS_AS(aifoot::set_training_field(s, "hardware", "   "), aifoot::Error);
}
