#include "compare_command.hpp"

#include "output.hpp"
#include "result_output.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace aifoot::cli {

using nlohmann::ordered_json;

namespace {

// A metric users can compare, sort and plot by: a path into the footprint JSON.
struct Metric {
  std::string_view id;    // what --sort/--metric accept
  std::string_view path;  // "co2e_kg.total"
  std::string_view label; // for humans
  std::string (*format)(double);
  std::optional<double> (*value)(const Footprint&); // the same number, from the footprint
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

constexpr auto k_metrics = std::to_array<Metric>({
    {"energy",
     "energy_kwh.total",
     "Energy",
     format_energy,
     [](const Footprint& f) {
       return std::optional(f.energy.total_kwh);
     }},
    {"co2e",
     "co2e_kg.total",
     "Carbon",
     format_mass,
     [](const Footprint& f) {
       return std::optional(f.co2e.total_kg);
     }},
    {"operational",
     "co2e_kg.operational",
     "Operational carbon",
     format_mass,
     [](const Footprint& f) {
       return std::optional(f.co2e.operational_kg);
     }},
    {"embodied",
     "co2e_kg.embodied",
     "Embodied carbon",
     format_mass,
     [](const Footprint& f) {
       return std::optional(f.co2e.embodied_kg);
     }},
    {"water",
     "water_l.total",
     "Water",
     format_water,
     [](const Footprint& f) {
       return std::optional(f.water.total_l);
     }},
    {"time",
     "time.device_hours",
     "Device time",
     format_hours,
     [](const Footprint& f) {
       return std::optional(f.time.device_hours);
     }},
    {"request-energy",
     "per_request.energy_wh",
     "Energy per request",
     format_wh,
     [](const Footprint& f) {
       return f.per_request ? std::optional(f.per_request->energy_wh) : std::nullopt;
     }},
    {"request-co2e",
     "per_request.co2e_g",
     "Carbon per request",
     format_grams,
     [](const Footprint& f) {
       return f.per_request ? std::optional(f.per_request->co2e_g) : std::nullopt;
     }},
    {"token-energy",
     "throughput.energy_j_per_token",
     "Energy per output token",
     format_joules,
     [](const Footprint& f) {
       return f.throughput ? std::optional(f.throughput->energy_j_per_token) : std::nullopt;
     }},
});

const Metric& require_metric(std::string_view id) {
  for (const auto& metric : k_metrics) {
    if (metric.id == id || metric.path == id) {
      return metric;
    }
  }
  std::vector<std::string> names;
  names.reserve(k_metrics.size());
  for (const auto& metric : k_metrics) {
    names.emplace_back(metric.id);
  }
  throw UsageError(fmt::format("unknown metric '{}' (use {})", id, fmt::join(names, ", ")));
}

struct Variant {
  std::string name;
  ScenarioFields scenario;
  ordered_json result; // footprint JSON, or {"error": ...}
  bool failed = false;
};

// What the table format and --plot keep of a variant once it is printed: a few bytes per row
// instead of its whole result, so that a sweep of every combination keeps flat memory.
struct Row {
  std::string name;
  bool failed = false;
  std::string error;
  std::array<std::optional<double>, k_metrics.size()> values; // by k_metrics column
};

// The column of `metric` in Row::values.
std::size_t metric_column(const Metric& metric) {
  return static_cast<std::size_t>(&metric - k_metrics.data());
}

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
    label.push_back(value);
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

void estimate_one(Variant& variant,
                  const Catalog& catalog,
                  const std::optional<UncertaintyOptions>& uncertainty) {
  try {
    // The printed result leaves out the assumption trail: build it only when the uncertainty
    // analysis reads it (bench: training_estimate vs training_estimate_numbers_only).
    const Trail trail = uncertainty ? Trail::full : Trail::none;
    ordered_json result = to_json(
        estimate_scenario(variant.scenario, catalog, uncertainty ? &*uncertainty : nullptr, trail),
        catalog.data_version());
    result.erase("assumptions");
    variant.result = std::move(result);
  } catch (const Error& e) {
    variant.failed = true;
    variant.result = ordered_json{{"error", e.what()}};
    if (!e.hint().empty()) {
      variant.result["hint"] = e.hint();
    }
  }
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

std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return text + std::string(width > w ? width - w : 0, ' ');
}

// A self-contained SVG bar chart of `metric`, one bar per scenario.
void write_svg(const std::string& path, const std::vector<Row>& variants, const Metric& metric) {
  const std::size_t column = metric_column(metric);
  constexpr double k_bar_height = 24;
  constexpr double k_gap = 8;
  constexpr double k_label_width = 260;
  constexpr double k_chart_width = 420;
  double max = 0;
  for (const auto& v : variants) {
    max = std::max(max, v.values[column].value_or(0.0));
  }
  const double height = 40 + static_cast<double>(variants.size()) * (k_bar_height + k_gap) + 10;
  std::string svg =
      fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                  "viewBox=\"0 0 {0} {1}\" "
                  "font-family=\"sans-serif\" font-size=\"12\">\n"
                  "<title>{2}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                  "<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
                  k_label_width + k_chart_width + 140,
                  height,
                  xml_escape(fmt::format("{} ({})", metric.label, metric.path)));
  double y = 40;
  for (const auto& v : variants) {
    const double value = v.values[column].value_or(0.0);
    const double width = max > 0 ? value / max * k_chart_width : 0;
    svg += fmt::format("<g class=\"bar\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                       "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#2b7a4b\"/>"
                       "<text x=\"{:.1f}\" y=\"{}\">{}</text></g>\n",
                       k_label_width - 8,
                       y + k_bar_height * 0.7,
                       xml_escape(v.name),
                       k_label_width,
                       y,
                       width,
                       k_bar_height,
                       k_label_width + width + 6,
                       y + k_bar_height * 0.7,
                       xml_escape(v.failed ? "error" : metric.format(value)));
    y += k_bar_height + k_gap;
  }
  svg += "</svg>\n";
  write_file(path, svg);
}

// Prints the results of a comparison or sweep as they come: JSON, JSONL, CSV and Markdown rows
// are written as each variant is added, so a sweep of 100,000 combinations streams in flat
// memory; only the compact rows (name, error, one number per metric) are kept, for the table
// format (metric blocks with bars scaled to the largest value) and --plot. The first variant is
// the baseline of the ratios.
class ResultPrinter {
public:
  ResultPrinter(const GlobalOptions& global, std::string_view schema, const Metric* highlight)
      : m_global(global),
        m_format(global.format()),
        m_schema(schema),
        m_highlight(highlight) {}

