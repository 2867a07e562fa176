#pragma once

#include <aifoot/footprint.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace aifoot {

// One number of an estimate that budgets, comparisons, sweeps, CSV records and the uncertainty
// ranges name: its dot-separated path in the JSON result (schema aifoot.footprint/1), its unit,
// a label for people, and how to read it from a Footprint (nullopt when the footprint has no
// such number, e.g. the per-request metrics of a training run).
struct MetricSpec {
  std::string_view path;  // "co2e_kg.total"
  std::string_view unit;  // "kgCO2e"
  std::string_view label; // "Carbon"
  std::optional<double> (*value)(const Footprint&);
  bool record_column = true; // a column of flat CSV records (batch --format csv)
};

namespace detail {
template <typename Unit>
constexpr std::optional<double> member_of(const std::optional<Unit>& unit, double Unit::*member) {
  return unit ? std::optional((*unit).*member) : std::nullopt;
}
} // namespace detail

// Every metric: the CSV record columns in their order, then the others.
inline constexpr auto k_metrics = std::to_array<MetricSpec>({
    {"energy_kwh.accelerators",
     "kWh",
     "Accelerator energy",
     [](const Footprint& f) {
       return std::optional(f.energy.accelerators_kwh);
     }},
    {"energy_kwh.host",
     "kWh",
     "Host energy",
     [](const Footprint& f) {
       return std::optional(f.energy.host_kwh);
     }},
    {"energy_kwh.idle_capacity",
     "kWh",
     "Idle capacity energy",
     [](const Footprint& f) {
       return std::optional(f.energy.idle_capacity_kwh);
     }},
    {"energy_kwh.facility_overhead",
     "kWh",
     "Facility overhead energy",
     [](const Footprint& f) {
       return std::optional(f.energy.facility_overhead_kwh);
     }},
    {"energy_kwh.it",
     "kWh",
     "IT energy",
     [](const Footprint& f) {
       return std::optional(f.energy.it_kwh());
     }},
    {"energy_kwh.facility",
     "kWh",
     "Facility energy",
     [](const Footprint& f) {
       return std::optional(f.energy.facility_kwh());
     }},
    {"energy_kwh.total",
     "kWh",
     "Energy",
     [](const Footprint& f) {
       return std::optional(f.energy.total_kwh);
     }},
    {"co2e_kg.operational",
     "kgCO2e",
     "Operational carbon",
     [](const Footprint& f) {
       return std::optional(f.co2e.operational_kg);
     }},
    {"co2e_kg.embodied",
     "kgCO2e",
     "Embodied carbon",
     [](const Footprint& f) {
       return std::optional(f.co2e.embodied_kg);
     }},
    {"co2e_kg.total",
     "kgCO2e",
     "Carbon",
     [](const Footprint& f) {
       return std::optional(f.co2e.total_kg);
     }},
    {"water_l.onsite",
     "L",
     "On-site water",
     [](const Footprint& f) {
       return std::optional(f.water.onsite_l);
     }},
    {"water_l.offsite",
     "L",
     "Off-site water",
     [](const Footprint& f) {
       return std::optional(f.water.offsite_l);
     }},
    {"water_l.total",
     "L",
     "Total water",
     [](const Footprint& f) {
       return std::optional(f.water.total_l);
     }},
    {"time.device_hours",
     "device-h",
     "Device time",
     [](const Footprint& f) {
       return std::optional(f.time.device_hours);
     }},
    {"time.wall_hours",
     "h",
     "Wall time",
     [](const Footprint& f) {
       return f.time.wall_hours;
     }},
    {"time.devices",
     "devices",
     "Devices",
     [](const Footprint& f) {
       return f.time.devices;
     }},
    {"per_request.energy_wh",
     "Wh",
     "Energy per request",
     [](const Footprint& f) {
       return detail::member_of(f.per_request, &PerUnit::energy_wh);
     }},
    {"per_request.co2e_g",
     "gCO2e",
     "Carbon per request",
     [](const Footprint& f) {
       return detail::member_of(f.per_request, &PerUnit::co2e_g);
     }},
    {"per_request.water_ml",
     "mL",
     "Water per request",
     [](const Footprint& f) {
       return detail::member_of(f.per_request, &PerUnit::water_ml);
     }},
    {"per_million_tokens.energy_wh",
     "Wh",
     "Energy per million output tokens",
     [](const Footprint& f) {
       return detail::member_of(f.per_million_tokens, &PerUnit::energy_wh);
     }},
    {"per_million_tokens.co2e_g",
     "gCO2e",
     "Carbon per million output tokens",
     [](const Footprint& f) {
       return detail::member_of(f.per_million_tokens, &PerUnit::co2e_g);
     }},
    {"per_million_tokens.water_ml",
     "mL",
     "Water per million output tokens",
     [](const Footprint& f) {
       return detail::member_of(f.per_million_tokens, &PerUnit::water_ml);
     }},
    {"throughput.tokens_per_s",
     "tokens/s",
     "Output tokens per second",
     [](const Footprint& f) {
       return detail::member_of(f.throughput, &Throughput::tokens_per_s);
     }},
    {"throughput.energy_j_per_token",
     "J",
     "Energy per output token",
     [](const Footprint& f) {
       return detail::member_of(f.throughput, &Throughput::energy_j_per_token);
     }},
    {"per_item.energy_wh",
     "Wh",
     "Energy per image or video",
     [](const Footprint& f) {
       return detail::member_of(f.per_item, &PerUnit::energy_wh);
     }},
    {"per_item.co2e_g",
     "gCO2e",
     "Carbon per image or video",
     [](const Footprint& f) {
       return detail::member_of(f.per_item, &PerUnit::co2e_g);
     }},
    {"per_item.water_ml",
     "mL",
     "Water per image or video",
     [](const Footprint& f) {
       return detail::member_of(f.per_item, &PerUnit::water_ml);
     }},
    {"water_l.headline",
     "L",
     "Water",
     [](const Footprint& f) { return std::optional(f.water.headline_l()); }, // in --water-scope
     false},
});

