#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace aifoot {

// Monte Carlo settings. The default sample count keeps a one-off estimate within a millisecond
// (bench/core_bench.cpp measures it); results are identical for identical inputs and seed.
struct UncertaintyOptions {
  std::size_t samples = 256;
  std::uint64_t seed = 1;
  // false: only the ranges of the headline totals (energy_kwh.total, co2e_kg.total, water_l.total)
  // and of the per-unit figures scaled from them, no input list and no sensitivity shares (a
  // stream's default record). Those ranges are the same numbers as with details.
  bool details = true;
};

// Adds p5/p50/p95 ranges and first-order sensitivity shares to `footprint` (docs/design.md §2.5).
// Each uncertain factor of the assumption trail gets a range: the user's (`ranges`, from
// "LOW..HIGH" values), else the data/uncertainty.json record matching its name and origin; values
// the user gave as a single number are exact. Factors are sampled independently by Latin hypercube
// from a two-piece lognormal whose median is the value used and whose p5/p95 are the range ends,
// and each sample recomputes the breakdown with the estimator's formulas. Point values are
// unchanged. Lifecycle footprints (several phases) get no ranges. Throws Error(invalid_input) for a
// sample count below 10 or above 1,000,000.
void add_uncertainty(Footprint& footprint,
                     const UserRanges& ranges,
                     const Catalog& catalog,
                     const UncertaintyOptions& options);

// The metrics an uncertainty run can give ranges for, in the order of Uncertainty::ranges:
// `headline_only` keeps those it gives with UncertaintyOptions::details = false.
std::vector<std::string_view> uncertainty_metric_names(bool headline_only = false);

} // namespace aifoot
