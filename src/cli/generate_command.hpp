#pragma once

#include "estimate_report.hpp"
#include "exit_code.hpp"
#include "field_flags.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// Everything `aifoot generate` accepts: one string per generation field (see scenario_fields.hpp).
struct GenerateOptions {
  FieldFlags fields;
  BudgetOptions budgets;
  CLI::App* command = nullptr;
};

// Adds the `generate` subcommand (image and video generation) to `app`.
void add_generate_command(CLI::App& app, GenerateOptions& options);
ExitCode run_generate(const GenerateOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
