#include <aifoot/json_io.hpp>

#include <nlohmann/json.hpp>

namespace aifoot {

using nlohmann::ordered_json;

namespace {

ordered_json optional_number(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json assumption_json(const Assumption& a) {
  ordered_json out;
  out["name"] = a.name;
  if (a.text.empty()) {
    out["value"] = a.value;
  } else {
    out["value"] = a.text;
  }
  out["unit"] = a.unit;
  out["origin"] = a.origin;
  out["source"] = a.sources;
  if (!a.note.empty()) {
    out["note"] = a.note;
  }
  return out;
}

ordered_json per_unit_json(const PerUnit& unit) {
  return {{"energy_wh", unit.energy_wh}, {"co2e_g", unit.co2e_g}, {"water_ml", unit.water_ml}};
}

} // namespace

ordered_json to_json(const Footprint& footprint, const std::string& data_version) {
  ordered_json out;
  out["schema"] = k_footprint_schema;
  out["kind"] = footprint.kind;
  out["boundary"] = std::string(to_string(footprint.boundary));
  const EnergyBreakdown& e = footprint.energy;
  out["energy_kwh"] = {{"accelerators", e.accelerators_kwh},
                       {"host", e.host_kwh},
                       {"idle_capacity", e.idle_capacity_kwh},
                       {"facility_overhead", e.facility_overhead_kwh},
                       {"it", e.it_kwh()},
                       {"facility", e.facility_kwh()},
                       {"total", e.total_kwh}};
  out["co2e_kg"] = {{"operational", footprint.co2e.operational_kg},
                    {"embodied", footprint.co2e.embodied_kg},
                    {"total", footprint.co2e.total_kg}};
  out["water_l"] = {{"onsite", footprint.water.onsite_l},
                    {"offsite", footprint.water.offsite_l},
                    {"total", footprint.water.total_l}};
  out["time"] = {{"device_hours", footprint.time.device_hours},
                 {"wall_hours", optional_number(footprint.time.wall_hours)},
                 {"devices", optional_number(footprint.time.devices)}};
  ordered_json compute;
  compute["route"] = footprint.compute.route;
  compute["flops"] = optional_number(footprint.compute.flops);
  compute["mfu"] = optional_number(footprint.compute.mfu);
  compute["precision"] = footprint.compute.precision ? ordered_json(*footprint.compute.precision)
                                                     : ordered_json(nullptr);
  out["compute"] = std::move(compute);
  if (const auto& w = footprint.workload) {
    out["workload"] = {{"requests", w->requests},
                       {"requests_per_day", optional_number(w->requests_per_day)},
                       {"days", optional_number(w->days)},
                       {"input_tokens", w->input_tokens},
                       {"output_tokens", w->output_tokens},
                       {"reasoning_tokens", w->reasoning_tokens}};
  }
  if (footprint.per_request) {
    out["per_request"] = per_unit_json(*footprint.per_request);
  }
  if (footprint.per_million_tokens) {
    out["per_million_tokens"] = per_unit_json(*footprint.per_million_tokens);
  }
  if (const auto& t = footprint.throughput) {
    out["throughput"] = {{"tokens_per_s", t->tokens_per_s},
                         {"step_ms", t->step_ms},
                         {"bound", t->bound},
                         {"batch", t->batch},
                         {"devices_per_replica", t->devices_per_replica},
                         {"prefill_ms", t->prefill_ms},
                         {"energy_j_per_token", t->energy_j_per_token}};
  }
  if (const auto& l = footprint.lifecycle) {
    out["lifecycle"] = {{"training_kwh", l->training_kwh},
                        {"teacher_kwh", l->teacher_kwh},
                        {"inference_kwh", l->inference_kwh},
                        {"training_co2e_kg", l->training_co2e_kg},
                        {"inference_co2e_kg", l->inference_co2e_kg},
                        {"training_share", l->training_share},
                        {"inference_share", l->inference_share},
                        {"training_per_request", per_unit_json(l->training_per_request)},
                        {"crossover_day", optional_number(l->crossover_day)}};
  }
  ordered_json assumptions = ordered_json::array();
  for (const auto& assumption : footprint.assumptions) {
    assumptions.push_back(assumption_json(assumption));
  }
  out["assumptions"] = std::move(assumptions);
  if (const auto& u = footprint.uncertainty) {
    ordered_json ranges = ordered_json::object();
    for (const auto& r : u->ranges) {
      ranges[r.metric] = {{"p5", r.p5}, {"p50", r.p50}, {"p95", r.p95}};
    }
    out["uncertainty"] = std::move(ranges);
    ordered_json sensitivity = ordered_json::object();
    for (const auto& m : u->sensitivity) {
      ordered_json shares = ordered_json::array();
      for (const auto& share : m.shares) {
        shares.push_back({{"input", share.input}, {"share", share.share}});
      }
      sensitivity[m.metric] = std::move(shares);
    }
    out["sensitivity"] = std::move(sensitivity);
    ordered_json inputs = ordered_json::array();
    for (const auto& input : u->inputs) {
      inputs.push_back({{"name", input.name},
                        {"value", input.central},
                        {"p5", input.low},
                        {"p95", input.high},
                        {"origin", input.origin},
                        {"source", input.sources}});
    }
    out["uncertainty_method"] = {{"method", u->method},
                                 {"samples", u->samples},
                                 {"seed", u->seed},
                                 {"inputs", std::move(inputs)}};
  }
  out["notes"] = footprint.notes;
  out["data_version"] = data_version;
  return out;
}

} // namespace aifoot
