#include "validate_command.hpp"

#include "output.hpp"
#include "text_table.hpp"

#include <aifoot/error.hpp>
#include <aifoot/validation.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace aifoot::cli {
namespace {

std::string percent(const std::optional<double>& share) {
  return share ? fmt::format("{:+.1f}%", *share * 100) : std::string("-");
}

std::string number(const std::optional<double>& value) {
  return value ? format_number(*value) : std::string("-");
}

std::string range_text(const ValidationRow& row) {
  if (!row.p5 || !row.p95) {
    return "-";
  }
  return fmt::format("{}..{}", format_number(*row.p5), format_number(*row.p95));
}

std::string inside_text(const ValidationRow& row) {
  if (!row.failure.empty()) {
    return "error";
  }
  return row.in_range ? (*row.in_range ? "yes" : "no") : "-";
}

nlohmann::ordered_json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

void print_json(const ValidationReport& report) {
  nlohmann::ordered_json out;
  out["schema"] = "aifoot.validation/1";
  out["cases"] = report.cases;
  auto rows = nlohmann::ordered_json::array();
  for (const auto& row : report.rows) {
    nlohmann::ordered_json r;
    r["id"] = row.id;
    r["kind"] = row.kind;
    r["mode"] = row.mode;
    r["metric"] = row.metric;
    r["source"] = row.source;
    r["half"] =
        row.half.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(row.half);
    r["reported"] = row.reported;
    r["estimated"] = optional_json(row.estimated);
    r["error"] = optional_json(row.error);
    r["p5"] = optional_json(row.p5);
    r["p95"] = optional_json(row.p95);
    r["in_range"] = row.in_range ? nlohmann::ordered_json(*row.in_range) : nullptr;
    if (!row.failure.empty()) {
      r["failure"] = row.failure;
    }
    rows.push_back(std::move(r));
  }
  out["rows"] = std::move(rows);
  auto summaries = nlohmann::ordered_json::array();
  for (const auto& s : report.summaries) {
    summaries.push_back({{"kind", s.kind},
                         {"mode", s.mode},
                         {"metric", s.metric},
                         {"rows", s.rows},
                         {"failures", s.failures},
                         {"median_abs_error", s.median_abs_error},
                         {"worst_abs_error", s.worst_abs_error},
                         {"worst_id", s.worst_id},
                         {"ranged", s.ranged},
                         {"coverage", s.coverage},
                         {"median_width", s.median_width},
                         {"median_p95_over_p5", s.median_ratio}});
  }
  out["summary"] = std::move(summaries);
  std::fputs(out.dump(2).c_str(), stdout);
  std::fputs("\n", stdout);
}

// Coverage and width are "-" where no row of the summary has a range.
std::string coverage_text(const ValidationSummary& s) {
  return s.ranged == 0 ? std::string("-")
                       : fmt::format("{:.0f}% of {}", s.coverage * 100, s.ranged);
}

std::string width_text(const ValidationSummary& s) {
  if (s.ranged == 0) {
    return "-";
  }
  return s.median_ratio > 0 ? fmt::format("{:.0f}% (x{:.2f})", s.median_width * 100, s.median_ratio)
                            : fmt::format("{:.0f}%", s.median_width * 100);
}

std::string summary_cells(const ValidationSummary& s, const char* sep) {
  return fmt::format("{1}{0}{2}{0}{3}{0}{4}{0}{5:.1f}%{0}{6:.1f}% ({7}){0}{8}{0}{9}",
                     sep,
                     s.kind,
                     s.mode,
                     s.metric,
                     s.rows,
                     s.median_abs_error * 100,
                     s.worst_abs_error * 100,
                     s.worst_id.empty() ? "-" : s.worst_id,
                     coverage_text(s),
                     width_text(s));
}

void print_markdown(const ValidationReport& report) {
  std::fputs(
      "| kind | mode | metric | cases | median abs error | worst abs error | p5-p95 coverage "
      "| median range width (p95/p5) |\n|---|---|---|---:|---:|---:|---:|---:|\n",
      stdout);
  for (const auto& s : report.summaries) {
    std::fputs(fmt::format("| {} |\n", summary_cells(s, " | ")).c_str(), stdout);
  }
  std::fputs("\n| case | half | mode | metric | reported | estimated | error | p5-p95 | inside |\n"
             "|---|---|---|---|---:|---:|---:|---:|:---:|\n",
             stdout);
  for (const auto& row : report.rows) {
    std::fputs(fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                           row.id,
                           row.half.empty() ? "-" : row.half,
                           row.mode,
                           row.metric,
                           format_number(row.reported),
                           number(row.estimated),
                           percent(row.error),
                           range_text(row),
                           inside_text(row))
                   .c_str(),
               stdout);
  }
}

