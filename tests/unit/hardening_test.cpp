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
