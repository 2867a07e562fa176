#pragma once

#include <aifoot/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace aifoot {

// One factor the estimate used: its value, unit and where it came from (DESIGN §2.6).
struct Assumption {
  std::string name;  // e.g. "pue", "grid_intensity"
  double value = 0;  // numeric value (ignored when `text` is set)
  std::string text;  // non-empty for non-numeric values, e.g. the zone id
  std::string unit;  // e.g. "gCO2e/kWh"; empty for ratios
  std::string origin; // "user", "catalog:hardware/v100", "default:<why>", "derived"
  std::vector<std::string> sources; // source ids resolvable in the sources table
  std::string note;   // why this value, when it is not obvious (fallbacks, low confidence)
};

// Energy by component, kWh. accelerators + host = IT; IT + facility_overhead = facility.
struct EnergyBreakdown {
  double accelerators_kwh = 0;
  double host_kwh = 0;
  double facility_overhead_kwh = 0;
  double idle_capacity_kwh = 0; // provisioned but idle capacity (inference fleets)
  double total_kwh = 0;         // what the boundary includes
  double it_kwh() const { return accelerators_kwh + host_kwh + idle_capacity_kwh; }
  double facility_kwh() const { return it_kwh() + facility_overhead_kwh; }
};

struct Carbon {
  double operational_kg = 0;
  double embodied_kg = 0;
  double total_kg = 0;
};

struct Water {
  double onsite_l = 0;
  double offsite_l = 0;
  double total_l = 0;
};

struct TimeUse {
  double device_hours = 0;
  std::optional<double> wall_hours;
  std::optional<double> devices;
};

// Compute figures of a training run, where known.
struct ComputeUse {
  std::optional<double> flops;
  std::optional<double> mfu;
  std::optional<std::string> precision;
  std::string route; // "device_hours", "devices_x_time" or "flops_over_throughput"
};

// The result of an estimate: the breakdown, totals, and the trail of every factor used.
struct Footprint {
  std::string kind; // "training", "inference", "lifecycle"
  Boundary boundary = Boundary::facility;
  EnergyBreakdown energy;
  Carbon co2e;
  Water water;
  TimeUse time;
  ComputeUse compute;
  std::vector<Assumption> assumptions;
  std::vector<std::string> notes; // fallbacks and warnings a user should read
};

// Finds the assumption called `name`; nullptr when absent.
const Assumption* find_assumption(const Footprint& footprint, std::string_view name);

} // namespace aifoot