// One row per case, then one per (kind, mode, metric) summary.
void print_table(const ValidationReport& report) {
  using Align = TextTable::Align;
  TextTable rows({{.min_width = 58, .gap = 1},
                  {.min_width = 10, .gap = 1},
                  {.min_width = 30, .gap = 1},
                  {.min_width = 14, .align = Align::right, .gap = 1},
                  {.min_width = 14, .align = Align::right, .gap = 1},
                  {.min_width = 8, .align = Align::right, .gap = 1},
                  {.min_width = 29, .align = Align::right, .gap = 1},
                  {}},
                 "");
  rows.add_row({"case", "mode", "metric", "reported", "estimated", "error", "p5..p95", "inside"});
  for (const auto& row : report.rows) {
    rows.add_row({row.id,
                  row.mode,
                  row.metric,
                  format_number(row.reported),
                  number(row.estimated),
                  percent(row.error),
                  range_text(row),
                  inside_text(row)});
    if (!row.failure.empty()) {
      rows.add_line(0, fmt::format("  error: {}", row.failure));
    }
  }
  TextTable summaries({{.min_width = 10, .gap = 1},
                       {.min_width = 10, .gap = 1},
                       {.min_width = 30, .gap = 1},
                       {.min_width = 5, .align = Align::right, .gap = 1},
                       {.min_width = 8, .align = Align::right, .gap = 1},
                       {.min_width = 8, .align = Align::right, .gap = 2},
                       {.min_width = 58, .gap = 1},
                       {.min_width = 12, .align = Align::right, .gap = 1},
                       {}},
                      "");
  summaries.add_row({"kind",
                     "mode",
                     "metric",
                     "cases",
                     "median",
                     "worst",
                     "worst case",
                     "coverage",
                     "width (p95/p5)"});
  for (const auto& s : report.summaries) {
    summaries.add_row({s.kind,
                       s.mode,
                       s.metric,
                       std::to_string(s.rows),
                       fmt::format("{:.1f}%", s.median_abs_error * 100),
                       fmt::format("{:.1f}%", s.worst_abs_error * 100),
                       s.worst_id.empty() ? "-" : s.worst_id,
                       coverage_text(s),
                       width_text(s)});
  }
  std::fputs(fmt::format("{}\n{} cases. Summary (error = |estimated - reported| / reported; width "
                         "= (p95 - p5) / estimate):\n{}",
                         rows.render(),
                         report.cases,
                         summaries.render())
                 .c_str(),
             stdout);
}

} // namespace

void add_validate_command(CLI::App& app, ValidateOptions& options) {
  options.command = app.add_subcommand(
      "validate", "compare estimates with published footprints (documented and predictive inputs)");
  options.command->add_option(
      "--cases", options.cases_file, "validation table to run instead of the built-in one (JSON)");
  options.command
      ->add_option("--half",
                   options.half,
                   "only the cases of one half: fit (defaults may be fitted on them) or holdout")
      ->check(CLI::IsMember({"fit", "holdout"}));
  options.command->footer(
      "documented: every input the source gives; predictive: only model/compute, hardware, "
      "devices, location and the published boundary (time only where no compute is published).\n"
      "Formats: table (default), --format json (schema aifoot.validation/1), --format markdown.");
}

ExitCode run_validate(const ValidateOptions& options, const GlobalOptions& global) {
  require_format(global, "validate", {"table", "json", "jsonl", "markdown"});
  const Catalog catalog = load_catalog(global);
  UncertaintyOptions uncertainty;
  uncertainty.samples = global.sample_count();
  uncertainty.seed = global.seed;
  const std::string text = options.cases_file.empty() ? std::string(detail::validation_cases())
                                                      : read_input(options.cases_file);
  const ValidationReport report = run_validation(catalog, uncertainty, text, options.half);
  switch (global.format()) {
  case Format::json:
  case Format::jsonl:
    print_json(report);
    break;
  case Format::markdown:
    print_markdown(report);
    break;
  case Format::table:
  case Format::csv:
    print_table(report);
    break;
  }
  return ExitCode::ok;
}

} // namespace aifoot::cli
