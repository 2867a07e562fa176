#include "site.hpp"

#include "trail_helpers.hpp"

#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace aifoot::detail {
namespace {

const Provider& industry_default_provider(const Catalog& catalog) {
  if (const Provider* provider = catalog.find_provider("default")) {
    return *provider;
  }
  throw Error(ErrorKind::data, "providers table has no 'default' (industry average) record");
}

// A zone's off-site water intensity: its own record, else its parent country's, else WORLD's.
void resolve_ewif(const Zone& zone,
                  const Catalog& catalog,
                  ResolvedSite& site,
                  Footprint& footprint) {
  const Zone* from = &zone;
  std::string note;
  if (!from->ewif_l_per_kwh && !zone.country.empty()) {
    if (const Zone* country = catalog.find_zone(zone.country); country && country->ewif_l_per_kwh) {
      from = country;
      note = fmt::format(
          "zone {} has no EWIF of its own: its country's ({}) is used", zone.id, country->id);
    }
  }
  if (!from->ewif_l_per_kwh) {
    const Zone& world = catalog.require_zone("WORLD");
    note = fmt::format("zone {} has no EWIF: the world average is used", zone.id);
    from = &world;
    if (!world.ewif_l_per_kwh) {
      throw Error(ErrorKind::data, "zone WORLD has no ewif_l_per_kwh");
    }
  }
  site.ewif_l_per_kwh = *from->ewif_l_per_kwh;
  add_assumption(
      footprint,
      "ewif",
      [&] {
        // A borrowed figure is a default, not the zone's own: its range is that of the zones it
        // averages (data/uncertainty.json, "default:country average" and "default:world average").
        std::string origin = catalog_origin("zones", from->id);
        if (from != &zone || from->id == "WORLD") {
          origin = fmt::format(
              "default:{} average, {}", from->id == "WORLD" ? "world" : "country", origin);
        }
        return Assumption{.value = site.ewif_l_per_kwh, .unit = "L/kWh", .origin = origin};
      },
      [&](Assumption& a) {
        a.sources = from->ewif_sources;
        a.note = note.empty() ? from->ewif_origin : note + "; " + from->ewif_origin;
      });
}

// Records the grid intensity taken from record `id` of catalog table `table`; `cite` adds its
// sources and note (add_assumption).
template <class Cite>
void add_catalog_grid_intensity(Footprint& footprint,
                                double gco2_per_kwh,
                                std::string_view table,
                                std::string_view id,
                                Cite&& cite) {
  add_assumption(
      footprint,
      "grid_intensity",
      [&] {
        return Assumption{
            .value = gco2_per_kwh, .unit = "gCO2e/kWh", .origin = catalog_origin(table, id)};
      },
      std::forward<Cite>(cite));
}

// Grid intensity: the user's value, else the provider's region figure when asked for
// (--grid-basis provider), else the zone's factor on the basis asked for.
void resolve_grid_intensity(const SiteInputs& input,
                            const Region* region,
                            const Zone& zone,
                            const Catalog& catalog,
                            ResolvedSite& site,
                            Footprint& footprint) {
  footprint.grid.option = input.grid_basis;
  if (input.ci_gco2_per_kwh) {
    require_range(*input.ci_gco2_per_kwh, "ci", "give gCO2e/kWh, e.g. 429");
    site.ci_gco2_per_kwh = *input.ci_gco2_per_kwh;
    footprint.grid.source = "user";
    add_assumption(footprint, "grid_intensity", [&] {
      return Assumption{.value = site.ci_gco2_per_kwh, .unit = "gCO2e/kWh", .origin = "user"};
    });
    return;
  }
  const bool provider_basis = input.grid_basis == GridBasisOption::provider;
  if (provider_basis && region && region->gco2_per_kwh && !input.zone) {
    site.ci_gco2_per_kwh = *region->gco2_per_kwh;
    footprint.grid.source = "provider";
    footprint.grid.zone = zone.id;
    footprint.grid.basis = region->gco2_basis;
    add_catalog_grid_intensity(
        footprint, site.ci_gco2_per_kwh, "regions", region->id, [&](Assumption& a) {
          a.sources = region->sources;
          a.note = fmt::format("published by {} for {} (--grid-basis provider): {}",
                               region->provider,
                               region->id,
                               region->gco2_basis.describe());
        });
    return;
  }
  // The provider basis takes a zone's factor as its dataset publishes it; the default converts
  // nothing and falls back to the parent zone instead.
  const Zone& used = provider_basis ? zone : default_basis_zone(zone, catalog);
  site.ci_gco2_per_kwh = used.gco2_per_kwh;
  footprint.grid.source = &used == &zone ? "zone" : "parent zone";
  footprint.grid.zone = used.id;
  footprint.grid.basis = used.basis;
  std::string note;
  if (&used != &zone) {
    note = fmt::format(
        "zone {} has only a {} factor: the default lifecycle basis uses its parent zone {} ({}); "
        "--grid-basis provider uses {}'s own",
        zone.id,
        zone.basis.describe(),
        used.id,
        used.basis.describe(),
        zone.id);
    footprint.notes.push_back(note);
  } else if (provider_basis && region) {
    footprint.notes.push_back(
        fmt::format("{} publishes no grid intensity for {}: zone {}'s factor is used ({})",
                    region->provider,
                    region->id,
                    zone.id,
                    zone.basis.describe()));
  }
  add_catalog_grid_intensity(footprint, site.ci_gco2_per_kwh, "zones", used.id, [&](Assumption& a) {
    a.sources = used.sources;
    a.note = note.empty() ? fmt::format("{} annual average: {}", used.name, used.basis.describe())
                          : note;
  });
}

// The region named by --region, recorded first in the site trail.
const Region*
resolve_region(const SiteInputs& input, const Catalog& catalog, Footprint& footprint) {
  const Region* region = input.region ? &catalog.require_region(*input.region) : nullptr;
  if (region) {
    add_assumption(footprint, "region", [&] {
      return Assumption{.text = region->id,
                        .origin = catalog_origin("regions", region->id),
                        .sources = region->sources,
                        .note = region->name};
    });
  }
  return region;
}

// The operator whose fleet averages stand in for missing site figures: --provider, else the
// region's own provider, else none.
const Provider* resolve_provider(const SiteInputs& input,
                                 const Region* region,
                                 const Catalog& catalog,
                                 Footprint& footprint) {
  const Provider* provider = region ? catalog.find_provider(region->provider) : nullptr;
  if (!input.provider) {
    return provider;
  }
  // A site the catalog does not list (a lab's own campus, a run that names only its operator):
  // the operator's fleet averages stand in for the site's PUE and WUE.
  const Provider* named = catalog.find_provider(*input.provider);
  if (named == nullptr) {
    std::string known;
    for (const auto& p : catalog.providers()) {
      known = known.empty() ? p.id : fmt::format("{}, {}", known, p.id);
    }
    throw Error(ErrorKind::invalid_input,
                fmt::format("unknown provider '{}'", *input.provider),
                fmt::format("use one of: {}", known));
  }
  if (region && region->provider != named->id) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("region '{}' belongs to provider '{}', not '{}'",
                            region->id,
                            region->provider,
                            named->id),
                "drop --provider or --region");
  }
  add_assumption(footprint, "provider", [&] {
    return Assumption{
        .text = named->id, .origin = "user", .sources = named->sources, .note = named->name};
  });
  return named;
}

