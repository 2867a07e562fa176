#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace aifoot::cli {

// `aifoot batch [FILE|-]`: one result per input record (JSONL or CSV in; JSONL, CSV or JSON out),
// in input order, streaming.
struct BatchOptions {
  std::string input = "-";
  std::string input_format = "auto";
  bool full_record = false;        // JSON records with the uncertainty's inputs and sensitivity
  std::vector<std::string> fields; // --fields: the members to print, by JSON path
  CLI::App* command = nullptr;
};

void add_batch_command(CLI::App& app, BatchOptions& options);
ExitCode run_batch(const BatchOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
