#include <aifoot/error.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/training.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

namespace aifoot {
namespace {

// Adds `phase` into `total`: energies, carbon, water and device time, with its trail prefixed.
void accumulate(Footprint& total, const Footprint& phase, std::string_view prefix) {
  total.energy.accelerators_kwh += phase.energy.accelerators_kwh;
  total.energy.host_kwh += phase.energy.host_kwh;
  total.energy.idle_capacity_kwh += phase.energy.idle_capacity_kwh;
  total.energy.facility_overhead_kwh += phase.energy.facility_overhead_kwh;
  total.energy.total_kwh += phase.energy.total_kwh;
  total.co2e.operational_kg += phase.co2e.operational_kg;
  total.co2e.embodied_kg += phase.co2e.embodied_kg;
  total.co2e.total_kg += phase.co2e.total_kg;
  total.water.onsite_l += phase.water.onsite_l;
  total.water.offsite_l += phase.water.offsite_l;
  total.water.total_l += phase.water.total_l;
  total.time.device_hours += phase.time.device_hours;
  for (Assumption assumption : phase.assumptions) {
    assumption.name = fmt::format("{}.{}", prefix, assumption.name);
    total.assumptions.push_back(std::move(assumption));
  }
  for (const auto& note : phase.notes) {
    total.notes.push_back(fmt::format("{}: {}", prefix, note));
  }
}

} // namespace

LifecycleEstimate estimate_lifecycle(const LifecycleScenario& scenario, const Catalog& catalog) {
  if (!scenario.inference.requests_per_s) {
    throw Error(ErrorKind::invalid_input,
                "lifecycle needs a request rate for the serving phase",
                "give --infer.requests, e.g. --infer.requests 1M/day --infer.days 365");
  }
  LifecycleEstimate estimate{estimate_training(scenario.training, catalog),
                             std::nullopt,
                             estimate_inference(scenario.inference, catalog),
                             Footprint{}};
  if (scenario.teacher) {
    estimate.teacher = estimate_inference(*scenario.teacher, catalog);
  }
  Footprint& total = estimate.total;
  total.kind = "lifecycle";
  total.boundary = estimate.inference.boundary;
  // The serving phase's site decides the total's water scope and the grid basis it states; a
  // training phase on another basis is named in the notes.
  total.water.scope = estimate.inference.water.scope;
  total.grid = estimate.inference.grid;
  accumulate(total, estimate.training, "training");
  if (estimate.teacher) {
    accumulate(total, *estimate.teacher, "teacher");
  }
  accumulate(total, estimate.inference, "inference");
  if (estimate.training.boundary != estimate.inference.boundary
      || (estimate.teacher && estimate.teacher->boundary != estimate.inference.boundary)) {
    total.notes.emplace_back(
        "the phases use different boundaries: the total adds each phase's own total");
  }
  if (const auto mismatch = grid_basis_mismatch(estimate.training.grid, estimate.inference.grid)) {
    total.notes.push_back(fmt::format(
        "training and serving use grid intensities on different bases ({}): the total adds them",
        *mismatch));
  }
  total.time.wall_hours = estimate.inference.time.wall_hours;
  total.workload = estimate.inference.workload;

  LifecycleSummary summary;
  summary.training_kwh = estimate.training.energy.total_kwh;
  summary.teacher_kwh = estimate.teacher ? estimate.teacher->energy.total_kwh : 0.0;
  summary.inference_kwh = estimate.inference.energy.total_kwh;
  summary.training_co2e_kg =
      estimate.training.co2e.total_kg + (estimate.teacher ? estimate.teacher->co2e.total_kg : 0.0);
  summary.inference_co2e_kg = estimate.inference.co2e.total_kg;
  const double before_serving_kwh = summary.training_kwh + summary.teacher_kwh;
  const double total_kwh = before_serving_kwh + summary.inference_kwh;
  summary.training_share = total_kwh > 0 ? before_serving_kwh / total_kwh : 0.0;
  summary.inference_share = total_kwh > 0 ? summary.inference_kwh / total_kwh : 0.0;
  const double requests = estimate.inference.workload->requests;
  // Water per request in the serving phase's scope, whatever scope the training phase was given.
  const auto in_scope = [&](Water water) {
    water.scope = total.water.scope;
    return water.headline_l();
  };
  const double before_serving_water_l =
      in_scope(estimate.training.water)
      + (estimate.teacher ? in_scope(estimate.teacher->water) : 0.0);
  summary.training_per_request = PerUnit{before_serving_kwh * k_wh_per_kwh / requests,
                                         summary.training_co2e_kg * 1000.0 / requests,
                                         before_serving_water_l * 1000.0 / requests};
  // Serving energy accrues linearly over the period, so cumulative serving passes training on
  // day training / (serving per day).
  const double days = estimate.inference.workload->days.value_or(0.0);
  if (days > 0 && summary.inference_kwh > 0) {
    summary.crossover_day = before_serving_kwh / (summary.inference_kwh / days);
  }
  const PerUnit& serving = *estimate.inference.per_request;
  total.per_request = PerUnit{serving.energy_wh + summary.training_per_request.energy_wh,
                              serving.co2e_g + summary.training_per_request.co2e_g,
                              serving.water_ml + summary.training_per_request.water_ml};
  total.lifecycle = summary;
  return estimate;
}

} // namespace aifoot