// The grid zone: --zone, else the region's zone, else WORLD (with a note asking for a location
// unless the user gave the grid intensity itself).
const Zone& resolve_zone(const SiteInputs& input,
                         const Region* region,
                         const Catalog& catalog,
                         Footprint& footprint) {
  if (input.zone) {
    const Zone& zone = catalog.require_zone(*input.zone);
    add_assumption(footprint, "zone", [&] {
      return Assumption{
          .text = zone.id, .origin = "user", .sources = zone.sources, .note = zone.name};
    });
    return zone;
  }
  if (region) {
    const Zone* zone = catalog.find_zone(region->zone);
    if (!zone) {
      throw Error(ErrorKind::data,
                  fmt::format("region '{}' names unknown zone '{}'", region->id, region->zone));
    }
    add_assumption(footprint, "zone", [&] {
      return Assumption{.text = zone->id,
                        .origin = catalog_origin("regions", region->id),
                        .sources = region->sources,
                        .note = zone->name};
    });
    return *zone;
  }
  const Zone& zone = catalog.require_zone("WORLD");
  add_assumption(footprint, "zone", [&] {
    return Assumption{.text = zone.id,
                      .origin = "default:no --region or --zone given",
                      .sources = zone.sources,
                      .note = zone.name};
  });
  if (!input.ci_gco2_per_kwh) {
    footprint.notes.emplace_back(
        "no --region or --zone given: the world-average grid intensity is used; give a "
        "location for a location-based figure");
  }
  return zone;
}

