#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// The common end of every single-estimate command (train, infer, generate, lifecycle, measure):
// inline budgets, the logged trail, the written result.

// Inline budgets (docs/design.md §5): exit 1 when the result exceeds any of them.
struct BudgetOptions {
  std::string max_kwh;
  std::string max_kgco2e;
  std::string max_water_l;
};

void add_budget_flags(CLI::App& command, BudgetOptions& budgets);

// Logs each assumption of the trail at info level (shown with -v).
void log_trail(const Footprint& footprint);

// Logs the footprint's notes (warnings) and trail (-v), writes it, and checks the inline budgets.
ExitCode report_estimate(const Footprint& footprint,
                         const Catalog& catalog,
                         const GlobalOptions& global,
                         const std::string& title,
                         const BudgetOptions& budgets);

} // namespace aifoot::cli
