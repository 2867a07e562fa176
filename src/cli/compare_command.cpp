#include "compare_command.hpp"

#include "output.hpp"
#include "result_output.hpp"
#include "text_table.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

namespace aifoot::cli {

using nlohmann::ordered_json;

namespace {

// A metric users can compare, sort and plot by: a metric of the registry (its path, label and
// value) with the name --sort/--metric accept and its format for people.
struct Metric {
  std::string_view id; // what --sort/--metric accept
  const MetricSpec* spec;
  std::string (*format)(double);

  std::string_view path() const { return spec->path; } // "co2e_kg.total"
  std::string_view label() const { return spec->label; }
  std::optional<double> value(const Footprint& footprint) const { return spec->value(footprint); }
};

std::string format_energy(double kwh) {
  return format_energy_kwh(kwh);
}
std::string format_mass(double kg) {
  return format_mass_kg(kg) + "CO2e";
}
std::string format_water(double l) {
  return format_volume_l(l);
}
std::string format_wh(double wh) {
  return format_energy_kwh(wh / 1000.0);
}
std::string format_grams(double g) {
  return format_mass_kg(g / 1000.0) + "CO2e";
}
std::string format_joules(double j) {
  return format_number(j) + " J";
}
std::string format_hours(double h) {
  return format_number(h) + " device-h";
}

// Water is the headline water, in --water-scope.
constexpr auto k_compare_metrics = std::to_array<Metric>({
    {"energy", &metric_at("energy_kwh.total"), format_energy},
    {"co2e", &metric_at("co2e_kg.total"), format_mass},
    {"operational", &metric_at("co2e_kg.operational"), format_mass},
    {"embodied", &metric_at("co2e_kg.embodied"), format_mass},
    {"water", &metric_at("water_l.headline"), format_water},
    {"time", &metric_at("time.device_hours"), format_hours},
    {"request-energy", &metric_at("per_request.energy_wh"), format_wh},
    {"request-co2e", &metric_at("per_request.co2e_g"), format_grams},
    {"token-energy", &metric_at("throughput.energy_j_per_token"), format_joules},
    {"item-energy", &metric_at("per_item.energy_wh"), format_wh},
    {"item-co2e", &metric_at("per_item.co2e_g"), format_grams},
});

const Metric& require_metric(std::string_view id) {
  for (const auto& metric : k_compare_metrics) {
    if (metric.id == id || metric.path() == id) {
      return metric;
    }
  }
  std::vector<std::string> names;
  names.reserve(k_compare_metrics.size());
  for (const auto& metric : k_compare_metrics) {
    names.emplace_back(metric.id);
  }
  throw UsageError(fmt::format("unknown metric '{}' (use {})", id, fmt::join(names, ", ")));
}

// One printed row in compact form: what every format but JSON prints of a result.
struct Row {
  std::string name;
  bool failed = false;
  std::string error;
  std::string hint;
  std::string grid_label;                                             // empty for a failed result
  std::array<std::optional<double>, k_compare_metrics.size()> values; // by k_compare_metrics column
};

struct Variant {
  std::string name;
  ScenarioFields scenario;
  ordered_json result; // footprint JSON, or {"error": ...}: only for the JSON formats
  bool failed = false;
  Row row;                        // what the other formats print
  std::optional<GridFactor> grid; // of an estimated result
  std::vector<ModelNote> notes;   // caveats on its models (closed models), for the table
};

std::string file_stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

// Splits "a,b,c" values (sweep) and flattens repeated flags.
std::vector<std::string> split_values(const std::vector<std::string>& raw, bool split_commas) {
  std::vector<std::string> out;
  for (const auto& value : raw) {
    if (!split_commas) {
      out.push_back(value);
      continue;
    }
    for (auto& cell : split_csv_record(value)) {
      out.push_back(cell);
    }
  }
  return out;
}

// What compare and sweep vary: base scenarios (files, or one from the flags), the flags with one
// value (applied to every base) and the flags with several.
struct Grid {
  std::vector<ScenarioFields> bases;
  std::vector<std::string> base_names;
  std::vector<std::pair<std::string, std::string>> shared;
  std::vector<std::pair<std::string, std::vector<std::string>>> varying;
};

Grid collect_grid(const CompareOptions& options, const CLI::App& command, bool sweep) {
  Grid grid;
  for (const auto& [name, values] : options.fields) {
    if (command.count("--" + name) == 0) {
      continue;
    }
    auto all = split_values(values, sweep);
    if (all.size() == 1) {
      grid.shared.emplace_back(name, all.front());
    } else {
      grid.varying.emplace_back(name, std::move(all));
    }
  }
  for (const auto& path : options.files) {
    ScenarioFields scenario = parse_scenario_json(read_input(path), path);
    grid.base_names.push_back(scenario.name.empty() ? file_stem(path) : scenario.name);
    grid.bases.push_back(std::move(scenario));
  }
  if (grid.bases.empty()) {
    ScenarioFields base;
    base.kind = options.kind;
    grid.bases.push_back(base);
    grid.base_names.emplace_back();
  }
  return grid;
}

// Catalog names read as themselves ("h800", "aws:us-east-1"); every other varying value is named
// in a row label, so "input-tokens=500" and "output-tokens=500" stay apart.
bool is_catalog_name(std::string_view field) {
  return field == "model" || field == "hardware" || field == "region" || field == "zone"
         || field == "provider";
}

// One scenario of the grid: base `b` with the shared flags and the given varying values.
Variant make_variant(const Grid& grid,
                     std::size_t b,
                     const std::vector<std::pair<std::string, std::string>>& combo,
                     std::size_t number) {
  Variant variant;
  variant.scenario = grid.bases[b];
  for (const auto& field : grid.shared) {
    variant.scenario.fields.push_back(field);
  }
  std::vector<std::string> label;
  if (!grid.base_names[b].empty()) {
    label.push_back(grid.base_names[b]);
  }
  for (const auto& [name, value] : combo) {
    variant.scenario.fields.emplace_back(name, value);
    label.push_back(is_catalog_name(name) ? value : fmt::format("{}={}", name, value));
  }
  variant.name = label.empty() ? fmt::format("scenario {}", number)
                               : fmt::format("{}", fmt::join(label, ", "));
  return variant;
}

// Compare: repeated flags are zipped one to one, and applied to every base.
std::vector<Variant> build_compare_variants(const CompareOptions& options,
                                            const CLI::App& command) {
  const Grid grid = collect_grid(options, command, false);
  std::vector<std::vector<std::pair<std::string, std::string>>> combos{{}};
  if (!grid.varying.empty()) {
    const std::size_t count = grid.varying.front().second.size();
    for (const auto& [name, values] : grid.varying) {
      if (values.size() != count) {
        throw UsageError(
            fmt::format("--{} has {} values but --{} has {}: repeated flags are paired one to one",
                        name,
                        values.size(),
                        grid.varying.front().first,
                        count));
      }
    }
    combos.assign(count, {});
    for (const auto& [name, values] : grid.varying) {
      for (std::size_t i = 0; i < count; ++i) {
        combos[i].emplace_back(name, values[i]);
      }
    }
  }
  std::vector<Variant> variants;
  for (std::size_t b = 0; b < grid.bases.size(); ++b) {
    for (const auto& combo : combos) {
      variants.push_back(make_variant(grid, b, combo, variants.size() + 1));
    }
  }
  if (variants.size() < 2) {
    throw UsageError("compare needs two or more scenarios: give files, or repeat a flag "
                     "(e.g. --hardware a100-80gb --hardware h100-sxm)");
  }
  return variants;
}

// Sweep: the Cartesian product of the varying flags, for every base, numbered with the last flag
// varying fastest. Combinations are decoded from their number, never all held at once.
class SweepGrid {
public:
  explicit SweepGrid(Grid grid)
      : m_grid(std::move(grid)) {
    m_per_base = 1;
    for (const auto& [name, values] : m_grid.varying) {
      if (m_per_base > k_max_combinations / values.size()) {
        throw UsageError(fmt::format("the sweep has more than {} combinations: narrow it",
                                     format_number(k_max_combinations)));
      }
      m_per_base *= values.size();
    }
    if (m_per_base > k_max_combinations / m_grid.bases.size()) {
      throw UsageError(fmt::format("the sweep has more than {} combinations: narrow it",
                                   format_number(k_max_combinations)));
    }
  }

