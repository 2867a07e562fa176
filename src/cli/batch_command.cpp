#include "batch_command.hpp"

#include "interrupt.hpp"
#include "output.hpp"
#include "result_output.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/uncertainty.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <array>
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

// Columns of CSV output: the headline metrics (the registry's record columns), then the error of
// a failed record.
constexpr auto k_csv_metrics = record_metrics();

// The metrics whose p5/p50/p95 get CSV columns when uncertainty is on (uncertainty.hpp).
constexpr auto k_csv_range_metrics =
    std::to_array<const char*>({"energy_kwh.total", "co2e_kg.total", "water_l.total"});

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

// Writes one record per input record in the chosen format, straight from the footprint (no JSON
// document: this is the hot path of a stream). JSON output is an array closed at the end. Output
// is buffered and written in large blocks.
class Writer {
public:
  Writer(Format format,
         bool with_trail,
         bool with_ranges,
         std::string_view data_version,
         std::vector<std::string> fields)
      : m_format(format == Format::table ? Format::jsonl : format),
        m_with_trail(with_trail),
        m_with_ranges(with_ranges),
        m_data_version(data_version),
        m_fields(std::move(fields)) {
    if (!m_fields.empty()) {
      if (m_format == Format::csv) {
        fmt::format_to(std::back_inserter(m_buffer), "line,{},error\n", fmt::join(m_fields, ","));
      }
    } else if (m_format == Format::csv) {
      m_buffer += "line,name,kind,boundary,water_scope,grid_basis";
      for (const auto& column : k_csv_metrics) {
        m_buffer.push_back(',');
        m_buffer += column.path;
      }
      if (m_with_ranges) {
        for (const char* metric : k_csv_range_metrics) {
          fmt::format_to(std::back_inserter(m_buffer),
                         ",uncertainty.{0}.p5,uncertainty.{0}.p50,uncertainty.{0}.p95",
                         metric);
        }
      }
      m_buffer += ",error\n";
    } else if (m_format == Format::markdown) {
      m_buffer += "| line | name | energy kWh | CO2e kg | water L | error |\n"
                  "|---:|---|---:|---:|---:|---|\n";
    }
  }

  void write(std::size_t line, const std::string& name, const Footprint& footprint) {
    if (!m_fields.empty()) {
      write_fields(line, name, footprint);
      record_written();
      return;
    }
    switch (m_format) {
    case Format::csv: {
      append_integer(m_buffer, line);
      m_buffer.push_back(',');
      append_csv_field(m_buffer, name);
      m_buffer.push_back(',');
      m_buffer += footprint.kind;
      m_buffer.push_back(',');
      m_buffer += to_string(footprint.boundary);
      m_buffer.push_back(',');
      m_buffer += to_string(footprint.water.scope);
      m_buffer.push_back(',');
      append_csv_field(m_buffer, footprint.grid.describe());
      for (const auto& column : k_csv_metrics) {
        m_buffer.push_back(',');
        if (const auto value = column.value(footprint)) {
          append_shortest(m_buffer, *value);
        }
      }
      if (m_with_ranges) {
        for (const char* metric : k_csv_range_metrics) {
          const MetricRange* range = find_range(footprint, metric);
          if (range != nullptr) {
            for (const double value : {range->p5, range->p50, range->p95}) {
              m_buffer.push_back(',');
              append_shortest(m_buffer, value);
            }
          } else {
            m_buffer += ",,,";
          }
        }
      }
      m_buffer += ",\n";
      break;
    }
    case Format::markdown:
      fmt::format_to(std::back_inserter(m_buffer),
                     "| {} | {} | {} | {} | {} |  |\n",
                     line,
                     markdown_cell(name),
                     footprint.energy.total_kwh,
                     footprint.co2e.total_kg,
                     footprint.water.headline_l());
      break;
    default:
      begin_json_record(line);
      if (!name.empty()) {
        m_buffer += "\"name\":";
        append_json_string(m_buffer, name);
        m_buffer.push_back(',');
      }
      append_footprint_members(m_buffer, footprint, m_data_version, m_with_trail);
      end_json_record();
    }
    record_written();
  }

