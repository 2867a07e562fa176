#include "catch.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>

#include <nlohmann/json.hpp>

#include <functional>

using Catch::Matchers::Contains;

namespace {

nlohmann::ordered_json result() {
  aifoot::Footprint f;
  f.kind = "training";
  f.energy.accelerators_kwh = 8;
  f.energy.host_kwh = 1;
  f.energy.total_kwh = 9.5;
  f.co2e.total_kg = 3;
  f.water.total_l = 20;
  auto j = aifoot::to_json(f, "test");
  j["measurement"] = {{"energy_kwh", {{"gpu", 8.0}}}};
  return j;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const aifoot::Error& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "no error";
}

} // namespace

TEST_CASE("parse_budget_json: limits, warnings, nested paths and scenario sections", "[budget]") {
  const auto budget = aifoot::parse_budget_json(R"({
    "schema": "aifoot.budget/1",
    "limits": {"energy_kwh.total": 10, "co2e_kg": {"total": "5"}},
    "warn": {"energy_kwh.total": 8},
    "scenarios": {"nightly": {"limits": {"measurement.energy_kwh.gpu": 2}}}
  })",
                                                "budget.json");
  REQUIRE(budget.rules.size() == 2);
  CHECK(budget.rules[0].metric == "energy_kwh.total");
  CHECK(budget.rules[0].limit == 10.0);
  CHECK(budget.rules[0].warn == 8.0);
  CHECK(budget.rules[1].metric == "co2e_kg.total");
  CHECK(budget.rules[1].limit == 5.0);
  CHECK_FALSE(budget.rules[1].warn);
  REQUIRE(budget.scenarios.count("nightly") == 1);
  CHECK(budget.scenarios.at("nightly").at(0).metric == "measurement.energy_kwh.gpu");
}

TEST_CASE("parse_budget_json: mistakes are named", "[budget]") {
  CHECK_THAT(message_of([] { aifoot::parse_budget_json("{", "b.json"); }),
             Contains("b.json: malformed JSON"));
  CHECK_THAT(message_of([] { aifoot::parse_budget_json("[]", "b.json"); }),
             Contains("must be a JSON object"));
  CHECK_THAT(message_of([] { aifoot::parse_budget_json(R"({"limit": {}})", "b.json"); }),
             Contains("unknown key 'limit'"));
  CHECK_THAT(message_of([] { aifoot::parse_budget_json(R"({"limits": {"x": -1}})", "b.json"); }),
             Contains("non-negative"));
  CHECK_THAT(message_of([] { aifoot::parse_budget_json(R"({"limits": {"x": true}})", "b.json"); }),
             Contains("must be a number"));
  CHECK_THAT(message_of([] { aifoot::parse_budget_json(R"({"limits": {}})", "b.json"); }),
             Contains("sets no limit"));
}

TEST_CASE("check_budget: ok, warn and exceeded, general and per scenario", "[budget]") {
  const auto budget = aifoot::parse_budget_json(R"({
    "limits": {"energy_kwh.total": 10, "water_l.total": 15},
    "warn": {"energy_kwh.total": 9},
    "scenarios": {"nightly": {"limits": {"measurement.energy_kwh.gpu": 2}}}
  })",
                                                "b.json");
  const auto general = aifoot::check_budget(budget, result());
  REQUIRE(general.findings.size() == 2);
  CHECK(general.findings[0].level == aifoot::BudgetLevel::warn);
  CHECK(general.findings[0].value == 9.5);
  CHECK(general.findings[1].level == aifoot::BudgetLevel::exceeded);
  CHECK(general.exceeded());
  CHECK(general.warned());

  const auto nightly = aifoot::check_budget(budget, result(), "nightly");
  REQUIRE(nightly.findings.size() == 3);
  CHECK(nightly.findings[2].section == "nightly");
  CHECK(nightly.findings[2].level == aifoot::BudgetLevel::exceeded);

  const auto json = aifoot::budget_check_to_json(nightly);
  CHECK(json["exceeded"] == true);
  CHECK(json["findings"][0]["level"] == "warn");
}

TEST_CASE("check_budget: a metric the result lacks is an error with a suggestion", "[budget]") {
  const auto budget = aifoot::parse_budget_json(R"({"limits": {"energy_kwh.totl": 1}})", "b.json");
  CHECK_THAT(message_of([&] { aifoot::check_budget(budget, result()); }),
             Contains("'energy_kwh.totl' is not in the result") && Contains("energy_kwh.total"));
  const auto not_number = aifoot::parse_budget_json(R"({"limits": {"kind": 1}})", "b.json");
  CHECK_THAT(message_of([&] { aifoot::check_budget(not_number, result()); }),
             Contains("is not a number"));
}

TEST_CASE("check_budget: a footprint directly", "[budget]") {
  aifoot::Footprint f;
  f.energy.total_kwh = 2;
  const auto budget = aifoot::parse_budget_json(R"({"limits": {"energy_kwh.total": 1}})", "b.json");
  CHECK(aifoot::check_budget(budget, f).exceeded());
}
