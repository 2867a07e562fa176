#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

namespace aifoot::detail {

// Location factors after applying user overrides, region, provider, zone and defaults in that
// order of precedence.
struct ResolvedSite {
  double pue = 1.0;
  double ci_gco2_per_kwh = 0;
  double cfe_fraction = 0;
  double wue_l_per_kwh = 0;
  double ewif_l_per_kwh = 0;
};

// Resolves the site and records each factor's origin in `footprint.assumptions` (and fallbacks
// in `footprint.notes`). Throws Error(invalid_input) for unknown names or out-of-range values.
ResolvedSite resolve_site(const SiteInputs& input, const Catalog& catalog, Footprint& footprint);

// Per-device power and embodied inputs after overrides and catalog defaults.
struct ResolvedDevice {
  const Hardware* hardware = nullptr;
  double power_w = 0;                // average accelerator power while working
  double host_w = 0;                 // host share per device
  double embodied_kg_per_device = 0; // accelerator + host share, cradle-to-gate
  double lifetime_h = 0;
};

// Resolves the accelerator profile, host power, embodied carbon and lifetime, recording the trail
// in `footprint`; `power_w` is left 0 for the caller to model (serving power follows utilisation).
ResolvedDevice
resolve_device(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint);

// Resolves the accelerator profile and its training power (the user's average power, else TDP x
// the user's, the profile's or the default training power fraction), recording the trail in
// `footprint`.
ResolvedDevice
resolve_training_device(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint);

// Adds facility overhead, boundary total, carbon and water to a footprint whose accelerator,
// host and idle energies are set; `embodied_kg` is the embodied carbon allocated to the work.
void complete_footprint(Footprint& footprint, const ResolvedSite& site, double embodied_kg);

// Whether a trail of kind `trail` records the assumption `name`: Trail::factors keeps the factors
// the uncertainty varies and the values its breakdown reads (cfe).
bool trail_records(Trail trail, std::string_view name);

// Records the assumption `make()` builds, named `name`, when the footprint's trail keeps it: the
// strings are built only when they will be read.
template <class Make>
void add_assumption(Footprint& footprint, std::string_view name, Make&& make) {
  if (trail_records(footprint.trail, name)) {
    Assumption assumption = make();
    assumption.name = name;
    footprint.assumptions.push_back(std::move(assumption));
  }
}

// Records a factor the Monte Carlo varies: `make()` builds what it reads (value, unit, origin), in
// every trail that keeps the record; `cite(record)` adds its sources and note, read only by people,
// in the full trail. A stream with uncertainty (Trail::factors) then copies no source lists and
// formats no notes.
template <class Make, class Cite>
void add_assumption(Footprint& footprint, std::string_view name, Make&& make, Cite&& cite) {
  if (trail_records(footprint.trail, name)) {
    Assumption assumption = make();
    assumption.name = name;
    if (footprint.trail == Trail::full) {
      cite(assumption);
    }
    footprint.assumptions.push_back(std::move(assumption));
  }
}

// Reserves room for a trail (25 to 33 assumptions in practice) so that recording it does not move
// the records already made as the vector grows.
inline void reserve_trail(Footprint& footprint) {
  constexpr std::size_t k_typical_trail = 40;
  if (footprint.trail != Trail::none) {
    footprint.assumptions.reserve(k_typical_trail);
  }
}

// Returns `value` when it lies within the bounds table's limits for `field`
// (require_field_range), else throws Error(invalid_input) naming the field.
double require_range(double value, std::string_view field, std::string_view hint = {});

// Throws Error(invalid_input) naming `field` unless `value` lies in [low, high]: for limits that
// depend on another input (active parameters at most the total).
void require_range(
    double value, double low, double high, std::string_view field, std::string_view hint = {});

// The catalog origin string "catalog:<table>/<id>".
std::string catalog_origin(std::string_view table, std::string_view id);

} // namespace aifoot::detail