  void add(const Variant& v) {
    Row row{v.name, v.failed, v.failed ? v.result.value("error", std::string()) : "", {}};
    for (std::size_t i = 0; i < k_metrics.size(); ++i) {
      row.values[i] = json_number_at(v.result, k_metrics[i].path);
    }
    if (m_rows.empty() && !row.failed) {
      m_baseline = row;
    }
    switch (m_format) {
    case Format::json:
    case Format::jsonl:
      print_json(v, row);
      break;
    case Format::csv:
      print_csv(row);
      break;
    case Format::markdown:
      print_markdown(row);
      break;
    case Format::table:
      break;
    }
    m_failed = m_failed || row.failed;
    m_rows.push_back(std::move(row));
  }

  void finish() {
    switch (m_format) {
    case Format::json:
      fmt::print("{}{}\n}}\n", begin_json(), m_rows.empty() ? "]" : "\n  ]");
      break;
    case Format::jsonl:
      fmt::print("{}]}}\n", begin_json());
      break;
    case Format::csv:
    case Format::markdown:
      begin_rows();
      break;
    case Format::table:
      print_table();
      break;
    }
  }

  const std::vector<Row>& rows() const { return m_rows; }
  ExitCode exit_code() const { return m_failed ? ExitCode::invalid_input : ExitCode::ok; }

private:
  // The value of column `i` over the baseline's, or nothing without a baseline or a value.
  std::optional<double> ratio(const Row& row, std::size_t i) const {
    if (!m_baseline || !row.values[i] || !m_baseline->values[i] || !(*m_baseline->values[i] > 0)) {
      return std::nullopt;
    }
    return *row.values[i] / *m_baseline->values[i];
  }

  // The document's opening, once: what dump(2) or dump() of {"schema", "scenarios": [...]} starts
  // with.
  std::string begin_json() {
    if (m_begun) {
      return "";
    }
    m_begun = true;
    const std::string schema = ordered_json(m_schema).dump();
    return m_format == Format::json
               ? fmt::format("{{\n  \"schema\": {},\n  \"scenarios\": [", schema)
               : fmt::format(R"({{"schema":{},"scenarios":[)", schema);
  }