  std::size_t size() const { return m_per_base * m_grid.bases.size(); }

  // The fields of combination `index` into `out`, reusing its storage (the hot loop of a sweep).
  void fields_at(std::size_t index, ScenarioFields& out) const {
    const ScenarioFields& base = m_grid.bases[index / m_per_base];
    out.kind = base.kind;
    out.fields.resize(base.fields.size() + m_grid.shared.size() + m_grid.varying.size());
    std::size_t f = 0;
    for (const auto& field : base.fields) {
      out.fields[f++] = field;
    }
    for (const auto& field : m_grid.shared) {
      out.fields[f++] = field;
    }
    std::size_t rest = index % m_per_base;
    for (std::size_t v = m_grid.varying.size(); v-- > 0;) {
      const auto& [name, values] = m_grid.varying[v];
      out.fields[f + v].first = name;
      out.fields[f + v].second = values[rest % values.size()];
      rest /= values.size();
    }
  }

  Variant variant_at(std::size_t index) const {
    std::vector<std::pair<std::string, std::string>> combo;
    std::size_t rest = index % m_per_base;
    for (std::size_t v = m_grid.varying.size(); v-- > 0;) {
      const auto& [name, values] = m_grid.varying[v];
      combo.emplace_back(name, values[rest % values.size()]);
      rest /= values.size();
    }
    std::reverse(combo.begin(), combo.end());
    return make_variant(m_grid, index / m_per_base, combo, index + 1);
  }

private:
  static constexpr std::size_t k_max_combinations = 100'000'000;
  Grid m_grid;
  std::size_t m_per_base = 1;
};

// The rows of a comparison or sweep in printed order, built one at a time, never all held.
struct PrintedRows {
  std::size_t count = 0;
  std::function<Variant(std::size_t)> at; // the scenario of row k, not yet estimated
};

// The row of an estimated footprint: its numbers read from the footprint itself (the same
// numbers its JSON holds, without building the JSON).
Row row_of(const std::string& name, const Footprint& footprint) {
  Row row{name, false, "", "", footprint.grid.describe(), {}};
  for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
    row.values[i] = k_compare_metrics[i].value(footprint);
  }
  return row;
}

// Estimates `variant` into its row (and, `with_json`, its result JSON), or its error. `trail` may
// be none when the assumption trail is not read (only the table's model notes read it).
void estimate_one(Variant& variant,
                  const Catalog& catalog,
                  const UncertaintyOptions* uncertainty,
                  Trail trail,
                  bool with_json) {
  try {
    const Footprint footprint = estimate_scenario(variant.scenario, catalog, uncertainty, trail);
    variant.notes = model_notes(footprint);
    variant.row = row_of(variant.name, footprint);
    variant.grid = footprint.grid;
    if (with_json) {
      ordered_json result = to_json(footprint, catalog.data_version());
      result.erase("assumptions");
      variant.result = std::move(result);
    }
  } catch (const Error& e) {
    variant.failed = true;
    variant.row = Row{variant.name, true, e.what(), e.hint(), "", {}};
    variant.result = ordered_json{{"error", e.what()}};
    if (!e.hint().empty()) {
      variant.result["hint"] = e.hint();
    }
  }
}

// The value of column `i` over the baseline's, or nothing without a baseline or a value.
std::optional<double> ratio_of(const Row& row, const std::optional<Row>& baseline, std::size_t i) {
  if (!baseline || !row.values[i] || !baseline->values[i] || !(*baseline->values[i] > 0)) {
    return std::nullopt;
  }
  return *row.values[i] / *baseline->values[i];
}

// Prints JSON, JSONL, CSV and Markdown results row by row as they are estimated, so a sweep of
// 100,000 combinations streams in flat memory. The output is what one document holding every
// row would print (JSON: dump(2) of {"schema", "scenarios": [...]}). The first row, if estimated,
// is the baseline of the ratios.
class StreamPrinter {
public:
  StreamPrinter(Format format, std::string_view schema)
      : m_format(format),
        m_schema(schema) {}

