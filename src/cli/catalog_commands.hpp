#pragma once

#include "exit_code.hpp"
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace aifoot::cli {

// `aifoot list KIND [--filter TEXT] [--sort FIELD]` and `aifoot show NAME`.
struct CatalogOptions {
  std::string kind;
  std::string filter;
  std::string sort;
  std::string name;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
};

void add_catalog_commands(CLI::App& app, CatalogOptions& options);
ExitCode run_list(const CatalogOptions& options, const GlobalOptions& global);
ExitCode run_show(const CatalogOptions& options, const GlobalOptions& global);

} // namespace aifoot::cli