  void print_json(const Variant& v, const Row& row) {
    ordered_json entry{{"name", v.name}, {"kind", v.scenario.kind}};
    ordered_json fields = ordered_json::object();
    for (const auto& [key, value] : v.scenario.fields) {
      fields[key] = value;
    }
    entry["fields"] = fields;
    entry["result"] = v.result;
    if (m_baseline && !v.failed) {
      ordered_json ratios;
      for (std::size_t i = 0; i < k_metrics.size(); ++i) {
        // Nested like the result itself: ratio_to_first.co2e_kg.total.
        const std::string_view path = k_metrics[i].path;
        const auto dot = path.find('.');
        const auto r = ratio(row, i);
        ratios[std::string(path.substr(0, dot))][std::string(path.substr(dot + 1))] =
            r ? ordered_json(*r) : ordered_json(nullptr);
      }
      entry["ratio_to_first"] = ratios;
    }
    const std::string open = begin_json();
    if (m_format == Format::jsonl) {
      fmt::print("{}{}{}", open, m_rows.empty() ? "" : ",", entry.dump());
      return;
    }
    // Indented as it would be two levels down in the document.
    std::string text = entry.dump(2);
    std::string indented = "\n    ";
    for (const char c : text) {
      indented.push_back(c);
      if (c == '\n') {
        indented += "    ";
      }
    }
    fmt::print("{}{}{}", open, m_rows.empty() ? "" : ",", indented);
  }

  void begin_rows() {
    if (m_begun) {
      return;
    }
    m_begun = true;
    if (m_format == Format::csv) {
      std::vector<std::string> header{"name", "error"};
      for (const auto& m : k_metrics) {
        header.emplace_back(m.path);
        header.push_back(fmt::format("{}.ratio", m.path));
      }
      fmt::print("{}\n", fmt::join(header, ","));
      return;
    }
    fmt::print("| scenario |");
    for (const auto& m : k_metrics) {
      fmt::print(" {} |", m.label);
    }
    fmt::print("\n|---|");
    for (std::size_t i = 0; i < std::size(k_metrics); ++i) {
      fmt::print("---:|");
    }
    fmt::print("\n");
  }

  void print_csv(const Row& row) {
    begin_rows();
    std::vector<std::string> cells{csv_field(row.name), row.failed ? csv_field(row.error) : ""};
    for (std::size_t i = 0; i < k_metrics.size(); ++i) {
      const auto r = ratio(row, i);
      cells.push_back(row.values[i] ? fmt::format("{}", *row.values[i]) : "");
      cells.push_back(r ? fmt::format("{}", *r) : "");
    }
    fmt::print("{}\n", fmt::join(cells, ","));
  }

  void print_markdown(const Row& row) {
    begin_rows();
    fmt::print("| {} |", markdown_cell(row.name));
    for (std::size_t i = 0; i < k_metrics.size(); ++i) {
      const auto r = ratio(row, i);
      if (!row.values[i]) {
        fmt::print(" {} |", row.failed ? "error" : "-");
      } else if (r && !m_rows.empty()) {
        fmt::print(" {} ({:.2f}x) |", k_metrics[i].format(*row.values[i]), *r);
      } else {
        fmt::print(" {} |", k_metrics[i].format(*row.values[i]));
      }
    }
    fmt::print("\n");
  }

  void print_table() const {
    std::size_t name_width = 8;
    for (const auto& row : m_rows) {
      name_width = std::max(name_width, display_width(row.name));
    }
    const bool all_failed =
        std::all_of(m_rows.begin(), m_rows.end(), [](const Row& row) { return row.failed; });
    for (std::size_t i = 0; i < k_metrics.size(); ++i) {
      const Metric& m = k_metrics[i];
      const bool headline = m.id == "energy" || m.id == "co2e" || m.id == "water";
      if (m_highlight != nullptr && &m != m_highlight && !m_global.explain && !headline) {
        continue;
      }
      if (std::none_of(m_rows.begin(),
                       m_rows.end(),
                       [&](const Row& row) { return row.values[i].has_value(); })
          && !all_failed) {
        continue; // e.g. per-request metrics of training runs
      }
      double max = 0;
      for (const auto& row : m_rows) {
        max = std::max(max, row.values[i].value_or(0.0));
      }
      fmt::print("{} ({})\n", m.label, m.path);
      for (const auto& row : m_rows) {
        if (!row.values[i]) {
          fmt::print("  {}  {}\n",
                     pad(row.name, name_width),
                     row.failed ? fmt::format("error: {}", row.error) : "-");
          continue;
        }
        const auto r = ratio(row, i);
        fmt::print("  {}  {:>14}  {:>7}  {}\n",
                   pad(row.name, name_width),
                   m.format(*row.values[i]),
                   r ? fmt::format("{:.2f}x", *r) : "",
                   bar(*row.values[i], max, 30));
      }
      fmt::print("\n");
    }
  }

