#include "check_command.hpp"

#include "output.hpp"
#include "result_output.hpp"
#include "text_table.hpp"

#include <aifoot/budget.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace aifoot::cli {

using nlohmann::ordered_json;

namespace {

// Metrics compared against a baseline: a rise above the tolerance is a regression.
constexpr auto k_regression_metrics =
    std::to_array<const char*>({metric_at("energy_kwh.total").path.data(),
                                metric_at("co2e_kg.total").path.data(),
                                metric_at("water_l.total").path.data(),
                                metric_at("per_request.energy_wh").path.data(),
                                metric_at("per_request.co2e_g").path.data(),
                                metric_at("per_million_tokens.energy_wh").path.data(),
                                metric_at("per_million_tokens.co2e_g").path.data(),
                                metric_at("per_item.energy_wh").path.data(),
                                metric_at("per_item.co2e_g").path.data()});

struct Regression {
  std::string metric;
  double baseline = 0;
  double value = 0;
  double change = 0; // relative
  bool failed = false;
};

struct Checked {
  std::string name;
  ordered_json result;
  std::optional<BudgetCheck> budget;
  std::vector<Regression> regressions;
  std::string error;
};

// A baseline result compares by ratio, so each regression metric it holds must be a positive
// number, and it must hold the energy total at all: a total of 0, null, a negative number or a
// string used to skip the comparison silently and let the check pass.
void check_baseline_result(const ordered_json& result,
                           const std::string& path,
                           const std::string& scenario) {
  const std::string where =
      scenario == "*" ? path : fmt::format("{}: scenario '{}'", path, scenario);
  for (const char* metric : k_regression_metrics) {
    std::string pointer = std::string("/") + metric;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    const ordered_json::json_pointer at(pointer);
    const bool present = result.is_object() && result.contains(at);
    if (!present && std::string_view(metric) != "energy_kwh.total") {
      continue; // a metric the scenario kind does not have, e.g. per_request for training
    }
    const auto value = json_number_at(result, metric);
    if (value && std::isfinite(*value) && *value > 0.0) {
      continue;
    }
    const std::string got = !present ? "nothing"
                            : value  ? format_number(*value)
                                     : result.at(at).dump();
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: baseline '{}' must be a positive number (got {})",
                            where,
                            metric,
                            got.size() > 40 ? got.substr(0, 40) + "..." : got),
                "give the output of 'aifoot check --report json' or of 'aifoot train --json'");
  }
}

// A baseline file: the JSON output of an earlier `aifoot check` ("scenarios": [{name, result}])
// or one footprint (`aifoot train --json`), which then applies to every scenario.
std::map<std::string, ordered_json> read_baseline(const std::string& path) {
  ordered_json document;
  try {
    document =
        parse_json_unique_keys<ordered_json>(read_input(path), path, ErrorKind::invalid_input);
  } catch (const ordered_json::exception&) { // parse_error, or out_of_range for 1e400
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: malformed JSON", path),
                "give the output of 'aifoot check --report json' or of 'aifoot train --json'");
  }
  std::map<std::string, ordered_json> out;
  if (document.contains("scenarios") && document["scenarios"].is_array()) {
    for (const auto& s : document["scenarios"]) {
      if (!s.contains("result")) {
        continue; // a scenario that failed in the stored run has an "error" instead
      }
      if (!s.contains("name") || !s["name"].is_string()) {
        throw Error(
            ErrorKind::invalid_input,
            fmt::format("{}: a baseline scenario with a result needs a string \"name\"", path),
            "give the output of 'aifoot check --report json' or of 'aifoot train --json'");
      }
      check_baseline_result(s["result"], path, s["name"].get<std::string>());
      out[s["name"].get<std::string>()] = s["result"];
    }
  } else if (document.contains("energy_kwh")) {
    check_baseline_result(document, path, "*");
    out["*"] = document;
  } else {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: not an aifoot result", path),
                "give the output of 'aifoot check --report json' or of 'aifoot train --json'");
  }
  return out;
}

std::string limit_text(const BudgetFinding& f) {
  return f.limit ? format_number(*f.limit) : (f.warn ? "warn " + format_number(*f.warn) : "-");
}

// The Markdown table of a check; every cell that quotes input goes through markdown_cell.
std::string markdown_summary(const std::vector<Checked>& checked) {
  std::string out = "| scenario | metric | value | limit | status |\n|---|---|---:|---:|---|\n";
  for (const auto& c : checked) {
    const std::string name = markdown_cell(c.name);
    if (!c.error.empty()) {
      out += fmt::format("| {} | - | - | - | error: {} |\n", name, markdown_cell(c.error));
      continue;
    }
    if (c.budget) {
      for (const auto& f : c.budget->findings) {
        out += fmt::format("| {} | {} | {} | {} | {} |\n",
                           name,
                           markdown_cell(f.metric),
                           format_number(f.value),
                           limit_text(f),
                           to_string(f.level));
      }
    }
    for (const auto& r : c.regressions) {
      out += fmt::format("| {} | {} vs baseline | {} | {} | {} ({:+.1f}%) |\n",
                         name,
                         r.metric,
                         format_number(r.value),
                         format_number(r.baseline),
                         r.failed ? "regressed" : "ok",
                         r.change * 100);
    }
  }
  return out;
}

