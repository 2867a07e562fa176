#include "batch_command.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace aifoot::cli {

using nlohmann::ordered_json;

namespace {

enum class InputFormat { jsonl, csv };

// Columns of CSV output: the headline metrics, then the error of a failed record.
constexpr const char* k_csv_columns[] = {"line",
                                         "name",
                                         "kind",
                                         "boundary",
                                         "energy_kwh.accelerators",
                                         "energy_kwh.host",
                                         "energy_kwh.idle_capacity",
                                         "energy_kwh.facility_overhead",
                                         "energy_kwh.it",
                                         "energy_kwh.facility",
                                         "energy_kwh.total",
                                         "co2e_kg.operational",
                                         "co2e_kg.embodied",
                                         "co2e_kg.total",
                                         "water_l.onsite",
                                         "water_l.offsite",
                                         "water_l.total",
                                         "time.device_hours",
                                         "time.wall_hours",
                                         "time.devices",
                                         "per_request.energy_wh",
                                         "per_request.co2e_g",
                                         "per_request.water_ml",
                                         "per_million_tokens.energy_wh",
                                         "per_million_tokens.co2e_g",
                                         "per_million_tokens.water_ml",
                                         "throughput.tokens_per_s",
                                         "throughput.energy_j_per_token",
                                         "error"};

int severity(ExitCode code) {
  return static_cast<int>(code);
}

// Progress on stderr: only when it is a terminal, not quiet, and the run lasts over a second.
class Progress {
public:
  Progress(bool enabled, std::uintmax_t total_bytes)
      : m_enabled(enabled),
        m_total_bytes(total_bytes),
        m_start(std::chrono::steady_clock::now()),
        m_last(m_start) {}

  void update(std::size_t records, std::uintmax_t bytes) {
    if (!m_enabled || (records & 1023U) != 0) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    if (elapsed < 1.0 || now - m_last < std::chrono::milliseconds(250)) {
      return;
    }
    m_last = now;
    const double rate = static_cast<double>(records) / elapsed;
    std::string eta;
    if (m_total_bytes > 0 && bytes > 0) {
      const double remaining =
          elapsed * (static_cast<double>(m_total_bytes) / static_cast<double>(bytes) - 1.0);
      eta = fmt::format(", {:.0f}% done, ETA {:.0f} s",
                        100.0 * static_cast<double>(bytes) / static_cast<double>(m_total_bytes),
                        remaining);
    }
    std::fprintf(stderr, "\raifoot: %zu records, %.0f records/s%s   ", records, rate, eta.c_str());
    m_shown = true;
  }

  ~Progress() {
    if (m_shown) {
      std::fputc('\n', stderr);
    }
  }

  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

private:
  bool m_enabled;
  std::uintmax_t m_total_bytes;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  bool m_shown = false;
};

// Writes records in the chosen format; JSON output is an array closed at the end.
class Writer {
public:
  explicit Writer(Format format)
      : m_format(format == Format::table ? Format::jsonl : format) {
    if (m_format == Format::csv) {
      std::string header;
      for (const char* column : k_csv_columns) {
        header += header.empty() ? "" : ",";
        header += column;
      }
      std::fputs(header.c_str(), stdout);
      std::fputc('\n', stdout);
    } else if (m_format == Format::json) {
      std::fputs("[", stdout);
    } else if (m_format == Format::markdown) {
      std::fputs("| line | name | energy kWh | CO2e kg | water L | error "
                 "|\n|---:|---|---:|---:|---:|---|\n",
                 stdout);
    }
  }

  void write(const ordered_json& record) {
    switch (m_format) {
    case Format::jsonl:
    case Format::table:
      std::fputs(record.dump().c_str(), stdout);
      std::fputc('\n', stdout);
      break;
    case Format::json:
      std::fputs(m_first ? "\n" : ",\n", stdout);
      std::fputs(record.dump().c_str(), stdout);
      break;
    case Format::csv:
      write_csv(record);
      break;
    case Format::markdown:
      std::fputs(fmt::format("| {} | {} | {} | {} | {} | {} |\n",
                             record.value("line", 0),
                             record.value("name", ""),
                             number_at(record, "energy_kwh", "total"),
                             number_at(record, "co2e_kg", "total"),
                             number_at(record, "water_l", "total"),
                             record.value("error", ""))
                     .c_str(),
                 stdout);
      break;
    }
    m_first = false;
  }

  void finish() {
    if (m_format == Format::json) {
      std::fputs(m_first ? "]\n" : "\n]\n", stdout);
    }
  }

private:
  static std::string number_at(const ordered_json& record, const char* group, const char* key) {
    const auto g = record.find(group);
    if (g == record.end() || !g->contains(key) || !(*g)[key].is_number()) {
      return "";
    }
    return fmt::format("{}", (*g)[key].get<double>());
  }

