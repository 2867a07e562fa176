#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/units.hpp>

using Catch::Matchers::WithinRel;

namespace {

// The kind of a parser's rejection, or nothing when it accepted the text.
template <typename Parse> bool rejects(Parse parse) {
  try {
    parse();
  } catch (const aifoot::Error& e) {
    return e.kind() == aifoot::ErrorKind::invalid_input;
  }
  return false;
}

} // namespace

TEST_CASE("parse_count: SI suffixes, exponents and thousands separators", "[units]") {
  using aifoot::parse_count;
  CHECK_THAT(parse_count("15T", "tokens"), WithinRel(15e12, 1e-12));
  CHECK_THAT(parse_count("3.3M", "device-hours"), WithinRel(3.3e6, 1e-12));
  CHECK_THAT(parse_count("2.5e9", "params"), WithinRel(2.5e9, 1e-12));
  CHECK_THAT(parse_count("1,000", "devices"), WithinRel(1000.0, 1e-12));
  CHECK_THAT(parse_count("1,234,567.5", "n"), WithinRel(1234567.5, 1e-12));
  CHECK_THAT(parse_count(" 70B ", "params"), WithinRel(70e9, 1e-12));
  CHECK_THAT(parse_count("4k", "n"), WithinRel(4000.0, 1e-12));
  CHECK_THAT(parse_count("+7", "n"), WithinRel(7.0, 1e-12));
}

TEST_CASE("parse_count: rejects garbage, negatives, non-finite values and overflow", "[units]") {
  using aifoot::parse_count;
  for (const char* bad : {"",
                          "  ",
                          "abc",
                          "-5",
                          "nan",
                          "NaN",
                          "inf",
                          "-inf",
                          "1e400",
                          "1e300T",
                          "5X",
                          "1,5",
                          "12,34",
                          "1..2",
                          "0x10",
                          "T",
                          "1e",
                          "1,0000"}) {
    INFO(bad);
    CHECK(rejects([&] { (void)parse_count(bad, "tokens"); }));
  }
}

TEST_CASE("parse_count: the error names the field and the value", "[units]") {
  try {
    (void)aifoot::parse_count("12q", "tokens");
    FAIL("accepted '12q'");
  } catch (const aifoot::Error& e) {
    CHECK(std::string(e.what()).find("tokens") != std::string::npos);
    CHECK(std::string(e.what()).find("12q") != std::string::npos);
  }
}

TEST_CASE("parse_duration_h: units and default unit", "[units]") {
  using aifoot::parse_duration_h;
  CHECK_THAT(parse_duration_h("14.8d", "days", "d"), WithinRel(355.2, 1e-12));
  CHECK_THAT(parse_duration_h("36h", "hours", "h"), WithinRel(36.0, 1e-12));
  CHECK_THAT(parse_duration_h("90min", "hours", "h"), WithinRel(1.5, 1e-12));
  CHECK_THAT(parse_duration_h("2w", "hours", "h"), WithinRel(336.0, 1e-12));
  CHECK_THAT(parse_duration_h("3600s", "hours", "h"), WithinRel(1.0, 1e-12));
  CHECK_THAT(parse_duration_h("14.8", "days", "d"), WithinRel(355.2, 1e-12));
  CHECK_THAT(parse_duration_h("4", "lifetime", "y"), WithinRel(4 * 8760.0, 1e-12));
  CHECK(rejects([] { (void)parse_duration_h("3 fortnights", "hours", "h"); }));
  CHECK(rejects([] { (void)parse_duration_h("-1d", "hours", "h"); }));
}

TEST_CASE("parse_power_w: W, kW, MW with case-sensitive prefixes", "[units]") {
  using aifoot::parse_power_w;
  CHECK_THAT(parse_power_w("700W", "avg-power"), WithinRel(700.0, 1e-12));
  CHECK_THAT(parse_power_w("1.2kW", "avg-power"), WithinRel(1200.0, 1e-12));
  CHECK_THAT(parse_power_w("0.5 MW", "avg-power"), WithinRel(5e5, 1e-12));
  CHECK_THAT(parse_power_w("330", "avg-power"), WithinRel(330.0, 1e-12));
  CHECK(rejects([] { (void)parse_power_w("700 J", "avg-power"); }));
}

TEST_CASE("parse_energy_j and parse_intensity_g_per_kwh", "[units]") {
  CHECK_THAT(aifoot::parse_energy_j("1kWh", "e", "J"), WithinRel(3.6e6, 1e-12));
  CHECK_THAT(aifoot::parse_energy_j("0.12", "e", "J"), WithinRel(0.12, 1e-12));
  CHECK_THAT(aifoot::parse_energy_j("2 MWh", "e", "J"), WithinRel(7.2e9, 1e-12));
  CHECK_THAT(aifoot::parse_intensity_g_per_kwh("429", "ci"), WithinRel(429.0, 1e-12));
  CHECK_THAT(aifoot::parse_intensity_g_per_kwh("429g/kWh", "ci"), WithinRel(429.0, 1e-12));
  CHECK_THAT(aifoot::parse_intensity_g_per_kwh("429 gCO2e/kWh", "ci"), WithinRel(429.0, 1e-12));
  CHECK_THAT(aifoot::parse_intensity_g_per_kwh("0.385kg/kWh", "ci"), WithinRel(385.0, 1e-12));
  CHECK(rejects([] { (void)aifoot::parse_intensity_g_per_kwh("429 lb/MWh", "ci"); }));
}

TEST_CASE("parse_fraction and parse_rate_per_s", "[units]") {
  CHECK_THAT(aifoot::parse_fraction("0.4", "mfu"), WithinRel(0.4, 1e-12));
  CHECK_THAT(aifoot::parse_fraction("40%", "mfu"), WithinRel(0.4, 1e-12));
  CHECK(rejects([] { (void)aifoot::parse_fraction("1.5", "mfu"); }));
  CHECK(rejects([] { (void)aifoot::parse_fraction("40 percent", "mfu"); }));
  CHECK_THAT(aifoot::parse_rate_per_s("1M/day", "requests"), WithinRel(1e6 / 86400.0, 1e-12));
  CHECK_THAT(aifoot::parse_rate_per_s("10/s", "requests"), WithinRel(10.0, 1e-12));
  CHECK_THAT(aifoot::parse_rate_per_s("3600/h", "requests"), WithinRel(1.0, 1e-12));
  CHECK(rejects([] { (void)aifoot::parse_rate_per_s("5/fortnight", "requests"); }));
}
