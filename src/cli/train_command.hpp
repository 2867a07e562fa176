#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <aifoot/footprint.hpp>

#include <CLI/CLI.hpp>

#include <map>
#include <string>

namespace aifoot::cli {

// Inline budgets (docs/design.md §5): exit 1 when the result exceeds any of them.
struct BudgetOptions {
  std::string max_kwh;
  std::string max_kgco2e;
  std::string max_water_l;
};

// Everything `aifoot train` accepts: one string per scenario field (see scenario_fields.hpp).
struct TrainOptions {
  std::map<std::string, std::string, std::less<>> fields;
  std::string scenario_file; // --scenario FILE|-: fields from a JSON scenario, flags override them
  BudgetOptions budgets;
  CLI::App* command = nullptr;
};

// Adds the `train` subcommand with one flag per training field to `app`.
void add_train_command(CLI::App& app, TrainOptions& options);
void add_budget_flags(CLI::App& command, BudgetOptions& budgets);
ExitCode run_train(const TrainOptions& options, const GlobalOptions& global);

// Logs the footprint's notes (warnings) and trail (-v), writes it, and checks the inline budgets:
// the common end of every single-estimate command.
ExitCode report_estimate(const Footprint& footprint,
                         const Catalog& catalog,
                         const GlobalOptions& global,
                         const std::string& title,
                         const BudgetOptions& budgets);

} // namespace aifoot::cli
