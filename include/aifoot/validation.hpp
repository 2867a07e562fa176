#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/uncertainty.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot {

namespace detail {
// data/validation.json as compiled into the binary (src/CMakeLists.txt embeds it).
std::string_view validation_cases();
} // namespace detail

// One published value against the estimate of one case in one mode.
struct ValidationRow {
  std::string id;
  std::string kind;   // "training", "inference", "water"
  std::string mode;   // "documented" or "predictive"
  std::string metric; // footprint JSON path, e.g. "energy_kwh.total"
  std::string source; // source id (data/sources_validation.json)
  std::string half;   // "fit" or "holdout": which half of the cases defaults may be fitted on
  double reported = 0;
  std::optional<double> estimated;
  std::optional<double> error; // (estimated - reported) / reported
  std::optional<double> p5;    // range of the metric, when the estimate has one
  std::optional<double> p95;
  std::optional<bool> in_range; // reported within [p5, p95]
  std::string failure;          // non-empty when the estimate threw
};

// Summary of one kind, mode and metric family over its rows.
struct ValidationSummary {
  std::string kind;
  std::string mode;
  std::string metric;          // "energy", "co2e", "water" or the metric path
  std::size_t rows = 0;        // rows with an estimate
  std::size_t failures = 0;    // rows whose case threw
  double median_abs_error = 0; // |error|, share
  double worst_abs_error = 0;
  std::string worst_id;
  std::size_t ranged = 0;  // rows with a range
  double coverage = 0;     // share of ranged rows whose reported value lies in p5-p95
  double median_width = 0; // median (p95 - p5) / estimate
  double median_ratio = 0; // median p95 / p5 (0 when no range has p5 > 0)
};

struct ValidationReport {
  std::size_t cases = 0;
  std::vector<ValidationRow> rows;
  std::vector<ValidationSummary> summaries; // per kind x mode x metric family
};

// One published case: fields per mode (CLI flag names) and reported values by footprint JSON path.
struct ValidationCase {
  std::string id;
  std::string kind;
  std::string source;
  std::string boundary;
  std::string half; // "fit", "holdout" or empty
  std::vector<std::pair<std::string, std::string>> documented;
  std::vector<std::pair<std::string, std::string>> predictive;
  std::vector<std::pair<std::string, double>> reported;
};

// Parses a validation table ({"table": "validation", "records": [...]}). Throws Error(data) when
// it is malformed.
std::vector<ValidationCase> parse_validation_cases(std::string_view text);

// Runs every case in both modes against `catalog` with Monte Carlo ranges. A case that throws is
// reported as failure rows; it never aborts the run. With `half` ("fit" or "holdout") only the
// cases of that half run. Throws Error(data) when `cases_json` (default: the built-in table) is
// malformed, Error(invalid_input) for another `half`.
ValidationReport run_validation(const Catalog& catalog, const UncertaintyOptions& options);
ValidationReport run_validation(const Catalog& catalog,
                                const UncertaintyOptions& options,
                                std::string_view cases_json,
                                std::string_view half = {});

} // namespace aifoot