  // `name`: the record's name when it was read, for --fields.
  void write_error(std::size_t line,
                   const std::string& name,
                   const std::string& message,
                   const std::string& hint) {
    if (!m_fields.empty()) {
      write_fields_error(line, name, message, hint);
      record_written();
      return;
    }
    switch (m_format) {
    case Format::csv:
      append_integer(m_buffer, line);
      m_buffer.push_back(',');
      for (std::size_t i = 0; i < std::size(k_csv_metrics) + 4
                                      + (m_with_ranges ? 3 * std::size(k_csv_range_metrics) : 0);
           ++i) {
        m_buffer.push_back(',');
      }
      m_buffer.push_back(',');
      append_csv_field(m_buffer, message);
      m_buffer.push_back('\n');
      break;
    case Format::markdown:
      fmt::format_to(
          std::back_inserter(m_buffer), "| {} |  |  |  |  | {} |\n", line, markdown_cell(message));
      break;
    default:
      begin_json_record(line);
      m_buffer += "\"error\":";
      append_json_string(m_buffer, message);
      if (!hint.empty()) {
        m_buffer += ",\"hint\":";
        append_json_string(m_buffer, hint);
      }
      end_json_record();
    }
    record_written();
  }

  // Writes what is buffered, so a reader sees every finished record (before a blocking read).
  void flush() {
    if (!m_buffer.empty()) {
      std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
      m_buffer.clear();
    }
    std::fflush(stdout);
  }

  void finish() {
    if (m_format == Format::json) {
      m_buffer += m_first ? "[]\n" : "\n]\n";
    }
    flush();
  }

private:
  // --fields: {"line": N, "<path>": value, ...} or a CSV row line,values...,error (empty).
  void write_fields(std::size_t line, const std::string& name, const Footprint& footprint) {
    pick_footprint_fields(footprint, m_data_version, m_fields, m_values);
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
      if (m_fields[i] == "name" && !name.empty()) {
        m_values[i] = {FieldValue::Type::text, 0, 0, name};
      }
    }
    begin_fields_record(line);
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
      append_field(m_fields[i], m_values[i]);
    }
    end_fields_record(nullptr, {});
  }

  // An error record with --fields: the line, the name when --fields has it and it was read, the
  // error (and its hint in JSON).
  void write_fields_error(std::size_t line,
                          const std::string& name,
                          const std::string& message,
                          const std::string& hint) {
    begin_fields_record(line);
    for (const auto& field : m_fields) {
      const bool named = field == "name" && !name.empty();
      if (m_format == Format::csv) {
        append_field(field, named ? FieldValue{FieldValue::Type::text, 0, 0, name} : FieldValue{});
      } else if (named) {
        append_field(field, {FieldValue::Type::text, 0, 0, name});
      }
    }
    end_fields_record(&message, hint);
  }

  void begin_fields_record(std::size_t line) {
    if (m_format == Format::csv) {
      append_integer(m_buffer, line);
      return;
    }
    if (m_format == Format::json) {
      m_buffer += m_first ? "[\n" : ",\n";
    }
    m_buffer += "{\"line\":";
    append_integer(m_buffer, line);
  }

  void append_field(std::string_view field, const FieldValue& value) {
    m_buffer.push_back(',');
    if (m_format != Format::csv) {
      append_json_string(m_buffer, field);
      m_buffer.push_back(':');
    }
    switch (value.type) {
    case FieldValue::Type::number:
      if (m_format == Format::csv) {
        append_shortest(m_buffer, value.number);
      } else {
        append_json_number(m_buffer, value.number);
      }
      break;
    case FieldValue::Type::integer:
      append_integer(m_buffer, value.integer);
      break;
    case FieldValue::Type::text:
      if (m_format == Format::csv) {
        append_csv_field(m_buffer, value.text);
      } else {
        append_json_string(m_buffer, value.text);
      }
      break;
    default:
      if (m_format != Format::csv) {
        m_buffer += "null";
      }
    }
  }

  void end_fields_record(const std::string* error, const std::string& hint) {
    if (m_format == Format::csv) {
      m_buffer.push_back(',');
      if (error != nullptr) {
        append_csv_field(m_buffer, *error);
      }
      m_buffer.push_back('\n');
      return;
    }
    if (error != nullptr) {
      m_buffer += ",\"error\":";
      append_json_string(m_buffer, *error);
      if (!hint.empty()) {
        m_buffer += ",\"hint\":";
        append_json_string(m_buffer, hint);
      }
    }
    end_json_record();
  }

  static const MetricRange* find_range(const Footprint& footprint, std::string_view metric) {
    if (!footprint.uncertainty) {
      return nullptr;
    }
    for (const auto& range : footprint.uncertainty->ranges) {
      if (range.metric == metric) {
        return &range;
      }
    }
    return nullptr;
  }

  void begin_json_record(std::size_t line) {
    if (m_format == Format::json) {
      // The array opens with its first record, so a run that fails before any record (a bad CSV
      // header) prints nothing rather than a lone "[".
      m_buffer += m_first ? "[\n" : ",\n";
    }
    m_buffer += "{\"line\":";
    append_integer(m_buffer, line);
    m_buffer.push_back(',');
  }

  void end_json_record() {
    m_buffer.push_back('}');
    if (m_format != Format::json) {
      m_buffer.push_back('\n');
    }
  }

  void record_written() {
    m_first = false;
    if (m_buffer.size() >= k_block_bytes) {
      std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
      m_buffer.clear();
    }
  }

  static constexpr std::size_t k_block_bytes = 1U << 16U;
  Format m_format;
  bool m_with_trail;
  bool m_with_ranges;
  std::string_view m_data_version;
  std::vector<std::string> m_fields; // --fields, without "line" (always written)
  std::vector<FieldValue> m_values;  // the record's values of m_fields
  TextBuffer m_buffer;
  bool m_first = true;
};