  void add(const Variant& v) {
    Row row = v.row;
    if (m_count == 0 && !row.failed) {
      m_baseline = row;
    }
    if (m_count == 0) {
      begin();
    }
    switch (m_format) {
    case Format::json:
    case Format::jsonl:
      print_json(v, row);
      break;
    case Format::csv:
      print_csv(row);
      break;
    default:
      print_markdown(row);
      break;
    }
    ++m_count;
  }

  void finish() {
    if (m_count == 0) {
      begin();
    }
    if (m_format == Format::json) {
      fmt::print("{}\n}}\n", m_count == 0 ? "]" : "\n  ]");
    } else if (m_format == Format::jsonl) {
      fmt::print("]}}\n");
    }
  }

private:
  void begin() const;
  void print_json(const Variant& v, const Row& row) const;
  void print_csv(const Row& row) const;
  void print_markdown(const Row& row) const;

  Format m_format;
  std::string_view m_schema;
  std::optional<Row> m_baseline;
  std::size_t m_count = 0;
};

// The document's opening (JSON) or the header (CSV, Markdown).
void StreamPrinter::begin() const {
  const std::string schema = ordered_json(m_schema).dump();
  switch (m_format) {
  case Format::json:
    fmt::print("{{\n  \"schema\": {},\n  \"scenarios\": [", schema);
    return;
  case Format::jsonl:
    fmt::print(R"({{"schema":{},"scenarios":[)", schema);
    return;
  case Format::csv: {
    std::vector<std::string> header{"name", "error"};
    for (const auto& m : k_compare_metrics) {
      header.emplace_back(m.path());
      header.push_back(fmt::format("{}.ratio", m.path()));
    }
    header.emplace_back("grid_basis");
    fmt::print("{}\n", fmt::join(header, ","));
    return;
  }
  default:
    break;
  }
  fmt::print("| scenario |");
  for (const auto& m : k_compare_metrics) {
    fmt::print(" {} |", m.label());
  }
  fmt::print("\n|---|");
  for (std::size_t i = 0; i < std::size(k_compare_metrics); ++i) {
    fmt::print("---:|");
  }
  fmt::print("\n");
}

void StreamPrinter::print_json(const Variant& v, const Row& row) const {
  ordered_json entry{{"name", v.name}, {"kind", v.scenario.kind}};
  ordered_json fields = ordered_json::object();
  for (const auto& [key, value] : v.scenario.fields) {
    fields[key] = value;
  }
  entry["fields"] = fields;
  entry["result"] = v.result;
  if (m_baseline && !v.failed) {
    ordered_json ratios;
    for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
      // Nested like the result itself: ratio_to_first.co2e_kg.total.
      const std::string_view path = k_compare_metrics[i].path();
      const auto dot = path.find('.');
      const auto r = ratio_of(row, m_baseline, i);
      ratios[std::string(path.substr(0, dot))][std::string(path.substr(dot + 1))] =
          r ? ordered_json(*r) : ordered_json(nullptr);
    }
    entry["ratio_to_first"] = ratios;
  }
  const char* separator = m_count == 0 ? "" : ",";
  if (m_format == Format::jsonl) {
    fmt::print("{}{}", separator, entry.dump());
    return;
  }
  // Indented as it is two levels down in the document (strings hold no raw newline).
  const std::string text = entry.dump(2);
  std::string indented = "\n    ";
  indented.reserve(text.size() * 2);
  for (const char c : text) {
    indented.push_back(c);
    if (c == '\n') {
      indented += "    ";
    }
  }
  fmt::print("{}{}", separator, indented);
}