// The check as JSON (schema aifoot.check/1).
void write_json_report(const std::vector<Checked>& checked, bool passed) {
  ordered_json out{{"schema", "aifoot.check/1"}, {"passed", passed}};
  out["scenarios"] = ordered_json::array();
  for (const auto& c : checked) {
    ordered_json s{{"name", c.name}};
    if (!c.error.empty()) {
      s["error"] = c.error;
    } else {
      s["result"] = c.result;
      if (c.budget) {
        s["budget"] = budget_check_to_json(*c.budget);
      }
      ordered_json regressions = ordered_json::array();
      for (const auto& r : c.regressions) {
        regressions.push_back({{"metric", r.metric},
                               {"baseline", r.baseline},
                               {"value", r.value},
                               {"change", r.change},
                               {"regressed", r.failed}});
      }
      s["regressions"] = regressions;
    }
    out["scenarios"].push_back(std::move(s));
  }
  fmt::print("{}\n", out.dump(2));
}

// JUnit XML: one test case per limit and per regression metric, one per scenario not estimated.
void write_junit_report(const std::vector<Checked>& checked) {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::string cases;
  for (const auto& c : checked) {
    const auto add_case = [&](const std::string& name, const std::string& failure) {
      ++tests;
      cases += fmt::format(
          R"(    <testcase classname="aifoot.{}" name="{}")", xml_escape(c.name), xml_escape(name));
      if (failure.empty()) {
        cases += "/>\n";
      } else {
        ++failures;
        cases += fmt::format("><failure message=\"{}\"/></testcase>\n", xml_escape(failure));
      }
    };
    if (!c.error.empty()) {
      add_case("scenario", c.error);
      continue;
    }
    if (c.budget) {
      for (const auto& f : c.budget->findings) {
        add_case(f.metric,
                 f.level == BudgetLevel::exceeded ? fmt::format(
                     "{} = {} exceeds {}", f.metric, format_number(f.value), limit_text(f))
                                                  : "");
      }
    }
    for (const auto& r : c.regressions) {
      add_case(r.metric + " vs baseline",
               r.failed ? fmt::format("{} rose {:.1f}% over the baseline", r.metric, r.change * 100)
                        : "");
    }
  }
  fmt::print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
             "name=\"aifoot check\" "
             "tests=\"{}\" failures=\"{}\">\n{}  </testsuite>\n</testsuites>\n",
             tests,
             failures,
             cases);
}

// GitHub workflow commands (::error, ::warning) for what failed, and the Markdown summary
// appended to $GITHUB_STEP_SUMMARY when it is set.
void write_github_report(const std::vector<Checked>& checked, bool passed) {
  for (const auto& c : checked) {
    const std::string title = github_property(c.name);
    if (!c.error.empty()) {
      fmt::print("::error title=aifoot {}::{}\n", title, github_message(c.error));
    }
    if (c.budget) {
      for (const auto& f : c.budget->findings) {
        if (f.level != BudgetLevel::ok) {
          fmt::print("::{} title=aifoot budget {}::{} = {} ({} {})\n",
                     f.level == BudgetLevel::exceeded ? "error" : "warning",
                     title,
                     github_message(f.metric),
                     format_number(f.value),
                     f.level == BudgetLevel::exceeded ? "limit" : "warn at",
                     limit_text(f));
        }
      }
    }
    for (const auto& r : c.regressions) {
      if (r.failed) {
        fmt::print("::error title=aifoot regression {}::{} rose {:.1f}% over the baseline\n",
                   title,
                   r.metric,
                   r.change * 100);
      }
    }
  }
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
      summary != nullptr && *summary != '\0') {
    append_file(summary,
                fmt::format("### aifoot check: {}\n\n{}",
                            passed ? "passed" : "failed",
                            markdown_summary(checked)));
  }
}

// The text report: each scenario's findings, then "passed" or "FAILED".
void write_text_report(const std::vector<Checked>& checked, bool passed) {
  for (const auto& c : checked) {
    fmt::print("{}\n", one_line(c.name));
    if (!c.error.empty()) {
      fmt::print("  error: {}\n", c.error);
      continue;
    }
    TextTable findings({{.min_width = 9, .gap = 1},
                        {.min_width = 32, .gap = 1},
                        {.min_width = 14, .align = TextTable::Align::right},
                        {}});
    if (c.budget) {
      for (const auto& f : c.budget->findings) {
        findings.add_row({std::string(to_string(f.level)),
                          f.metric,
                          format_number(f.value),
                          "limit " + limit_text(f)});
      }
    }
    for (const auto& r : c.regressions) {
      findings.add_row(
          {r.failed ? "regressed" : "ok",
           r.metric,
           format_number(r.value),
           fmt::format("baseline {} ({:+.1f}%)", format_number(r.baseline), r.change * 100)});
    }
    fmt::print("{}", findings.render());
  }
  fmt::print("{}\n", passed ? "passed" : "FAILED");
}

