#pragma once

#include "site.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>

#include <algorithm>
#include <string>
#include <string_view>

// Small helpers shared by the estimators: trail records and the utilisation power model.
namespace aifoot::detail {

// The default `id` of the catalog's defaults tables, recorded in the trail as `name` with its
// reason and sources. Throws Error(data) when the defaults lack it.
inline double use_default(const Catalog& catalog,
                          std::string_view id,
                          std::string_view name,
                          Footprint& footprint) {
  const Default& d = catalog.require_default(id);
  add_assumption(
      footprint,
      name,
      [&] { return Assumption{.value = d.value, .unit = d.unit, .origin = "default:" + d.why}; },
      [&](Assumption& a) { a.sources = d.sources; });
  return d.value;
}

// Records a numeric factor without sources (user values, derived values).
inline void add_value(Footprint& footprint,
                      std::string_view name,
                      double value,
                      std::string_view unit,
                      std::string_view origin,
                      std::string_view note = {}) {
  add_assumption(
      footprint,
      name,
      [&] {
        return Assumption{.value = value, .unit = std::string(unit), .origin = std::string(origin)};
      },
      [&](Assumption& a) { a.note = std::string(note); });
}

// Accelerator power from utilisation (DESIGN §2.2): idle + (TDP - idle) x min(1, floor + slope x
// busy), with busy the share of time the device computes; floor and slope are the serving fit of
// data/defaults.json (infer_power_floor, infer_power_slope; ML.ENERGY v3).
inline double
utilisation_power_w(double idle_w, double tdp_w, double floor, double slope, double busy_share) {
  return idle_w + (tdp_w - idle_w) * std::min(1.0, floor + slope * busy_share);
}

} // namespace aifoot::detail