void StreamPrinter::print_csv(const Row& row) const {
  std::vector<std::string> cells{csv_field(row.name), row.failed ? csv_field(row.error) : ""};
  for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
    const auto r = ratio_of(row, m_baseline, i);
    cells.push_back(row.values[i] ? fmt::format("{}", *row.values[i]) : "");
    cells.push_back(r ? fmt::format("{}", *r) : "");
  }
  cells.push_back(csv_field(row.grid_label));
  fmt::print("{}\n", fmt::join(cells, ","));
}

void StreamPrinter::print_markdown(const Row& row) const {
  fmt::print("| {} |", markdown_cell(row.name));
  for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
    const auto r = ratio_of(row, m_baseline, i);
    if (!row.values[i]) {
      fmt::print(" {} |", row.failed ? "error" : "-");
    } else if (r && m_count > 0) {
      fmt::print(" {} ({:.2f}x) |", k_compare_metrics[i].format(*row.values[i]), *r);
    } else {
      fmt::print(" {} |", k_compare_metrics[i].format(*row.values[i]));
    }
  }
  fmt::print("\n");
}

std::string bar(double value, double max, std::size_t width) {
  if (!(max > 0.0) || !(value > 0.0)) {
    return "";
  }
  const double cells = value / max * static_cast<double>(width);
  const auto full = static_cast<std::size_t>(cells);
  std::string out;
  for (std::size_t i = 0; i < full; ++i) {
    out += "█";
  }
  static constexpr std::array<const char*, 8> k_partial{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  out += k_partial[static_cast<std::size_t>((cells - static_cast<double>(full)) * 8.0) % 8];
  return out;
}

// One bar of the SVG chart.
struct PlotBar {
  std::string name;
  double value = 0;
  bool failed = false;
};

// A self-contained SVG bar chart of `metric`, one bar per scenario.
void write_svg(const std::string& path, const std::vector<PlotBar>& bars, const Metric& metric) {
  constexpr double k_bar_height = 24;
  constexpr double k_gap = 8;
  constexpr double k_label_width = 260;
  constexpr double k_chart_width = 420;
  double max = 0;
  for (const auto& b : bars) {
    max = std::max(max, b.value);
  }
  const double height = 40 + static_cast<double>(bars.size()) * (k_bar_height + k_gap) + 10;
  std::string svg =
      fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                  "viewBox=\"0 0 {0} {1}\" "
                  "font-family=\"sans-serif\" font-size=\"12\">\n"
                  "<title>{2}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                  "<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
                  k_label_width + k_chart_width + 140,
                  height,
                  xml_escape(fmt::format("{} ({})", metric.label(), metric.path())));
  double y = 40;
  for (const auto& b : bars) {
    const double width = max > 0 ? b.value / max * k_chart_width : 0;
    svg += fmt::format("<g class=\"bar\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                       "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#2b7a4b\"/>"
                       "<text x=\"{:.1f}\" y=\"{}\">{}</text></g>\n",
                       k_label_width - 8,
                       y + k_bar_height * 0.7,
                       xml_escape(b.name),
                       k_label_width,
                       y,
                       width,
                       k_bar_height,
                       k_label_width + width + 6,
                       y + k_bar_height * 0.7,
                       xml_escape(b.failed ? "error" : metric.format(b.value)));
    y += k_bar_height + k_gap;
  }
  svg += "</svg>\n";
  write_file(path, svg); // checked, and FILE is only replaced once it is whole
}