bool is_range_field(std::string_view field) {
  return field.rfind("uncertainty.", 0) == 0;
}

// --fields checked against the members a record can have ("line" and "name" too), without
// "line", which is always written. Throws UsageError for an unknown one, with the closest names.
std::vector<std::string> checked_fields(const std::vector<std::string>& requested, Format format) {
  if (requested.empty()) {
    return {};
  }
  if (format == Format::markdown) {
    throw UsageError("--fields selects the columns of JSONL, JSON or CSV output, not Markdown");
  }
  std::vector<std::string> known = footprint_field_paths(uncertainty_metric_names());
  known.insert(known.begin(), {"line", "name"});
  std::vector<std::string> fields;
  for (const auto& field : requested) {
    if (std::find(known.begin(), known.end(), field) == known.end()) {
      const std::string ranged = "uncertainty." + field;
      const auto close = std::find(known.begin(), known.end(), ranged) != known.end()
                             ? std::vector<std::string>{ranged}
                             : closest_matches(field, known);
      throw UsageError(fmt::format("--fields: unknown field '{}'", field),
                       close.empty()
                           ? "fields are the JSON paths of a record's members, e.g. "
                             "name,co2e_kg.total,uncertainty.co2e_kg.total.p95 (docs/usage.md)"
                           : fmt::format("did you mean '{}'?", fmt::join(close, "', '")));
    }
    if (field != "line" && std::find(fields.begin(), fields.end(), field) == fields.end()) {
      fields.push_back(field);
    }
  }
  return fields;
}

