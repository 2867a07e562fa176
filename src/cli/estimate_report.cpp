#include "estimate_report.hpp"

#include "output.hpp"

#include <aifoot/metrics.hpp>
#include <aifoot/units.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>

namespace aifoot::cli {
namespace {

// Checks the inline budgets against the footprint's headline totals; logs each one exceeded.
bool within_budgets(const BudgetOptions& budgets, const Footprint& footprint) {
  struct Check {
    const std::string& limit;
    const char* field;
    const MetricSpec& metric;
  };
  const auto checks = std::to_array<Check>({
      {budgets.max_kwh, "max-kwh", metric_at("energy_kwh.total")},
      {budgets.max_kgco2e, "max-kgco2e", metric_at("co2e_kg.total")},
      {budgets.max_water_l, "max-water-l", metric_at("water_l.headline")},
  });
  bool ok = true;
  for (const auto& check : checks) {
    if (check.limit.empty()) {
      continue;
    }
    const double limit = parse_number(check.limit, check.field);
    const double value = check.metric.value(footprint).value_or(0.0);
    if (value > limit) {
      spdlog::error("budget exceeded: {} {} > --{} {}",
                    format_number(value),
                    check.metric.unit,
                    check.field,
                    format_number(limit));
      ok = false;
    }
  }
  return ok;
}

} // namespace

void add_budget_flags(CLI::App& command, BudgetOptions& budgets) {
  command.add_option("--max-kwh", budgets.max_kwh, "exit 1 if total energy exceeds this (kWh)")
      ->group("Budgets");
  command.add_option("--max-kgco2e", budgets.max_kgco2e, "exit 1 if total CO2e exceeds this (kg)")
      ->group("Budgets");
  command
      .add_option("--max-water-l",
                  budgets.max_water_l,
                  "exit 1 if the headline water (--water-scope) exceeds this (L)")
      ->group("Budgets");
}

void log_trail(const Footprint& footprint) {
  if (!spdlog::should_log(spdlog::level::info)) {
    return; // without -v: not a number formatted for nothing
  }
  for (const auto& a : footprint.assumptions) {
    spdlog::info("{} = {} {} ({})",
                 a.name,
                 a.text.empty() ? format_number(a.value) : a.text,
                 a.unit,
                 a.origin);
  }
}

ExitCode report_estimate(const Footprint& footprint,
                         const Catalog& catalog,
                         const GlobalOptions& global,
                         const std::string& title,
                         const BudgetOptions& budgets) {
  for (const auto& note : footprint.notes) {
    spdlog::warn("{}", note);
  }
  log_trail(footprint);
  // Checked before printing: a bad --max-* value is an error with nothing on stdout.
  const bool within = within_budgets(budgets, footprint);
  write_footprint(stdout, footprint, catalog, global, title);
  return within ? ExitCode::ok : ExitCode::budget_exceeded;
}

} // namespace aifoot::cli