// The table format: one block per metric (the headline ones, the sort metric, all with
// --explain), each estimated scenario with its value, ratio to the baseline and a bar scaled to
// the largest value, after the failures and model notes and before the grid bases. The widths
// and scales need every row first: a first pass estimates each row (as printed) and keeps the
// column widths, maxima and notes; the blocks then read up to k_cached_rows compact rows kept
// from that pass, or, for larger sweeps, estimate each row again for its point values (no
// uncertainty: the table prints none), so memory stays flat and the layout is the same.
class TablePrinter {
public:
  static constexpr std::size_t k_cached_rows = 10'000;

  TablePrinter(const PrintedRows& rows,
               const Catalog& catalog,
               bool explain,
               const Metric* highlight)
      : m_rows(rows),
        m_catalog(catalog),
        m_explain(explain),
        m_highlight(highlight) {}

  // The first pass: called with each row, in order, as estimated for printing.
  void add(const Variant& v) {
    Row row = v.row;
    m_name_width = std::max(m_name_width, display_width(row.name));
    for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
      m_has[i] = m_has[i] || row.values[i].has_value();
      m_max[i] = std::max(m_max[i], row.values[i].value_or(0.0));
    }
    for (const auto& note : v.notes) {
      std::string line = fmt::format("Note: {}: {}", note.model, note.note);
      if (std::find(m_notes.begin(), m_notes.end(), line) == m_notes.end()) {
        m_notes.push_back(std::move(line));
      }
    }
    m_any_failed = m_any_failed || row.failed;
    m_all_failed = m_all_failed && row.failed;
    if (m_seen == 0 && !row.failed) {
      m_baseline = row;
    }
    if (m_cache.size() == m_seen && m_seen < k_cached_rows) {
      m_cache.push_back(std::move(row));
    } else {
      m_cache.clear();
      m_cache.shrink_to_fit();
    }
    ++m_seen;
  }

  void finish() const;