// A site factor that both regions and providers may publish (PUE, WUE): where each table keeps
// it and how the trail names it, so that one cascade serves both.
struct CascadedFactor {
  const char* name;  // assumption name and bounds-table field: "pue", "wue"
  const char* label; // as notes spell it: "PUE", "WUE"
  const char* unit;  // "" for a ratio
  std::optional<double> Region::*in_region;
  std::optional<double> Provider::*in_provider;
  double industry_fallback; // when even the industry-average record lacks the factor
};

// The first present of: the user's value, the region's, the provider's fleet average, the
// industry average; records where it came from.
double first_present(const CascadedFactor& factor,
                     const std::optional<double>& user,
                     const Region* region,
                     const Provider* provider,
                     const Provider& industry,
                     Footprint& footprint) {
  if (user) {
    const double value = require_range(*user, factor.name);
    add_assumption(footprint, factor.name, [&] {
      return Assumption{.value = value, .unit = factor.unit, .origin = "user"};
    });
    return value;
  }
  if (region && region->*factor.in_region) {
    const double value = *(region->*factor.in_region);
    add_assumption(
        footprint,
        factor.name,
        [&] {
          return Assumption{
              .value = value, .unit = factor.unit, .origin = catalog_origin("regions", region->id)};
        },
        [&](Assumption& a) { a.sources = region->sources; });
    return value;
  }
  if (provider && provider->*factor.in_provider) {
    const double value = *(provider->*factor.in_provider);
    add_assumption(
        footprint,
        factor.name,
        [&] {
          return Assumption{.value = value,
                            .unit = factor.unit,
                            .origin = catalog_origin("providers", provider->id)};
        },
        [&](Assumption& a) {
          a.sources = provider->sources;
          a.note = fmt::format("fleet average of {} ({})", provider->name, provider->year);
        });
    return value;
  }
  const double value = (industry.*factor.in_provider).value_or(factor.industry_fallback);
  add_assumption(
      footprint,
      factor.name,
      [&] {
        return Assumption{
            .value = value, .unit = factor.unit, .origin = "default:industry average"};
      },
      [&](Assumption& a) {
        a.sources = industry.sources;
        a.note = region ? fmt::format("{} publishes no {}", region->provider, factor.label)
                        : fmt::format("no --region or --{} given: industry-average {}",
                                      factor.name,
                                      factor.label);
      });
  return value;
}

constexpr CascadedFactor k_pue{"pue", "PUE", "", &Region::pue, &Provider::pue, 1.0};
constexpr CascadedFactor k_wue{
    "wue", "WUE", "L/kWh", &Region::wue_l_per_kwh, &Provider::wue_l_per_kwh, 0.0};

// Carbon-free energy share (market-based view): the user's fraction, the region's published
// share when --cfe region asks for it, else location-based (0).
double resolve_cfe(const SiteInputs& input, const Region* region, Footprint& footprint) {
  if (input.cfe_fraction) {
    const double cfe_fraction = require_range(*input.cfe_fraction, "cfe");
    add_assumption(
        footprint,
        "cfe",
        [&] { return Assumption{.value = cfe_fraction, .origin = "user"}; },
        [](Assumption& a) { a.note = "carbon-free share netted out"; });
    return cfe_fraction;
  }
  if (!input.cfe_from_region) {
    return 0;
  }
  if (!region || !region->cfe_fraction) {
    throw Error(ErrorKind::invalid_input,
                "--cfe region needs a --region whose provider publishes a CFE share",
                "give a fraction instead, e.g. --cfe 0.6");
  }
  const double cfe_fraction = *region->cfe_fraction;
  add_assumption(
      footprint,
      "cfe",
      [&] {
        return Assumption{.value = cfe_fraction, .origin = catalog_origin("regions", region->id)};
      },
      [&](Assumption& a) {
        a.sources = region->sources;
        a.note = "provider-reported hourly carbon-free energy share";
      });
  return cfe_fraction;
}

