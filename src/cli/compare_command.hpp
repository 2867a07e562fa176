#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

namespace aifoot::cli {

// `aifoot compare` (side by side, ratios to the first) and `aifoot sweep` (Cartesian product of
// comma-separated field values, sorted by a metric). Both take scenario files and/or field flags.
struct CompareOptions {
  std::vector<std::string> files;
  std::string kind = "training";
  std::map<std::string, std::vector<std::string>, std::less<>> fields;
  std::string metric;  // compare: the metric of --plot; sweep: the sort metric
  std::size_t top = 0; // sweep: keep the best N
  bool descending = false;
  std::string plot; // SVG file
  CLI::App* command = nullptr;
};

void add_compare_commands(CLI::App& app, CompareOptions& compare, CompareOptions& sweep);
ExitCode run_compare(const CompareOptions& options, const GlobalOptions& global);
ExitCode run_sweep(const CompareOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