private:
  template <typename Visit> void for_each_row(Visit visit) const;
  void print_failures() const;
  void print_notes() const;
  void print_block(std::size_t i) const;

  const PrintedRows& m_rows;
  const Catalog& m_catalog;
  bool m_explain;
  const Metric* m_highlight;
  std::size_t m_name_width = 8;
  std::array<bool, k_compare_metrics.size()> m_has{};
  std::array<double, k_compare_metrics.size()> m_max{};
  std::vector<std::string> m_notes;
  std::optional<Row> m_baseline;
  std::vector<Row> m_cache;
  std::size_t m_seen = 0;
  bool m_any_failed = false;
  bool m_all_failed = true;
};

// Calls visit(row) for every row in order: the cached rows, or each estimated again.
template <typename Visit> void TablePrinter::for_each_row(Visit visit) const {
  if (m_cache.size() == m_seen) {
    for (const auto& row : m_cache) {
      visit(row);
    }
    return;
  }
  for (std::size_t k = 0; k < m_rows.count; ++k) {
    Variant v = m_rows.at(k);
    estimate_one(v, m_catalog, nullptr, Trail::none, false);
    visit(v.row);
  }
}

// The scenarios that could not be estimated: one line each with the error, then its hint, so a
// mistake common to all of them (no hardware given) reads once per scenario, not once per metric.
void TablePrinter::print_failures() const {
  if (!m_any_failed) {
    return;
  }
  fmt::print("Not estimated\n");
  for_each_row([&](const Row& row) {
    if (!row.failed) {
      return;
    }
    fmt::print("  {}  error: {}\n", pad(row.name, m_name_width), row.error);
    if (!row.hint.empty()) {
      fmt::print("  {}  hint: {}\n", pad("", m_name_width), row.hint);
    }
  });
  fmt::print("\n");
}

// Caveats on the models compared (closed models are third-party size estimates), once each.
void TablePrinter::print_notes() const {
  for (const auto& line : m_notes) {
    fmt::print("{}\n", line);
  }
  if (!m_notes.empty()) {
    fmt::print("\n");
  }
}

void TablePrinter::print_block(std::size_t i) const {
  const Metric& m = k_compare_metrics[i];
  fmt::print("{} ({})\n", m.label(), m.path());
  for_each_row([&](const Row& row) {
    if (row.failed) {
      return; // listed once under "Not estimated"
    }
    const auto& value = row.values[i];
    if (!value) {
      fmt::print("  {}  -\n", pad(row.name, m_name_width));
      return;
    }
    const auto r = ratio_of(row, m_baseline, i);
    fmt::print("  {}  {:>14}  {:>7}  {}\n",
               pad(row.name, m_name_width),
               m.format(*value),
               r ? fmt::format("{:.2f}x", *r) : "",
               bar(*value, m_max[i], 30));
  });
  fmt::print("\n");
}

void TablePrinter::finish() const {
  print_failures();
  print_notes();
  for (std::size_t i = 0; i < k_compare_metrics.size(); ++i) {
    const Metric& m = k_compare_metrics[i];
    const bool headline = m.id == "energy" || m.id == "co2e" || m.id == "water";
    if (m_highlight != nullptr && &m != m_highlight && !m_explain && !headline) {
      continue;
    }
    if (m_has[i]) { // else e.g. per-request metrics of training runs, or nothing estimated
      print_block(i);
    }
  }
  if (m_all_failed) {
    return;
  }
  fmt::print("Grid basis\n");
  for_each_row([&](const Row& row) {
    fmt::print(
        "  {}  {}\n", pad(row.name, m_name_width), row.grid_label.empty() ? "-" : row.grid_label);
  });
}

