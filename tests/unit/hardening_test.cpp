// Regressions found by the bad-input matrix and fuzzing (issue #8): inputs that used to escape as
// internal errors (exit 70) must be typed aifoot::Error with the right kind.
#include "catch.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/catalog.hpp>
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/measurement.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace {

// The kind of the aifoot::Error that `action` throws; fails the test for any other exception.
aifoot::ErrorKind kind_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const aifoot::Error& e) {
    return e.kind();
  }
  FAIL("no aifoot::Error thrown");
  return aifoot::ErrorKind::internal;
}

} // namespace

TEST_CASE("parse_scenario_json: a number literal beyond double is invalid input", "[hardening]") {
  // nlohmann throws out_of_range (not parse_error) for 1e400.
  CHECK(kind_of([] {
          (void)aifoot::parse_scenario_json(R"({"hardware": "h100-sxm", "device-hours": 1e400})",
                                            "test");
        })
        == aifoot::ErrorKind::invalid_input);
  CHECK(kind_of([] { (void)aifoot::parse_scenario_json("-1e999", "test"); })
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("parse_budget_json: a number literal beyond double is invalid input", "[hardening]") {
  CHECK(kind_of([] {
          (void)aifoot::parse_budget_json(R"({"limits": {"energy_kwh.total": 1e400}})", "test");
        })
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("check_budget: an array index too large for an integer is a missing metric",
          "[hardening]") {
  // std::stoull used to throw std::out_of_range for this path.
  const auto budget =
      aifoot::parse_budget_json(R"({"limits": {"a.99999999999999999999999": 1}})", "test");
  const nlohmann::ordered_json result = {{"a", {1.0, 2.0}}};
  CHECK(kind_of([&] { (void)aifoot::check_budget(budget, result); })
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("Catalog::add_user_file: a number literal beyond double is a data error", "[hardening]") {
  aifoot::Catalog catalog = aifoot::Catalog::builtin();
  CHECK(kind_of([&] {
          catalog.add_user_file(
              {"user.json", R"({"table": "hardware", "records": [{"id": "x", "tdp_w": 1e400}]})"});
        })
        == aifoot::ErrorKind::data);
}

TEST_CASE("JSON readers reject duplicate keys, naming the key", "[hardening]") {
  // nlohmann keeps the last of two equal keys; budgets and catalogs used to accept them silently.
  CHECK_THROWS_WITH(aifoot::parse_budget_json(
                        R"({"limits": {"energy_kwh.total": 1, "energy_kwh.total": 2}})", "b.json"),
                    "b.json: duplicate key 'energy_kwh.total'");
  aifoot::Catalog catalog = aifoot::Catalog::builtin();
  CHECK(kind_of([&] {
          catalog.add_user_file(
              {"user.json",
               R"({"table": "hardware", "records": [{"id": "x", "tdp_w": 1, "tdp_w": 2}]})"});
        })
        == aifoot::ErrorKind::data);
  CHECK_THROWS_WITH(
      catalog.add_user_file({"user.csv", "# table: hardware\nid,tdp_w,tdp_w\nx,1,2\n"}),
      "user.csv: line 2: duplicate column 'tdp_w'");
  // "x" and "x.y" used to fail as an internal nlohmann type_error.
  CHECK(kind_of([&] {
          catalog.add_user_file(
              {"user.csv", "# table: hardware\nid,peak_tflops,peak_tflops.bf16\nx,1,2\n"});
        })
        == aifoot::ErrorKind::data);
}

// Round two (issue #17).

TEST_CASE("parse_json_unique_keys: nesting beyond the limit is an error, not a deep walk",
          "[hardening]") {
  const auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[')
           + std::string(static_cast<std::size_t>(depth), ']');
  };
  CHECK_NOTHROW(aifoot::parse_json_unique_keys<nlohmann::json>(
      nested(aifoot::k_max_json_depth), "x", aifoot::ErrorKind::invalid_input));
  CHECK_THROWS_WITH(aifoot::parse_json_unique_keys<nlohmann::json>(
                        nested(aifoot::k_max_json_depth + 1), "x", aifoot::ErrorKind::data),
                    "x: nested deeper than 64 levels");
  std::string budget = R"({"limits": )";
  for (int i = 0; i < 15000; ++i) {
    budget += R"({"a": )";
  }
  budget += "1" + std::string(15001, '}');
  CHECK(kind_of([&] { (void)aifoot::parse_budget_json(budget, "b"); })
        == aifoot::ErrorKind::invalid_input);
}

TEST_CASE("Error: messages and hints stay one printable line", "[hardening]") {
  const aifoot::Error e(aifoot::ErrorKind::invalid_input,
                        std::string("unknown 'a\nb\rc") + '\0' + "d\x1b'",
                        "line\nbreak");
  CHECK(std::string(e.what()) == "unknown 'a\\nb\\rc\\x00d\\x1b'");
  CHECK(e.hint() == "line\\nbreak");
  CHECK(aifoot::one_line("tab\tand UTF-8 \xc3\xa9") == "tab\tand UTF-8 \xc3\xa9");
}

TEST_CASE("csv_record_complete: a quoted field may run over line breaks", "[hardening]") {
  CHECK(aifoot::csv_record_complete("a,b,c"));
  CHECK_FALSE(aifoot::csv_record_complete("\"two"));
  CHECK(aifoot::csv_record_complete("\"two\nlines\",x"));
  CHECK(aifoot::csv_record_complete("\"say \"\"hi\"\"\",x"));
  CHECK(aifoot::split_csv_record("\"two\nlines\",x")
        == std::vector<std::string>{"two\nlines", "x"});
}

TEST_CASE("split_csv_record: a reused vector holds exactly the new record's fields",
          "[hardening]") {
  using Fields = std::vector<std::string>;
  Fields fields;
  aifoot::split_csv_record("a long first field that leaves capacity behind,b,c,d", fields);
  CHECK(fields.size() == 4);
  aifoot::split_csv_record("\"x, \"\"y\"\"\",,z\r", fields);
  CHECK(fields == Fields{"x, \"y\"", "", "z"});
  aifoot::split_csv_record("", fields);
  CHECK(fields == Fields{""});
  aifoot::split_csv_record(R"("","""",)", fields);
  CHECK(fields == Fields{"", "\"", ""});
  CHECK_THROWS_WITH(aifoot::split_csv_record("\"open,b", fields), "unterminated quoted CSV field");
  CHECK_THROWS_WITH(aifoot::split_csv_record("\"a\"b,c", fields),
                    "text after a closing quote in a CSV field");
}

TEST_CASE("append_csv_field: quoted only when it must be, quotes doubled", "[hardening]") {
  aifoot::TextBuffer row;
  row += "1,";
  aifoot::append_csv_field(row, "plain");
  row.push_back(',');
  aifoot::append_csv_field(row, "DE: lifecycle, CO2e");
  row.push_back(',');
  aifoot::append_csv_field(row, "say \"hi\"\nthere");
  row.push_back(',');
  aifoot::append_csv_field(row, "");
  CHECK(row.view() == "1,plain,\"DE: lifecycle, CO2e\",\"say \"\"hi\"\"\nthere\",");
  CHECK(aifoot::split_csv_record(row.view())
        == std::vector<std::string>{"1", "plain", "DE: lifecycle, CO2e", "say \"hi\"\nthere", ""});
}

TEST_CASE("field bounds: one table for every way a value comes in", "[hardening]") {
  const aifoot::FieldBounds& pue = aifoot::field_bounds("pue");
  CHECK(pue.min == 1.0);
  CHECK(pue.max == 3.0);
  CHECK(aifoot::find_field_bounds("hardware") == nullptr);
  CHECK(aifoot::field_help("PUE", "pue") == "PUE [1..3]");
  CHECK_THROWS_WITH(aifoot::require_field_range(1e308, "embodied"),
                    "embodied must be between 0 and 1000000 kgCO2e (got 1e+308)");
  // A flag, a scenario file and either end of a range: the same check.
  aifoot::TrainingScenario scenario;
  CHECK_THROWS_WITH(aifoot::set_training_field(scenario, "pue", "0.01..1.99"),
                    "invalid value '0.01' for pue: must be between 1 and 3");
  CHECK_THROWS_WITH(aifoot::set_training_field(scenario, "embodied", "1e308"),
                    Catch::Matchers::Contains("for embodied: must be between 0 and 1000000"));
  CHECK_THROWS_WITH(aifoot::training_from_fields({{"pue", "1000"}}),
                    "invalid value '1000' for pue: must be between 1 and 3");
  CHECK_NOTHROW(aifoot::set_training_field(scenario, "pue", "1.1..1.3"));
}

TEST_CASE("train and infer agree on --params and on active above total", "[hardening]") {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto train = aifoot::training_from_fields({{"params", "500k"},
                                                   {"tokens", "1B"},
                                                   {"hardware", "h100-sxm"},
                                                   {"devices", "1"},
                                                   {"zone", "FR"}});
  CHECK(aifoot::estimate_training(train, catalog).energy.total_kwh > 0.0);
  const auto infer = aifoot::inference_from_fields({{"params", "500k"},
                                                    {"hardware", "h100-sxm"},
                                                    {"requests", "1/s"},
                                                    {"output-tokens", "10"},
                                                    {"zone", "FR"}});
  CHECK(aifoot::estimate_inference(infer, catalog).energy.total_kwh > 0.0);
  const auto too_active = aifoot::training_from_fields({{"params", "7B"},
                                                        {"active-params", "70B"},
                                                        {"tokens", "1T"},
                                                        {"hardware", "h100-sxm"},
                                                        {"devices", "8"},
                                                        {"zone", "FR"}});
  CHECK_THROWS_WITH(aifoot::estimate_training(too_active, catalog),
                    Catch::Matchers::Contains("must not exceed the total parameters"));
}

TEST_CASE("estimate_inference: a request beyond the model's context window is refused",
          "[hardening]") {
  const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const auto request = [&](const std::string& input_tokens) {
    return aifoot::estimate_inference(aifoot::inference_from_fields({{"model", "gpt-3"},
                                                                     {"hardware", "v100"},
                                                                     {"requests", "1/s"},
                                                                     {"input-tokens", input_tokens},
                                                                     {"output-tokens", "100"},
                                                                     {"zone", "FR"}}),
                                      catalog);
  };
  CHECK_NOTHROW(request("1900"));
  CHECK_THROWS_WITH(request("2000"), Catch::Matchers::Contains("context window of gpt-3"));
}

TEST_CASE("user catalogs are held to the same bounds as the flags", "[hardening]") {
  const auto load = [](const std::string& content) {
    aifoot::Catalog catalog = aifoot::Catalog::builtin();
    catalog.add_user_file({"user.json", content});
    (void)catalog.find_hardware("my-gpu");
    (void)catalog.find_provider("myco");
    (void)catalog.require_default("lifetime_years");
  };
  const std::string gpu = R"({"table": "hardware", "records": [{"id": "my-gpu", "tdp_w": 250, )";
  CHECK_NOTHROW(load(gpu + R"("idle_w": 50, "sources": ["def-ccf-coefficients"]}]})"));
  CHECK_THROWS_WITH(load(gpu + R"("idle_w": 300, "sources": ["def-ccf-coefficients"]}]})"),
                    Catch::Matchers::Contains("field 'idle_w' must not exceed tdp_w"));
  CHECK_THROWS_WITH(
      load(gpu + R"("peak_tflops": {"fp16": 1e-300}, "sources": ["def-ccf-coefficients"]}]})"),
      Catch::Matchers::Contains("field 'peak_tflops.fp16' must be between"));
  CHECK_THROWS_WITH(
      load(
          R"({"table": "providers", "records": [{"id": "myco", "pue": 1000, "sources": ["def-ccf-coefficients"]}]})"),
      Catch::Matchers::Contains("field 'pue' must be between 1 and 3"));
  CHECK(kind_of([&] {
          load(R"({"table": "defaults", "records": [{"id": "lifetime_years", "value": 0, )"
               R"("why": "x", "sources": ["def-ccf-coefficients"]}]})");
        })
        == aifoot::ErrorKind::data);
}

TEST_CASE("null_unmeasured: nothing measured is null, and a budget on it fails", "[hardening]") {
  nlohmann::ordered_json result = nlohmann::ordered_json::parse(
      R"({"energy_kwh": {"total": 0.0}, "co2e_kg": {"operational": 0.0, "embodied": 0.5,)"
      R"( "total": 0.5}, "measurement": {"energy_kwh": {"gpu": 0.0}}})");
  aifoot::MeasuredEnergy measured;
  aifoot::null_unmeasured(result, measured);
  CHECK(result["energy_kwh"]["total"].is_null());
  CHECK(result["co2e_kg"]["operational"].is_null());
  CHECK(result["co2e_kg"]["embodied"] == 0.5);
  CHECK(result["measurement"]["energy_kwh"]["gpu"].is_null());
  const aifoot::Budget budget =
      aifoot::parse_budget_json(R"({"limits": {"energy_kwh.total": 1}})", "b");
  CHECK_THROWS_WITH(aifoot::check_budget(budget, result, ""),
                    Catch::Matchers::Contains("has no value: it was not measured"));
}