  void write_csv(const ordered_json& record) {
    std::string row;
    bool first = true;
    for (const char* column : k_csv_columns) {
      if (!first) {
        row.push_back(',');
      }
      first = false;
      const std::string_view path(column);
      const auto dot = path.find('.');
      const ordered_json* value = nullptr;
      if (path.rfind("uncertainty.", 0) == 0) {
        // uncertainty.<metric path>.<p5|p95>: the metric path itself holds a dot.
        const auto last = path.rfind('.');
        const auto group = record.find("uncertainty");
        if (group != record.end()) {
          const auto metric = group->find(std::string(path.substr(dot + 1, last - dot - 1)));
          if (metric != group->end()) {
            const auto it = metric->find(std::string(path.substr(last + 1)));
            value = it == metric->end() ? nullptr : &*it;
          }
        }
      } else if (dot == std::string_view::npos) {
        const auto it = record.find(std::string(path));
        value = it == record.end() ? nullptr : &*it;
      } else {
        const auto group = record.find(std::string(path.substr(0, dot)));
        if (group != record.end()) {
          const auto it = group->find(std::string(path.substr(dot + 1)));
          value = it == group->end() ? nullptr : &*it;
        }
      }
      if (value == nullptr || value->is_null()) {
        continue;
      }
      if (value->is_string()) {
        row += csv_field(value->get<std::string>());
      } else if (value->is_number_integer()) {
        row += fmt::format("{}", value->get<long long>());
      } else if (value->is_number()) {
        row += fmt::format("{}", value->get<double>());
      }
    }
    row.push_back('\n');
    std::fputs(row.c_str(), stdout);
  }

  Format m_format;
  bool m_first = true;
};

InputFormat
detect_format(const std::string& requested, const std::string& path, std::string_view first_line) {
  if (requested == "jsonl") {
    return InputFormat::jsonl;
  }
  if (requested == "csv") {
    return InputFormat::csv;
  }
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0) {
    return InputFormat::csv;
  }
  // JSON records start with '{' (or '[' when someone passes an array): such a line is a broken
  // JSONL record, never a CSV header.
  return !first_line.empty() && (first_line.front() == '{' || first_line.front() == '[')
             ? InputFormat::jsonl
             : InputFormat::csv;
}

// A CSV header names each column once, with a scenario field ("device-hours", or "train.hardware"
// for lifecycle phases), "kind" or "name". Anything else means the input is not the CSV it was
// taken for (e.g. a JSONL file whose first line is garbage), which must not pass as zero records.
void check_csv_header(const std::vector<std::string>& header,
                      const std::string& source,
                      std::size_t line_number) {
  std::vector<std::string> known = {"kind", "name"};
  for (const auto& specs : {training_field_specs(), inference_field_specs()}) {
    for (const FieldSpec& spec : specs) {
      known.emplace_back(spec.name);
      for (const char* phase : {"train.", "teacher.", "infer."}) {
        known.push_back(phase + std::string(spec.name));
      }
    }
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& column = header[i];
    if (column.empty()) {
      throw Error(
          ErrorKind::invalid_input,
          fmt::format("{}:{}: CSV header: column {} has no name", source, line_number, i + 1));
    }
    if (std::find(known.begin(), known.end(), column) == known.end()) {
      const auto close = closest_matches(column, known);
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}:{}: CSV header: unknown column '{}'",
                              source,
                              line_number,
                              column.size() > 60 ? column.substr(0, 60) + "..." : column),
                  close.empty() ? "the header row names scenario fields, e.g. hardware,device-hours"
                                : fmt::format("did you mean '{}'?", fmt::join(close, "', '")));
    }
    if (!seen.insert(column).second) {
      throw Error(
          ErrorKind::invalid_input,
          fmt::format("{}:{}: CSV header: duplicate column '{}'", source, line_number, column));
    }
  }
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

} // namespace

void add_batch_command(CLI::App& app, BatchOptions& options) {
  options.command = app.add_subcommand(
      "batch", "estimate a stream of scenarios: JSONL or CSV in, one result per record out");
  options.command->add_option("input", options.input, "JSONL or CSV file, or - for standard input")
      ->capture_default_str();
  options.command->add_option("--input-format", options.input_format, "input format")
      ->check(CLI::IsMember({"auto", "jsonl", "csv"}))
      ->capture_default_str();
  options.command->footer(
      "Each JSONL line is a scenario object ({\"kind\": \"training\", \"hardware\": \"h100-sxm\", "
      "\"device-hours\": 1000, ...});\na CSV file has a header row of the same field names. Output "
      "is JSONL by default (--format csv|json|markdown),\none record per input record in input "
      "order; "
      "a bad record yields {\"line\": N, \"error\": ...} in its place.\nBlank lines are skipped. "
      "The "
      "exit code is 0 when every record succeeded, else the worst record's code.");
}

