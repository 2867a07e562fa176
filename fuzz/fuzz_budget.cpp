// libFuzzer target: the budget file reader (--budget FILE) and the check against a result. Any
// input must either give a budget whose check runs or throw aifoot::Error.
#include <aifoot/budget.hpp>
#include <aifoot/error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A result shaped like aifoot.footprint/1 (objects, arrays, strings, null), so that metric
  // paths reach every kind of node.
  static const nlohmann::ordered_json result = nlohmann::ordered_json::parse(R"({
    "schema": "aifoot.footprint/1", "name": "nightly",
    "energy_kwh": {"accelerators": 1.5, "host": 0.5, "total": 2.2, "facility": null},
    "co2e_kg": {"operational": 0.8, "embodied": 0.1, "total": 0.9},
    "water_l": {"onsite": 1, "offsite": 2, "total": 3},
    "assumptions": [{"name": "pue", "value": 1.1}, {"name": "ci", "value": 429}],
    "measurement": {"energy_kwh": {"gpu": 0.25}}})");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const aifoot::Budget budget = aifoot::parse_budget_json(text, "fuzz");
    for (const std::string_view scenario : {"", "nightly"}) {
      try {
        (void)aifoot::budget_check_to_json(aifoot::check_budget(budget, result, scenario));
      } catch (const aifoot::Error&) {
      }
    }
  } catch (const aifoot::Error&) {
  }
  return 0;
}
