#pragma once

#include <aifoot/footprint.hpp>

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// One budget line: a metric of the JSON result, named by its dot-separated path
// ("energy_kwh.total", "co2e_kg.operational", "measurement.energy_kwh.gpu"), with a hard limit,
// a warning threshold, or both. A value above `limit` exceeds the budget; above `warn`, warns.
struct BudgetRule {
  std::string metric;
  std::optional<double> limit;
  std::optional<double> warn;
};

// A budget: rules for every result, plus rules for results of a given scenario name (applied in
// addition to the general ones).
struct Budget {
  std::vector<BudgetRule> rules;
  std::map<std::string, std::vector<BudgetRule>, std::less<>> scenarios;
};

// Parses a budget file (schema aifoot.budget/1):
//   {"limits": {"energy_kwh.total": 10, "co2e_kg.total": 5},
//    "warn":   {"energy_kwh.total": 8},
//    "scenarios": {"nightly": {"limits": {"energy_kwh.accelerators": 2}}}}
// Thresholds are numbers or number strings with SI suffixes ("1.5k"); nested objects are read as
// dotted paths ({"energy_kwh": {"total": 10}} is "energy_kwh.total"). "schema" and "description"
// keys are ignored. Throws Error(invalid_input) naming `source` for malformed JSON, unknown keys,
// negative or non-numeric thresholds, and a budget without any threshold.
Budget parse_budget_json(std::string_view text, std::string_view source);

// Outcome of one rule against one result.
enum class BudgetLevel { ok, warn, exceeded };

// "ok", "warn" or "exceeded".
std::string_view to_string(BudgetLevel level);

struct BudgetFinding {
  std::string metric;
  std::string section; // "" for the general rules, else the scenario name
  double value = 0;    // the result's value at `metric`
  std::optional<double> limit;
  std::optional<double> warn;
  BudgetLevel level = BudgetLevel::ok;
};

// Every rule checked, in budget order.
struct BudgetCheck {
  std::vector<BudgetFinding> findings;
  bool exceeded() const; // any finding at level exceeded
  bool warned() const;   // any finding at level warn
};

// Checks `result` (a JSON result such as to_json(Footprint), possibly with extra keys) against
// the general rules and the section for `scenario_name`, when the budget has one. Throws
// Error(invalid_input) when a metric is not in the result or is not a number, with the closest
// metric paths as hint.
BudgetCheck check_budget(const Budget& budget,
                         const nlohmann::ordered_json& result,
                         std::string_view scenario_name = {});

// The same for a footprint, through its JSON form (schema aifoot.footprint/1).
BudgetCheck
check_budget(const Budget& budget, const Footprint& footprint, std::string_view scenario_name = {});

// The check as JSON: {"exceeded": bool, "warned": bool, "findings": [{metric, section, value,
// limit, warn, level}]}.
nlohmann::ordered_json budget_check_to_json(const BudgetCheck& check);

} // namespace aifoot