// Off-site water intensity: the user's value, else the zone's (resolve_ewif).
void resolve_offsite_water(const SiteInputs& input,
                           const Zone& zone,
                           const Catalog& catalog,
                           ResolvedSite& site,
                           Footprint& footprint) {
  if (!input.ewif_l_per_kwh) {
    resolve_ewif(zone, catalog, site, footprint);
    return;
  }
  site.ewif_l_per_kwh = require_range(*input.ewif_l_per_kwh, "ewif");
  add_assumption(footprint, "ewif", [&] {
    return Assumption{.value = site.ewif_l_per_kwh, .unit = "L/kWh", .origin = "user"};
  });
}

} // namespace

bool trail_records(Trail trail, std::string_view name) {
  switch (trail) {
  case Trail::full:
    return true;
  case Trail::factors:
    // cfe: the uncertainty's breakdown reads the carbon-free share (Breakdown in uncertainty.cpp).
    return name == "cfe" || parse_factor(name).has_value();
  case Trail::none:
    return false;
  }
  return false;
}

std::string catalog_origin(std::string_view table, std::string_view id) {
  constexpr std::string_view k_prefix = "catalog:";
  std::string origin;
  origin.reserve(k_prefix.size() + table.size() + 1 + id.size());
  origin.append(k_prefix).append(table).append(1, '/').append(id);
  return origin;
}

double require_range(double value, std::string_view field, std::string_view hint) {
  return require_field_range(value, field, hint);
}

void require_range(
    double value, double low, double high, std::string_view field, std::string_view hint) {
  if (!std::isfinite(value) || value < low || value > high) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{} must be between {} and {} (got {})", field, low, high, value),
                std::string(hint));
  }
}

ResolvedSite resolve_site(const SiteInputs& input, const Catalog& catalog, Footprint& footprint) {
  // The trail's order (region, provider, zone, pue, grid intensity, cfe, wue, ewif) is part of
  // the output: each stage appends its entries in turn.
  ResolvedSite site;
  footprint.water.scope = input.water_scope;
  const Region* region = resolve_region(input, catalog, footprint);
  const Provider* provider = resolve_provider(input, region, catalog, footprint);
  const Zone& zone = resolve_zone(input, region, catalog, footprint);
  const Provider& industry = industry_default_provider(catalog);
  site.pue = first_present(k_pue, input.pue, region, provider, industry, footprint);
  resolve_grid_intensity(input, region, zone, catalog, site, footprint);
  site.cfe_fraction = resolve_cfe(input, region, footprint);
  site.wue_l_per_kwh =
      first_present(k_wue, input.wue_l_per_kwh, region, provider, industry, footprint);
  resolve_offsite_water(input, zone, catalog, site, footprint);
  return site;
}

