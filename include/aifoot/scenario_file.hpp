#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/uncertainty.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot {

// A scenario as written in a file or stream: its kind, optional name, and field/value pairs with
// the same names as the CLI flags (values as text, parsed by the units parsers).
struct ScenarioFields {
  std::string kind = "training"; // "training" (default), "inference", "generation", "lifecycle"
  std::string name;              // optional label, echoed in results
  std::vector<std::pair<std::string, std::string>> fields;
};

// Parses one JSON scenario object, e.g. {"kind": "training", "hardware": "h100-sxm",
// "devices": 8, "hours": "36h"}. Numbers and strings are both accepted as values. Throws
// Error(invalid_input) naming `source` for malformed JSON, a non-object, duplicate keys, nested
// values or an unknown kind. Unknown field names are reported when the fields are applied.
ScenarioFields parse_scenario_json(std::string_view text, std::string_view source);

// Estimates any kind of scenario: the one entry point for files, streams and comparisons. With
// `uncertainty`, adds p5-p95 ranges (see uncertainty.hpp), which need at least Trail::factors
// (Trail::none is raised to it). Trail::none leaves the assumption trail out of training and
// inference results (lifecycle results keep it).
// Throws Error(invalid_input) for bad fields or values.
Footprint estimate_scenario(const ScenarioFields& scenario,
                            const Catalog& catalog,
                            const UncertaintyOptions* uncertainty = nullptr,
                            Trail trail = Trail::full);

} // namespace aifoot
