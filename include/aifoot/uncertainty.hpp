#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

#include <cstddef>
#include <cstdint>

namespace aifoot {

// Monte Carlo settings. The default sample count keeps a one-off estimate within a millisecond
// (bench/core_bench.cpp measures it); results are identical for identical inputs and seed.
struct UncertaintyOptions {
  std::size_t samples = 256;
  std::uint64_t seed = 1;
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

} // namespace aifoot
