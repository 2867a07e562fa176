#pragma once

#include "estimate_report.hpp"
#include "exit_code.hpp"
#include "field_flags.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// One phase of a lifecycle: a JSON scenario file and/or prefixed flags (--train.hardware ...).
struct PhaseOptions {
  std::string file;
  FieldFlags fields;
};

// Everything `aifoot lifecycle` accepts.
struct LifecycleOptions {
  PhaseOptions train;
  PhaseOptions teacher; // optional distillation teacher, served over the distillation set
  PhaseOptions infer;
  BudgetOptions budgets;
  CLI::App* command = nullptr;
};

// Adds the `lifecycle` subcommand: --train/--teacher/--infer FILE and every training field as
// --train.FIELD, every inference field as --teacher.FIELD and --infer.FIELD.
void add_lifecycle_command(CLI::App& app, LifecycleOptions& options);
ExitCode run_lifecycle(const LifecycleOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