namespace {

// The accelerator profile and its TDP: the first entries of every device trail.
const Hardware&
resolve_hardware(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint) {
  if (!input.hardware) {
    throw Error(ErrorKind::invalid_input,
                "missing hardware",
                "give --hardware, e.g. --hardware h100-sxm (see 'aifoot list hardware')");
  }
  const Hardware& hw = catalog.require_hardware(*input.hardware);
  const auto origin = [&] {
    return catalog_origin("hardware", hw.id);
  };
  add_assumption(footprint, "hardware", [&] {
    return Assumption{.text = hw.id, .origin = origin(), .sources = hw.sources, .note = hw.name};
  });
  add_assumption(footprint, "tdp", [&] {
    return Assumption{.value = hw.tdp_w,
                      .unit = "W",
                      .origin = origin(),
                      .sources = hw.sources,
                      .note = hw.is_low_confidence("tdp_w")
                                  ? "low confidence: unpublished, estimated (see 'aifoot show')"
                                  : "",
                      .low_confidence = hw.is_low_confidence("tdp_w")};
  });
  return hw;
}

// Host power, embodied carbon and service life: what training and serving share.
// Host draw per device. A measured average power per device (Patterson et al. 2021, Llama
// papers) already covers what its authors measured, so host power is only added on top when
// asked for.
double resolve_host_w(const DeviceInputs& input,
                      const Hardware& hw,
                      const Catalog& catalog,
                      Footprint& footprint) {
  if (input.host_w_per_device) {
    const double host_w = require_range(*input.host_w_per_device, "host-power");
    add_assumption(
        footprint,
        "host_power",
        [&] { return Assumption{.value = host_w, .unit = "W", .origin = "user"}; },
        [](Assumption& a) { a.note = "host share per device"; });
    return host_w;
  }
  if (input.avg_power_w) {
    add_assumption(
        footprint,
        "host_power",
        [] { return Assumption{.unit = "W", .origin = "default:--avg-power given"}; },
        [](Assumption& a) {
          a.note = "a measured average power is taken to cover what was measured; pass "
                   "--host-power to add host draw";
        });
    return 0;
  }
  if (hw.host_w_per_device) {
    const double host_w = *hw.host_w_per_device;
    add_assumption(
        footprint,
        "host_power",
        [&] {
          return Assumption{.value = host_w,
                            .unit = "W",
                            .origin = catalog_origin("hardware", hw.id),
                            .low_confidence = hw.is_low_confidence("host_w_per_device")};
        },
        [&](Assumption& a) {
          a.sources = hw.sources;
          a.note = hw.is_low_confidence("host_w_per_device")
                       ? "low confidence: host share per device from a server rating, not measured"
                       : "host share per device";
        });
    return host_w;
  }
  return use_default(catalog, "host_w_per_device", "host_power", footprint);
}

// Embodied carbon per device (accelerator plus host share, cradle-to-gate), amortised later over
// the service lifetime.
double resolve_embodied_kg_per_device(const DeviceInputs& input,
                                      const Hardware& hw,
                                      const Catalog& catalog,
                                      Footprint& footprint) {
  if (input.embodied_kgco2e_per_device) {
    const double embodied_kg = require_range(*input.embodied_kgco2e_per_device, "embodied");
    add_assumption(footprint, "embodied_per_device", [&] {
      return Assumption{.value = embodied_kg, .unit = "kgCO2e", .origin = "user"};
    });
    return embodied_kg;
  }
  const Default* fallback = nullptr;
  double accelerator_kg = 0;
  if (hw.embodied_kgco2e) {
    accelerator_kg = *hw.embodied_kgco2e;
  } else {
    fallback = &catalog.require_default("embodied_kgco2e_per_accelerator");
    accelerator_kg = fallback->value;
  }
  // The accelerator boundary leaves the host out of energy, and so out of embodied carbon.
  const bool accelerators_only = footprint.boundary == Boundary::accelerator;
  const double host_kg = accelerators_only ? 0.0
                         : hw.host_embodied_kgco2e_per_device
                             ? *hw.host_embodied_kgco2e_per_device
                             : catalog.require_default("host_embodied_kgco2e_per_device").value;
  const double embodied_kg = accelerator_kg + host_kg;
  add_assumption(
      footprint,
      "embodied_per_device",
      [&] {
        return Assumption{.value = embodied_kg,
                          .unit = "kgCO2e",
                          .origin = fallback ? "default:" + fallback->why
                                             : catalog_origin("hardware", hw.id)};
      },
      [&](Assumption& a) {
        a.sources = fallback ? fallback->sources : hw.sources;
        a.note = fmt::format(
            "accelerator {:.0f} kg + {}{}",
            accelerator_kg,
            accelerators_only ? std::string("no host share (accelerator boundary)")
                              : fmt::format("host share {:.0f} kg", host_kg),
            hw.is_low_confidence("embodied_kgco2e") ? " (low confidence: estimated)" : "");
      });
  return embodied_kg;
}

// Service lifetime, hours: the user's years, else the catalog default.
double resolve_lifetime_h(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint) {
  if (input.lifetime_years) {
    require_range(*input.lifetime_years, "lifetime");
    add_assumption(footprint, "lifetime", [&] {
      return Assumption{.value = *input.lifetime_years, .unit = "years", .origin = "user"};
    });
    return *input.lifetime_years * k_hours_per_year;
  }
  return use_default(catalog, "lifetime_years", "lifetime", footprint) * k_hours_per_year;
}

void resolve_host_and_embodied(const DeviceInputs& input,
                               const Catalog& catalog,
                               ResolvedDevice& device,
                               Footprint& footprint) {
  const Hardware& hw = *device.hardware;
  device.host_w = resolve_host_w(input, hw, catalog, footprint);
  device.embodied_kg_per_device = resolve_embodied_kg_per_device(input, hw, catalog, footprint);
  device.lifetime_h = resolve_lifetime_h(input, catalog, footprint);
}

} // namespace

