#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

using Catch::Matchers::WithinRel;

namespace {

std::string error_of(std::string_view text) {
  try {
    (void)aifoot::parse_scenario_json(text, "s.json");
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::invalid_input);
    return e.what();
  }
  return {};
}

} // namespace

TEST_CASE("parse_scenario_json: numbers and strings become field text", "[scenario_file]") {
  const auto s = aifoot::parse_scenario_json(
      R"({"kind": "training", "name": "gpt3", "hardware": "v100", "devices": 10000, "days": 14.8,
          "avg-power": "330W", "pue": 1.1, "ci": 429})",
      "gpt3.json");
  CHECK(s.kind == "training");
  CHECK(s.name == "gpt3");
  REQUIRE(s.fields.size() == 6);
  const auto catalog = aifoot::Catalog::builtin();
  const auto f = aifoot::estimate_scenario(s, catalog);
  CHECK_THAT(f.energy.total_kwh, WithinRel(1289376.0, 1e-9));
}

TEST_CASE("parse_scenario_json: kind defaults to training", "[scenario_file]") {
  CHECK(aifoot::parse_scenario_json(R"({"hardware": "v100"})", "s").kind == "training");
}

TEST_CASE("parse_scenario_json: rejects malformed and ambiguous scenarios", "[scenario_file]") {
  CHECK(error_of(R"({"hardware": "v100", "hardware": "a100"})").find("duplicate key 'hardware'")
        != std::string::npos);
  CHECK(error_of(R"({"hardware": "v100")").find("malformed JSON") != std::string::npos);
  CHECK(error_of(R"([1, 2])").find("must be a JSON object") != std::string::npos);
  CHECK(error_of(R"({"devices": [1, 2]})").find("'devices' must be a string or a number")
        != std::string::npos);
  CHECK(error_of(R"({"kind": "party"})").find("unknown kind 'party'") != std::string::npos);
  CHECK(error_of("").find("malformed JSON") != std::string::npos);
}

TEST_CASE("parse_scenario_json: the same key in different objects is not a duplicate",
          "[scenario_file]") {
  CHECK(error_of(R"({"a": {"x": 1}, "b": {"x": 2}})").find("duplicate") == std::string::npos);
}
