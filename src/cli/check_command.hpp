#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace aifoot::cli {

// `aifoot check --budget FILE [--baseline FILE] SCENARIO...`: a CI gate on budgets and regressions.
struct CheckOptions {
  std::vector<std::string> scenarios;
  std::string budget;
  std::string baseline;
  std::string max_regression = "5%";
  std::string report = "table"; // table, json, junit, github, markdown
  CLI::App* command = nullptr;
};

void add_check_command(CLI::App& app, CheckOptions& options);
ExitCode run_check(const CheckOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
