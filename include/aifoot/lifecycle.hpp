#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

#include <optional>

namespace aifoot {

// A model's life: its training, an optional teacher that generates a distillation set for it
// (served as a batch of requests), then its serving workload.
struct LifecycleScenario {
  TrainingScenario training;
  std::optional<InferenceScenario> teacher;
  InferenceScenario inference;
};

// The phases and their sum. `total` carries the LifecycleSummary, its assumptions are the phases'
// prefixed with "training.", "teacher." and "inference.".
struct LifecycleEstimate {
  Footprint training;
  std::optional<Footprint> teacher;
  Footprint inference;
  Footprint total;
};

// Estimates each phase and how training amortises over the requests served. Throws
// Error(invalid_input) when the serving scenario has no request rate (nothing to amortise over).
LifecycleEstimate estimate_lifecycle(const LifecycleScenario& scenario, const Catalog& catalog);

} // namespace aifoot