// Whether `fields` name a range that only a detailed uncertainty run gives (not a headline total
// or a per-unit figure).
bool fields_need_details(const std::vector<std::string>& fields) {
  const auto headline = uncertainty_metric_names(true);
  return std::any_of(fields.begin(), fields.end(), [&](const std::string& field) {
    if (!is_range_field(field)) {
      return false;
    }
    const std::string_view metric =
        std::string_view(field).substr(std::string_view("uncertainty.").size(),
                                       field.rfind('.') - std::string_view("uncertainty.").size());
    return std::find(headline.begin(), headline.end(), metric) == headline.end();
  });
}

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
  for (const auto& specs :
       {training_field_specs(), inference_field_specs(), generation_field_specs()}) {
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
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r';
  };
  while (!text.empty() && blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// The index of the column called `name`, or the column count when there is none.
std::size_t column_index(const std::vector<std::string>& header, std::string_view name) {
  return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
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
  options.command
      ->add_option("--fields",
                   options.fields,
                   "print only these members of each record, by their JSON path, comma-separated "
                   "(e.g. name,co2e_kg.total,uncertainty.co2e_kg.total.p95)")
      ->delimiter(',');
  options.command->add_flag(
      "--full-record",
      options.full_record,
      "JSON records with every range, the uncertain inputs and the sensitivity shares");
  options.command->footer(
      "Each JSONL line is a scenario object ({\"kind\": \"training\", \"hardware\": \"h100-sxm\", "
      "\"device-hours\": 1000, ...});\na CSV file has a header row of the same field names. Output "
      "is JSONL by default (--format csv|json|markdown),\none record per input record in input "
      "order; "
      "a bad record yields {\"line\": N, \"error\": ...} in its place.\nBlank lines are skipped. "
      "The "
      "exit code is 0 when every record succeeded, else the worst record's code.\n"
      "Each record carries the p5-p95 ranges (--samples, --seed) of the energy, CO2e and water "
      "totals and of their per-unit figures;\n--no-uncertainty skips them, the fast path for "
      "large streams (docs/performance.md). --full-record (or --explain)\nadds the ranges of the "
      "other metrics, the uncertain inputs and the sensitivity shares, as a one-off estimate "
      "prints them.\n--fields a,b,c prints only those members, named by their JSON path (e.g. "
      "name,co2e_kg.total,uncertainty.co2e_kg.total.p95);\nthe line number comes first, the "
      "error of a failed record last.\n"
      "Ctrl-C (SIGINT) stops after the record in progress, keeps what was written and exits 130.");
}

ExitCode run_batch(const BatchOptions& options, const GlobalOptions& global) {
  require_format(global, "batch", {"table", "jsonl", "json", "csv", "markdown"});
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
    require_not_output(options.input);
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
  std::vector<std::string> fields = checked_fields(options.fields, global.format());
  auto uncertainty = global.uncertainty();
  if (uncertainty) {
    // CSV and Markdown print no more than the headline ranges: only full JSON records, and
    // --fields naming another range, take details.
    const bool json = global.format() == Format::json || global.format() == Format::jsonl
                      || global.format() == Format::table;
    uncertainty->details =
        (json && (options.full_record || with_trail)) || fields_need_details(fields);
  }
  // Without --explain nothing prints the trail: skip building it, or all but the factors the
  // uncertainty reads (bench: training_estimate vs training_estimate_numbers_only).
  const Trail trail = with_trail ? Trail::full : uncertainty ? Trail::factors : Trail::none;
  Writer writer(global.format(),
                with_trail,
                uncertainty.has_value(),
                catalog.data_version(),
                std::move(fields));
  GridBasisWatch watch("batch");
  Progress progress(!global.quiet && isatty(STDERR_FILENO) != 0, total_bytes);
  const InterruptGuard interrupt;

  ExitCode worst = ExitCode::ok;
  std::optional<InputFormat> format;
  std::vector<std::string> header;
  std::size_t kind_column = 0;
  std::size_t name_column = 0;
  std::vector<std::string> cells;
  std::string line;
  std::size_t line_number = 0;
  std::size_t records = 0;
  std::uintmax_t bytes = 0;
  while (!interrupt.interrupted()) {
    // Flush before a read that may block, so `tail -f | aifoot batch` sees each result promptly.
    if (in->rdbuf()->in_avail() <= 0) {
      writer.flush();
    }
    if (!std::getline(*in, line)) {
      break;
    }
    ++line_number;
    bytes += line.size() + 1;
    const std::size_t record_line = line_number;
    if (format == InputFormat::csv) {
      // RFC 4180: a quoted field may hold line breaks, so a record runs on until its quotes close.
      std::string next;
      while (!csv_record_complete(line) && std::getline(*in, next)) {
        ++line_number;
        bytes += next.size() + 1;
        line.append("\n").append(next);
      }
    }
    std::string_view text = line;
    if (record_line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") {
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
        kind_column = column_index(header, "kind");
        name_column = column_index(header, "name");
        continue;
      }
    }
    ++records;
    ScenarioFields scenario;
    try {
      if (*format == InputFormat::jsonl) {
        scenario = parse_scenario_json(text, "record");
      } else {
        split_csv_record(text, cells);
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
          if (i == kind_column) {
            scenario.kind = value;
          } else if (i == name_column) {
            scenario.name = value;
          } else {
            scenario.fields.emplace_back(header[i], value);
          }
        }
      }
      const Footprint footprint =
          estimate_scenario(scenario, catalog, uncertainty ? &*uncertainty : nullptr, trail);
      writer.write(record_line, scenario.name, footprint);
      watch.add(footprint.grid, [&] {
        return scenario.name.empty() ? fmt::format("line {}", record_line) : scenario.name;
      });
    } catch (const std::exception& failure) {
      // Every record yields one output record: a bug in one must not drop the rest of the stream.
      const auto* e = dynamic_cast<const Error*>(&failure);
      writer.write_error(
          record_line, scenario.name, failure.what(), e != nullptr ? e->hint() : std::string());
      spdlog::error("{}:{}: {}", one_line(source), record_line, one_line(failure.what()));
      const ExitCode code = e != nullptr ? exit_code_for(e->kind()) : ExitCode::internal;
      if (severity(code) > severity(worst)) {
        worst = code;
      }
    }
    progress.update(records, bytes);
  }
  writer.finish();
  if (interrupt.interrupted()) {
    spdlog::warn("interrupted: stopped after {} records", records);
    return ExitCode::interrupted;
  }
  // std::cin reads through stdin's FILE, which keeps a read error in ferror() rather than in the
  // stream state: without this check a failing standard input read as end of input.
  if (in->bad() || (in == &std::cin && std::ferror(stdin) != 0)) {
    throw Error(ErrorKind::io, fmt::format("error reading '{}'", source));
  }
  return worst;
}

} // namespace aifoot::cli