// Writes the report in `format`: one writer per format.
void write_report(const std::string& format, const std::vector<Checked>& checked, bool passed) {
  if (format == "json") {
    write_json_report(checked, passed);
  } else if (format == "junit") {
    write_junit_report(checked);
  } else if (format == "github") {
    write_github_report(checked, passed);
  } else if (format == "markdown") {
    fmt::print("{}", markdown_summary(checked));
  } else {
    write_text_report(checked, passed);
  }
}

// The report to write: --format (or --json), else its older alias --report; both naming different
// reports is a usage error.
std::string report_format(const CheckOptions& options, const GlobalOptions& global) {
  require_format(global, "check", {"table", "json", "markdown", "junit", "github"});
  std::string format = global.format_id();
  if (format == "table") {
    return options.report;
  }
  if (options.report != "table" && options.report != format) {
    throw UsageError(fmt::format("--format {} and --report {} ask for different reports",
                                 format,
                                 options.report),
                     "give one of them (--report is an alias of --format)");
  }
  return format;
}

} // namespace

void add_check_command(CLI::App& app, CheckOptions& options) {
  options.command = app.add_subcommand(
      "check", "gate scenarios on a budget file and a baseline (exit 1 when over)");
  options.command->add_option("scenarios", options.scenarios, "scenario JSON files")->required();
  options.command->add_option("--budget", options.budget, "budget file (aifoot.budget/1)")
      ->type_name("FILE");
  options.command->add_option("--baseline", options.baseline, "stored result to compare against")
      ->type_name("FILE");
  options.command
      ->add_option("--max-regression", options.max_regression, "allowed rise over the baseline")
      ->capture_default_str();
  options.command->add_option("--report", options.report, "alias of --format for check")
      ->check(CLI::IsMember({"table", "json", "junit", "github", "markdown"}))
      ->capture_default_str();
  options.command->footer(
      "Budget file: {\"limits\": {\"co2e_kg.total\": 500, \"per_request.energy_wh\": 2}, \"warn\": "
      "{...}, \"scenarios\": {\"NAME\": {\"limits\": {...}}}}\n--format junit writes JUnit XML "
      "(one test case per limit); --format github writes ::error/::warning annotations and a "
      "Markdown job summary to $GITHUB_STEP_SUMMARY (--report is an alias of --format).\nExit 0 "
      "when every limit holds and nothing regressed, 1 otherwise, "
      "3 for bad input.");
}

ExitCode run_check(const CheckOptions& options, const GlobalOptions& global) {
  if (options.budget.empty() && options.baseline.empty()) {
    throw UsageError("check needs --budget FILE, --baseline FILE or both");
  }
  const std::string report = report_format(options, global);
  const Catalog catalog = load_catalog(global);
  std::optional<Budget> budget;
  if (!options.budget.empty()) {
    budget = parse_budget_json(read_input(options.budget), options.budget);
  }
  std::map<std::string, ordered_json> baseline;
  double tolerance = 0;
  if (!options.baseline.empty()) {
    baseline = read_baseline(options.baseline);
    tolerance = parse_fraction(options.max_regression, "max-regression");
  }
  const auto uncertainty = global.uncertainty();
  std::vector<Checked> checked;
  GridBasisWatch watch("check");
  bool failed = false;
  bool invalid = false;
  for (const auto& path : options.scenarios) {
    Checked c;
    c.name = std::filesystem::path(path).stem().string();
    try {
      const ScenarioFields scenario = parse_scenario_json(read_input(path), path);
      if (!scenario.name.empty()) {
        c.name = scenario.name;
      }
      ordered_json result =
          to_json(estimate_scenario(scenario, catalog, uncertainty ? &*uncertainty : nullptr),
                  catalog.data_version());
      result.erase("assumptions");
      watch.add(result, [&] { return c.name; });
      if (budget) {
        c.budget = check_budget(*budget, result, c.name);
        failed = failed || c.budget->exceeded();
      }
      const auto base = baseline.count(c.name) ? baseline.find(c.name) : baseline.find("*");
      if (base != baseline.end()) {
        for (const char* metric : k_regression_metrics) {
          const auto old_value = json_number_at(base->second, metric);
          const auto new_value = json_number_at(result, metric);
          if (!old_value || !new_value || !(*old_value > 0)) {
            continue;
          }
          Regression r{metric, *old_value, *new_value, *new_value / *old_value - 1.0, false};
          r.failed = r.change > tolerance;
          failed = failed || r.failed;
          c.regressions.push_back(r);
        }
      }
      c.result = std::move(result);
    } catch (const Error& e) {
      c.error = e.what();
      invalid = true;
    }
    checked.push_back(std::move(c));
  }

  write_report(report, checked, !failed && !invalid);
  if (invalid) {
    return ExitCode::invalid_input;
  }
  return failed ? ExitCode::budget_exceeded : ExitCode::ok;
}

} // namespace aifoot::cli