// The metric at `path`, found at compile time: a path not in the registry does not compile. For
// paths read at run time, see find_metric.
consteval const MetricSpec& metric_at(std::string_view path) {
  for (const auto& metric : k_metrics) {
    if (metric.path == path) {
      return metric;
    }
  }
  throw std::out_of_range("no such metric"); // not a constant expression: a compile error
}

// The metric at `path`, or nullptr.
const MetricSpec* find_metric(std::string_view path);

// The columns of flat CSV records (batch --format csv), in order.
inline constexpr std::size_t k_record_metric_count = static_cast<std::size_t>(
    std::count_if(k_metrics.begin(), k_metrics.end(), [](const MetricSpec& metric) {
      return metric.record_column;
    }));
constexpr std::array<MetricSpec, k_record_metric_count> record_metrics() {
  std::array<MetricSpec, k_record_metric_count> out{};
  std::copy_if(k_metrics.begin(), k_metrics.end(), out.begin(), [](const MetricSpec& metric) {
    return metric.record_column;
  });
  return out;
}

// The metrics whose p5-p95 range the uncertainty analysis reports, in the order of the ranges
// (null-terminated: the paths are string literals).
inline constexpr std::array<const char*, 8> k_ranged_metric_paths{
    metric_at("energy_kwh.total").path.data(),
    metric_at("co2e_kg.total").path.data(),
    metric_at("co2e_kg.operational").path.data(),
    metric_at("co2e_kg.embodied").path.data(),
    metric_at("water_l.total").path.data(),
    metric_at("time.device_hours").path.data(),
    metric_at("water_l.onsite").path.data(),
    metric_at("water_l.offsite").path.data()};

} // namespace aifoot
