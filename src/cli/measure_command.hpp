#pragma once

#include "estimate_report.hpp"
#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

namespace aifoot::cli {

// Everything `aifoot measure` accepts.
struct MeasureOptions {
  std::vector<std::string> command; // the command to run, after "--"
  std::string interval = "100ms";
  std::string gpus = "all";  // all, none, or indexes "0,1"
  std::string powercap_root; // default: $AIFOOT_POWERCAP_ROOT, else /sys/class/powercap
  std::string nvml_library;  // default: $AIFOOT_NVML_LIBRARY, else libnvidia-ml.so.1
  std::string expect_file;   // --expect SCENARIO.json
  std::string budget_file;   // --budget FILE
  std::string name;          // label of the run; selects a budget file's scenario section
  std::string host_rest_power;
  std::map<std::string, std::string, std::less<>> fields; // site and device fields, as in train
  BudgetOptions budgets;
  CLI::App* app = nullptr;
};

// Adds the `measure` subcommand to `app`.
void add_measure_command(CLI::App& app, MeasureOptions& options);

// Runs the command while sampling power, prints the measured footprint and returns the exit code:
// the command's own status when it fails (126/127 when it cannot be started, 128 + N when killed
// by signal N), else 1 when a budget is exceeded, else 0.
ExitCode run_measure(const MeasureOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
