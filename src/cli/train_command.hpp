#pragma once

#include "estimate_report.hpp"
#include "exit_code.hpp"
#include "field_flags.hpp"
#include "options.hpp"

#include <aifoot/footprint.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// Everything `aifoot train` accepts: one string per scenario field (see scenario_fields.hpp).
struct TrainOptions {
  FieldFlags fields;
  std::string scenario_file; // --scenario FILE|-: fields from a JSON scenario, flags override them
  BudgetOptions budgets;
  CLI::App* command = nullptr;
};

// Adds the `train` subcommand with one flag per training field to `app`.
void add_train_command(CLI::App& app, TrainOptions& options);
ExitCode run_train(const TrainOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
