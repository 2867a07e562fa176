// libFuzzer target: the scenario JSON reader and the estimator behind it. Any input must either
// give a footprint with finite numbers or throw aifoot::Error.
#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scenario = aifoot::parse_scenario_json(text, "fuzz");
    const auto footprint = aifoot::estimate_scenario(scenario, catalog);
    for (const double value : {footprint.energy.total_kwh,
                               footprint.co2e.total_kg,
                               footprint.water.total_l,
                               footprint.time.device_hours}) {
      if (!std::isfinite(value) || value < 0) {
        std::abort();
      }
    }
  } catch (const aifoot::Error&) {
  }
  return 0;
}