ResolvedDevice
resolve_device(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint) {
  ResolvedDevice device;
  device.hardware = &resolve_hardware(input, catalog, footprint);
  resolve_host_and_embodied(input, catalog, device, footprint);
  return device;
}

ResolvedDevice
resolve_training_device(const DeviceInputs& input, const Catalog& catalog, Footprint& footprint) {
  ResolvedDevice device;
  device.hardware = &resolve_hardware(input, catalog, footprint);
  const Hardware& hw = *device.hardware;
  const auto origin = [&] {
    return catalog_origin("hardware", hw.id);
  };

  if (input.avg_power_w) {
    require_range(*input.avg_power_w, "avg-power");
    device.power_w = *input.avg_power_w;
    add_assumption(
        footprint,
        "device_power",
        [&] { return Assumption{.value = device.power_w, .unit = "W", .origin = "user"}; },
        [](Assumption& a) { a.note = "average power per device"; });
  } else {
    double fraction = 0;
    const Default* fallback = nullptr; // the default the fraction comes from, if any
    if (input.power_fraction) {
      require_range(*input.power_fraction, "power-fraction");
      fraction = *input.power_fraction;
    } else if (hw.train_power_fraction) {
      fraction = *hw.train_power_fraction;
    } else {
      fallback = &catalog.require_default("train_power_fraction");
      fraction = fallback->value;
    }
    const bool user = input.power_fraction.has_value();
    add_assumption(
        footprint,
        "power_fraction",
        [&] {
          return Assumption{.value = fraction,
                            .origin = user       ? std::string("user")
                                      : fallback ? "default:" + fallback->why
                                                 : origin(),
                            .low_confidence =
                                !user && !fallback && hw.is_low_confidence("train_power_fraction")};
        },
        [&](Assumption& a) {
          const char* note = "average board power in training / TDP";
          a.sources = user ? std::vector<std::string>{} : fallback ? fallback->sources : hw.sources;
          a.note = a.low_confidence
                       ? fmt::format("low confidence: by analogy with a measured part; {}", note)
                       : std::string(note);
        });
    device.power_w = hw.tdp_w * fraction;
    add_assumption(
        footprint,
        "device_power",
        [&] { return Assumption{.value = device.power_w, .unit = "W", .origin = "derived"}; },
        [&](Assumption& a) { a.note = "TDP x power fraction"; });
  }

  resolve_host_and_embodied(input, catalog, device, footprint);
  return device;
}

void complete_footprint(Footprint& footprint, const ResolvedSite& site, double embodied_kg) {
  EnergyBreakdown& energy = footprint.energy;
  const double it_kwh = energy.it_kwh();
  energy.facility_overhead_kwh = it_kwh * (site.pue - 1.0);
  // Energy in scope of the boundary, and the IT part of it (on-site cooling water scales with IT).
  double scope_it_kwh = it_kwh;
  switch (footprint.boundary) {
  case Boundary::accelerator:
    energy.total_kwh = energy.accelerators_kwh;
    scope_it_kwh = energy.accelerators_kwh;
    break;
  case Boundary::server:
    energy.total_kwh = it_kwh;
    break;
  case Boundary::facility:
    energy.total_kwh = energy.facility_kwh();
    break;
  }
  footprint.co2e.operational_kg =
      energy.total_kwh * site.ci_gco2_per_kwh * (1.0 - site.cfe_fraction) / 1000.0;
  footprint.co2e.embodied_kg = embodied_kg;
  footprint.co2e.total_kg = footprint.co2e.operational_kg + footprint.co2e.embodied_kg;
  // On-site water on IT energy, off-site on all electricity drawn: PUE is applied once
  // (docs/design.md §2.4).
  footprint.water.onsite_l = scope_it_kwh * site.wue_l_per_kwh;
  footprint.water.offsite_l = energy.total_kwh * site.ewif_l_per_kwh;
  footprint.water.total_l = footprint.water.onsite_l + footprint.water.offsite_l;
}

} // namespace aifoot::detail