ExitCode run_batch(const BatchOptions& options, const GlobalOptions& global) {
  std::ifstream file;
  std::istream* in = &std::cin;
  std::uintmax_t total_bytes = 0;
  const std::string source = options.input == "-" ? "<stdin>" : options.input;
  if (options.input == "-") {
    if (isatty(STDIN_FILENO) != 0) {
      throw UsageError(
          "expected scenarios on standard input, but it is a terminal (pipe a file in, "
          "or pass a file name)");
    }
  } else {
    file.open(options.input, std::ios::binary);
    if (!file) {
      throw Error(ErrorKind::io, fmt::format("cannot open '{}'", options.input));
    }
    in = &file;
    std::error_code ec;
    total_bytes = std::filesystem::file_size(options.input, ec);
    if (ec) {
      total_bytes = 0;
    }
  }
  const Catalog catalog = load_catalog(global);
  const bool with_trail = global.explain;
  const auto uncertainty = global.uncertainty();
  Writer writer(global.format());
  Progress progress(!global.quiet && isatty(STDERR_FILENO) != 0, total_bytes);

  ExitCode worst = ExitCode::ok;
  std::optional<InputFormat> format;
  std::vector<std::string> header;
  std::string line;
  std::size_t line_number = 0;
  std::size_t records = 0;
  std::uintmax_t bytes = 0;
  while (true) {
    // Flush before a read that may block, so `tail -f | aifoot batch` sees each result promptly.
    if (in->rdbuf()->in_avail() <= 0) {
      std::fflush(stdout);
    }
    if (!std::getline(*in, line)) {
      break;
    }
    ++line_number;
    bytes += line.size() + 1;
    std::string_view text = line;
    if (line_number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") {
      text.remove_prefix(3); // UTF-8 byte-order mark
    }
    if (trim(text).empty()) {
      continue;
    }
    if (!format) {
      format = detect_format(options.input_format, options.input, trim(text));
      if (*format == InputFormat::csv) {
        try {
          header = split_csv_record(text);
        } catch (const Error& e) {
          throw Error(ErrorKind::invalid_input,
                      fmt::format("{}:{}: CSV header: {}", source, line_number, e.what()));
        }
        for (auto& name : header) {
          name = std::string(trim(name));
        }
        check_csv_header(header, source, line_number);
        continue;
      }
    }
    ++records;
    ordered_json record;
    try {
      ScenarioFields scenario;
      if (*format == InputFormat::jsonl) {
        scenario = parse_scenario_json(text, "record");
      } else {
        const auto cells = split_csv_record(text);
        if (cells.size() != header.size()) {
          throw Error(
              ErrorKind::invalid_input,
              fmt::format("row has {} columns, the header has {}", cells.size(), header.size()));
        }
        for (std::size_t i = 0; i < cells.size(); ++i) {
          const auto value = trim(cells[i]);
          if (value.empty()) {
            continue;
          }
          if (header[i] == "kind") {
            scenario.kind = std::string(value);
          } else if (header[i] == "name") {
            scenario.name = std::string(value);
          } else {
            scenario.fields.emplace_back(header[i], std::string(value));
          }
        }
      }
      const Footprint footprint =
          estimate_scenario(scenario, catalog, uncertainty ? &*uncertainty : nullptr);
      ordered_json result = to_json(footprint, catalog.data_version());
      record["line"] = line_number;
      if (!scenario.name.empty()) {
        record["name"] = scenario.name;
      }
      for (auto& [key, value] : result.items()) {
        if (key == "assumptions" && !with_trail) {
          continue;
        }
        record[key] = std::move(value);
      }
    } catch (const std::exception& failure) {
      // Every record yields one output record: a bug in one must not drop the rest of the stream.
      const auto* e = dynamic_cast<const Error*>(&failure);
      record = ordered_json{{"line", line_number}, {"error", failure.what()}};
      if (e != nullptr && !e->hint().empty()) {
        record["hint"] = e->hint();
      }
      spdlog::error("{}:{}: {}", source, line_number, failure.what());
      const ExitCode code = e != nullptr ? exit_code_for(e->kind()) : ExitCode::internal;
      if (severity(code) > severity(worst)) {
        worst = code;
      }
    }
    writer.write(record);
    progress.update(records, bytes);
  }
  writer.finish();
  if (in->bad()) {
    throw Error(ErrorKind::io, fmt::format("error reading '{}'", source));
  }
  return worst;
}

} // namespace aifoot::cli