  const GlobalOptions& m_global;
  Format m_format;
  std::string_view m_schema;
  const Metric* m_highlight;
  std::optional<Row> m_baseline;
  std::vector<Row> m_rows;
  bool m_begun = false;
  bool m_failed = false;
};

void add_shared(CLI::App& command, CompareOptions& options, bool sweep) {
  options.command = &command;
  command.add_option("scenarios", options.files, "scenario JSON files (flags apply to each)");
  command.add_option("--kind", options.kind, "kind of scenario built from flags")
      ->check(CLI::IsMember({"training", "inference"}))
      ->capture_default_str();
  // The fields of every kind (--kind picks which apply; a field the kind lacks is an error).
  for (const auto specs : {training_field_specs(), inference_field_specs()}) {
    for (const FieldSpec& spec : specs) {
      const std::string name(spec.name);
      if (options.fields.contains(name)) {
        continue;
      }
      command.add_option("--" + name, options.fields[name], field_help(spec.help, spec.name))
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
      "request-co2e, token-energy");
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
      "request-co2e, token-energy");
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
  const Catalog catalog = load_catalog(global);
  auto variants = build_compare_variants(options, *options.command);
  const Metric& metric = require_metric(options.metric.empty() ? "co2e" : options.metric);
  const auto uncertainty = global.uncertainty();
  ResultPrinter printer(global, "aifoot.comparison/1", nullptr);
  for (auto& variant : variants) {
    estimate_one(variant, catalog, uncertainty);
    printer.add(variant);
  }
  printer.finish();
  if (!options.plot.empty()) {
    write_svg(options.plot, printer.rows(), metric);
  }
  return printer.exit_code();
}

ExitCode run_sweep(const CompareOptions& options, const GlobalOptions& global) {
  const Catalog catalog = load_catalog(global);
  const SweepGrid grid(collect_grid(options, *options.command, true));
  const Metric& metric = require_metric(options.metric.empty() ? "co2e" : options.metric);

  // Rank every combination by its point value, estimated without trail or uncertainty (the
  // ranking needs neither), then estimate only the rows that are printed in full.
  std::vector<std::pair<double, std::size_t>> ranked; // (metric, index)
  std::vector<std::size_t> failed;
  ranked.reserve(grid.size());
  ScenarioFields fields;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    grid.fields_at(i, fields);
    std::optional<double> value;
    try {
      value = metric.value(estimate_scenario(fields, catalog, nullptr, Trail::none));
    } catch (const Error&) {
      value.reset();
    }
    if (value) {
      ranked.emplace_back(*value, i);
    } else {
      failed.push_back(i); // failures (and results without the metric) last, in order
    }
  }
  const auto before = [&](const auto& a, const auto& b) {
    if (a.first != b.first) {
      return options.descending ? a.first > b.first : a.first < b.first;
    }
    return a.second < b.second;
  };
  const std::size_t keep = options.top > 0 ? std::min(options.top, grid.size()) : grid.size();
  const std::size_t keep_ranked = std::min(keep, ranked.size());
  std::partial_sort(ranked.begin(),
                    ranked.begin() + static_cast<std::ptrdiff_t>(keep_ranked),
                    ranked.end(),
                    before);
  // Each printed row is estimated in full and printed at once (see ResultPrinter).
  const auto uncertainty = global.uncertainty();
  ResultPrinter printer(global, "aifoot.sweep/1", &metric);
  const auto print_row = [&](std::size_t index) {
    Variant variant = grid.variant_at(index);
    estimate_one(variant, catalog, uncertainty);
    printer.add(variant);
  };
  for (std::size_t r = 0; r < keep_ranked; ++r) {
    print_row(ranked[r].second);
  }
  for (std::size_t f = 0; keep_ranked + f < keep && f < failed.size(); ++f) {
    print_row(failed[f]);
  }
  printer.finish();
  if (!options.plot.empty()) {
    write_svg(options.plot, printer.rows(), metric);
  }
  return printer.exit_code();
}

} // namespace aifoot::cli
