#include "catch.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>

#include <string>

TEST_CASE("factor: every name parses back to its factor", "[factor]") {
  for (const auto* name : {"mfu",
                           "power_fraction",
                           "device_power",
                           "host_power",
                           "bw_efficiency",
                           "mfu_decode",
                           "tokens_per_s",
                           "joules_per_token",
                           "pue",
                           "grid_intensity",
                           "wue",
                           "ewif",
                           "embodied_per_device",
                           "lifetime"}) {
    INFO(name);
    const auto factor = aifoot::parse_factor(name);
    REQUIRE(factor.has_value());
    CHECK(aifoot::to_string(*factor) == name);
    CHECK(aifoot::factor_names().find(name) != std::string::npos);
  }
}

TEST_CASE("factor: names that are not factors are rejected", "[factor]") {
  // The flag spelling is not the factor name: the range of --tokens-per-second is tokens_per_s.
  CHECK_FALSE(aifoot::parse_factor("tokens_per_second").has_value());
  CHECK_FALSE(aifoot::parse_factor("").has_value());
  CHECK_FALSE(aifoot::parse_factor("PUE").has_value());
  CHECK_FALSE(aifoot::parse_factor("model").has_value());
}

TEST_CASE("factor: every built-in uncertainty range names a factor", "[factor]") {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  CHECK(catalog.uncertainty_ranges().size() > 10);
}

TEST_CASE("factor: an uncertainty record naming an unknown factor is a data error", "[factor]") {
  aifoot::Catalog catalog = aifoot::Catalog::builtin();
  try {
    catalog.add_user_file(
        {"ranges.json",
         R"({"table":"uncertainty","records":[{"id":"tps-wide","factor":"tokens_per_second",
             "origin":"user","low":0.5,"high":2,"why":"test","sources":["def-ccf-coefficients"]}]})"});
    FAIL("accepted an unknown factor");
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::data);
    const std::string message = e.what();
    CHECK(message.find("ranges.json") != std::string::npos);
    CHECK(message.find("tps-wide") != std::string::npos);
    CHECK(message.find("tokens_per_second") != std::string::npos);
    CHECK(message.find("tokens_per_s,") != std::string::npos); // the valid names are listed
  }
}