// Estimates and prints every row in order (streaming every format but the table's blocks),
// warns once on mixed grid bases, and writes --plot. Exit 3 if a row could not be estimated.
ExitCode print_results(const PrintedRows& rows,
                       const Catalog& catalog,
                       const GlobalOptions& global,
                       const std::string& command,
                       const Metric* highlight,
                       const std::string& plot,
                       const Metric& plot_metric) {
  const auto uncertainty = global.uncertainty();
  const Format format = global.format();
  StreamPrinter stream(format, command == "compare" ? "aifoot.comparison/1" : "aifoot.sweep/1");
  TablePrinter table(rows, catalog, global.explain, highlight);
  GridBasisWatch watch(command);
  std::vector<PlotBar> bars; // only with --plot
  bool failed = false;
  // Only the table's model notes read the assumption trail; only JSON prints the result's JSON.
  const Trail trail = format == Format::table ? Trail::full : Trail::none;
  const bool with_json = format == Format::json || format == Format::jsonl;
  const auto plot_column = static_cast<std::size_t>(&plot_metric - k_compare_metrics.data());
  for (std::size_t k = 0; k < rows.count; ++k) {
    Variant v = rows.at(k);
    estimate_one(v, catalog, uncertainty ? &*uncertainty : nullptr, trail, with_json);
    failed = failed || v.failed;
    if (v.grid) {
      watch.add(*v.grid, [&] { return v.name; });
    }
    if (!plot.empty()) {
      bars.push_back({v.name, v.row.values[plot_column].value_or(0.0), v.failed});
    }
    if (format == Format::table) {
      table.add(v);
    } else {
      stream.add(v);
    }
  }
  if (format == Format::table) {
    table.finish();
  } else {
    stream.finish();
  }
  if (!plot.empty()) {
    write_svg(plot, bars, plot_metric);
  }
  return failed ? ExitCode::invalid_input : ExitCode::ok;
}

void add_shared(CLI::App& command, CompareOptions& options, bool sweep) {
  options.command = &command;
  command.add_option("scenarios", options.files, "scenario JSON files (flags apply to each)");
  command.add_option("--kind", options.kind, "kind of scenario built from flags")
      ->check(CLI::IsMember({"training", "inference", "generation"}))
      ->capture_default_str();
  // The fields of every kind (--kind picks which apply; a field the kind lacks is an error).
  for (const auto specs :
       {training_field_specs(), inference_field_specs(), generation_field_specs()}) {
    for (const FieldSpec& spec : specs) {
      const std::string name(spec.name);
      if (options.fields.contains(name)) {
        continue;
      }
      command.add_option("--" + name, options.fields[name], std::string(spec.help))
          ->type_name(std::string(spec.placeholder) + (sweep ? ",..." : " (repeatable)"))
          ->group("Scenario fields");
    }
  }
  command.add_option("--plot", options.plot, "write an SVG bar chart of the metric to FILE");
}

} // namespace

void add_compare_commands(CLI::App& app, CompareOptions& compare, CompareOptions& sweep) {
  CLI::App* c =
      app.add_subcommand("compare", "compare scenarios side by side, with ratios to the first");
  add_shared(*c, compare, false);
  c->add_option(
      "--metric",
      compare.metric,
      "metric for --plot: energy, co2e, operational, embodied, water, time, request-energy, "
      "request-co2e, token-energy, item-energy, item-co2e");
  c->footer(
      "Examples:\n  aifoot compare a.json b.json\n"
      "  aifoot compare --hardware a100-80gb --hardware h100-sxm --device-hours 1000 --zone FR\n"
      "Repeated flags are paired one to one; the first scenario is the baseline.");
  CLI::App* s = app.add_subcommand(
      "sweep", "every combination of comma-separated field values, sorted by a metric");
  add_shared(*s, sweep, true);
  s->add_option(
      "--sort",
      sweep.metric,
      "metric to sort by: energy, co2e, operational, embodied, water, time, request-energy, "
      "request-co2e, token-energy, item-energy, item-co2e");
  s->add_option("--top", sweep.top, "keep the best N combinations")
      ->check([](const std::string& text) {
        // CLI11 2.1 reads "-1" into an unsigned as its wrap-around, which would keep everything.
        const bool digits_only =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        return digits_only && text.find_first_not_of('0') != std::string::npos
                   ? std::string()
                   : std::string("must be a whole number, 1 or more");
      });
  s->add_flag("--descending", sweep.descending, "largest first");
  s->footer("Example:\n  aifoot sweep --model llama-3.1-8b --tokens 1T --hardware "
            "a100-80gb,h100-sxm,h200 "
            "--region aws:us-east-1,gcp:europe-north1 --sort co2e --top 3");
}

