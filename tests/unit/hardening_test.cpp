// Regressions found by the bad-input matrix and fuzzing (issue #8): inputs that used to escape as
// internal errors (exit 70) must be typed aifoot::Error with the right kind.
#include "catch.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

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
