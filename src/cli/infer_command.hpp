#pragma once

#include "estimate_report.hpp"
#include "exit_code.hpp"
#include "field_flags.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// Everything `aifoot infer` accepts: one string per inference field (see scenario_fields.hpp).
struct InferOptions {
  FieldFlags fields;
  std::string scenario_file; // --scenario FILE|-: fields from a JSON scenario, flags override them
  BudgetOptions budgets;
  CLI::App* command = nullptr;
};

// Adds the `infer` subcommand with one flag per inference field to `app`.
void add_infer_command(CLI::App& app, InferOptions& options);
ExitCode run_infer(const InferOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