ExitCode run_compare(const CompareOptions& options, const GlobalOptions& global) {
  require_format(global, "compare", {"table", "json", "jsonl", "csv", "markdown"});
  const Catalog catalog = load_catalog(global);
  const auto variants = build_compare_variants(options, *options.command);
  const Metric& metric = require_metric(options.metric.empty() ? "co2e" : options.metric);
  const PrintedRows rows{variants.size(), [&](std::size_t k) {
                           return variants[k];
                         }};
  return print_results(rows, catalog, global, "compare", nullptr, options.plot, metric);
}

// The order a sweep prints its combinations in: ranked by the metric's point value (ties by grid
// order), then the failures and results without the metric in grid order. With --top N only the
// best N are kept, in a bounded heap; without, 16 bytes per combination are held for the sort.
class SweepOrder {
public:
  SweepOrder(std::size_t keep, bool descending)
      : m_keep(keep),
        m_descending(descending) {}

  void add(std::optional<double> value, std::size_t index) {
    if (!value) {
      if (m_unranked.size() < m_keep) {
        m_unranked.push_back(index);
      }
      return;
    }
    const Entry entry{*value, index};
    if (m_ranked.size() < m_keep) {
      m_ranked.push_back(entry);
      std::push_heap(m_ranked.begin(), m_ranked.end(), before());
    } else if (before()(entry, m_ranked.front())) {
      std::pop_heap(m_ranked.begin(), m_ranked.end(), before());
      m_ranked.back() = entry;
      std::push_heap(m_ranked.begin(), m_ranked.end(), before());
    }
  }

  // Once every combination is added: the kept ones, best first.
  void finish() {
    std::sort_heap(m_ranked.begin(), m_ranked.end(), before());
    m_unranked.resize(std::min(m_unranked.size(), m_keep - m_ranked.size()));
  }

  std::size_t size() const { return m_ranked.size() + m_unranked.size(); }
  std::size_t index(std::size_t k) const {
    return k < m_ranked.size() ? m_ranked[k].second : m_unranked[k - m_ranked.size()];
  }

private:
  using Entry = std::pair<double, std::size_t>; // (metric, index)

  // Ranks a before b: by the metric, then by grid order.
  struct Before {
    bool descending = false;
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.first != b.first) {
        return descending ? a.first > b.first : a.first < b.first;
      }
      return a.second < b.second;
    }
  };
  Before before() const { return Before{m_descending}; }

  std::size_t m_keep;
  bool m_descending;
  std::vector<Entry> m_ranked; // a heap (worst first) until finish
  std::vector<std::size_t> m_unranked;
};

ExitCode run_sweep(const CompareOptions& options, const GlobalOptions& global) {
  require_format(global, "sweep", {"table", "json", "jsonl", "csv", "markdown"});
  const Catalog catalog = load_catalog(global);
  const SweepGrid grid(collect_grid(options, *options.command, true));
  const Metric& metric = require_metric(options.metric.empty() ? "co2e" : options.metric);

  // Rank every combination by its point value, estimated without trail or uncertainty (the
  // ranking needs neither), then estimate and print the kept rows one at a time.
  SweepOrder order(options.top > 0 ? std::min(options.top, grid.size()) : grid.size(),
                   options.descending);
  ScenarioFields fields;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    grid.fields_at(i, fields);
    std::optional<double> value;
    try {
      value = metric.value(estimate_scenario(fields, catalog, nullptr, Trail::none));
    } catch (const Error&) {
      value.reset();
    }
    order.add(value, i);
  }
  order.finish();
  const PrintedRows rows{order.size(), [&](std::size_t k) {
                           return grid.variant_at(order.index(k));
                         }};
  return print_results(rows, catalog, global, "sweep", &metric, options.plot, metric);
}

} // namespace aifoot::cli
