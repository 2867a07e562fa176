#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

#include <array>

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

TEST_CASE("flat records and records needing the general parser give the same fields") {
  // The first of each pair takes the fast path; the second has an escape (or a form the fast path
  // leaves to nlohmann), so it takes the general one.
  const auto pairs = std::to_array<std::pair<const char*, const char*>>({
      {R"({"hardware": "h100-sxm", "devices": 8, "zone": "FR", "name": "a"})",
       R"({"hardware": "h100\u002dsxm", "devices": 8, "zone": "FR", "name": "a"})"},
      {R"({"mfu": 0.32, "tokens": 1e12, "params": 70000000000, "zone": null})",
       R"({"mfu": 0.32, "tokens": 1e12, "params": 70000000000, "zone": null, "x": "\n"})"},
      {R"({"kind":"inference","flag":true,"other":false,"n":-3,"f":-2.50,"e":1E-5})",
       R"({"kind":"inference","flag":true,"other":false,"n":-3,"f":-2.50,"e":1E-5,"k":"é"})"},
  });

  for (const auto& [fast, general] : pairs) {
    CAPTURE(fast);
    const auto a = aifoot::parse_scenario_json(fast, "s");
    auto b = aifoot::parse_scenario_json(general, "s");
    std::erase_if(b.fields,
                  [](const auto& field) { return field.first == "x" || field.first == "k"; });
    CHECK(a.kind == b.kind);
    CHECK(a.name == b.name);
    CHECK(a.fields == b.fields);
  }
  const auto numbers = aifoot::parse_scenario_json(
      R"({"a": 1e3, "b": 0.1, "c": -0, "d": 12345678901234567890})", "s");
  REQUIRE(numbers.fields.size() == 4);
  CHECK(numbers.fields[0].second == "1000");
  CHECK(numbers.fields[1].second == "0.1");
  CHECK(numbers.fields[2].second == "0");
  CHECK(numbers.fields[3].second == "12345678901234567890");
  // Errors of malformed or ambiguous records come from the general path, whatever the fast one saw.
  CHECK_THAT(error_of(R"({"devices": 8, "devices": 9})"),
             Catch::Contains("duplicate key 'devices'"));
  CHECK_THAT(error_of(R"({"devices": 8,})"), Catch::Contains("malformed JSON"));
  CHECK_THAT(error_of(R"({"devices": 01})"), Catch::Contains("malformed JSON"));
  CHECK_THAT(error_of(R"({"kind": "serving"})"), Catch::Contains("unknown kind 'serving'"));
}