namespace aifoot {

namespace {

// A factor the default basis accepts: lifecycle emissions in CO2e (docs/carbon-and-water.md).
bool on_default_basis(const GridBasis& basis) {
  return basis.scope == EmissionScope::lifecycle && basis.gases == GreenhouseGases::co2e;
}

} // namespace

const Zone& default_basis_zone(const Zone& zone, const Catalog& catalog) {
  if (on_default_basis(zone.basis)) {
    return zone;
  }
  if (!zone.country.empty() && zone.country != zone.id) {
    if (const Zone* parent = catalog.find_zone(zone.country);
        parent && on_default_basis(parent->basis)) {
      return *parent;
    }
  }
  const Zone& world = catalog.require_zone("WORLD");
  if (!on_default_basis(world.basis)) {
    throw Error(ErrorKind::data, "zone WORLD has no lifecycle CO2e factor");
  }
  return world;
}

std::string_view to_string(GridBasisOption option) {
  return option == GridBasisOption::provider ? "provider" : "lifecycle";
}

GridBasisOption parse_grid_basis(std::string_view text, std::string_view field) {
  if (text == "lifecycle" || text == "default") {
    return GridBasisOption::lifecycle;
  }
  if (text == "provider") {
    return GridBasisOption::provider;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown grid basis '{}' for {}", text, field),
              "use lifecycle (the default) or provider");
}

std::string_view to_string(WaterScope scope) {
  switch (scope) {
  case WaterScope::onsite:
    return "onsite";
  case WaterScope::offsite:
    return "offsite";
  case WaterScope::total:
    return "total";
  }
  return "total";
}

WaterScope parse_water_scope(std::string_view text, std::string_view field) {
  if (text == "onsite" || text == "on-site") {
    return WaterScope::onsite;
  }
  if (text == "offsite" || text == "off-site") {
    return WaterScope::offsite;
  }
  if (text == "total") {
    return WaterScope::total;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown water scope '{}' for {}", text, field),
              "use onsite, offsite or total");
}

std::optional<std::string> grid_basis_mismatch(const GridFactor& a, const GridFactor& b) {
  if (!a.basis && !b.basis) {
    return std::nullopt;
  }
  if (!a.basis || !b.basis) {
    return fmt::format("a user --ci value of unknown basis vs {}",
                       (a.basis ? a.basis : b.basis)->describe());
  }
  const GridBasis& x = *a.basis;
  const GridBasis& y = *b.basis;
  std::vector<std::string> differences;
  if (x.scope != y.scope) {
    differences.push_back(
        fmt::format("{} vs {}", GridBasis::name(x.scope), GridBasis::name(y.scope)));
  }
  if (x.allocation != y.allocation) {
    differences.push_back(fmt::format(
        "{} vs {} allocation", GridBasis::name(x.allocation), GridBasis::name(y.allocation)));
  }
  if (x.gases != y.gases) {
    differences.push_back(
        fmt::format("{} vs {}", GridBasis::name(x.gases), GridBasis::name(y.gases)));
  }
  if (x.year != y.year) {
    differences.push_back(fmt::format("{} vs {} data", x.year, y.year));
  }
  if (differences.empty()) {
    return std::nullopt;
  }
  return fmt::format("{}", fmt::join(differences, "; "));
}

std::string GridFactor::describe() const {
  if (!basis) {
    return "user value (basis not stated)";
  }
  std::string text = zone;
  text += source == "provider"      ? " (provider figure): "
          : source == "parent zone" ? " (parent zone): "
                                    : ": ";
  text += basis->describe();
  return text;
}

} // namespace aifoot
