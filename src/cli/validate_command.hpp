#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// `aifoot validate`: runs the estimator over the published cases of data/validation.json in
// documented and predictive mode and prints reported vs estimated, error and range coverage.
struct ValidateOptions {
  std::string cases_file; // empty: the built-in table
  std::string half;       // "fit" or "holdout": only the cases of that half; empty: all
  CLI::App* command = nullptr;
};

void add_validate_command(CLI::App& app, ValidateOptions& options);
ExitCode run_validate(const ValidateOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
