#include "compare_command.hpp"

#include "output.hpp"
#include "result_output.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
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
#include <fstream>

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
     "water_l.headline",
     "Water",
     format_water,
     [](const Footprint& f) {
       return std::optional(f.water.headline_l()); // in --water-scope
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
    {"item-energy",
     "per_item.energy_wh",
     "Energy per image or video",
     format_wh,
     [](const Footprint& f) {
       return f.per_item ? std::optional(f.per_item->energy_wh) : std::nullopt;
     }},
    {"item-co2e",
     "per_item.co2e_g",
     "Carbon per image or video",
     format_grams,
     [](const Footprint& f) {
       return f.per_item ? std::optional(f.per_item->co2e_g) : std::nullopt;
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
  std::vector<ModelNote> notes; // caveats on its models (closed models), for the table
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

void estimate_all(std::vector<Variant>& variants,
                  const Catalog& catalog,
                  const GlobalOptions& global) {
  const auto uncertainty = global.uncertainty();
  for (auto& variant : variants) {
    try {
      const Footprint footprint =
          estimate_scenario(variant.scenario, catalog, uncertainty ? &*uncertainty : nullptr);
      variant.notes = model_notes(footprint);
      ordered_json result = to_json(footprint, catalog.data_version());
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
void write_svg(const std::string& path,
               const std::vector<Variant>& variants,
               const Metric& metric) {
  constexpr double k_bar_height = 24;
  constexpr double k_gap = 8;
  constexpr double k_label_width = 260;
  constexpr double k_chart_width = 420;
  double max = 0;
  for (const auto& v : variants) {
    max = std::max(max, json_number_at(v.result, metric.path).value_or(0.0));
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
    const double value = json_number_at(v.result, metric.path).value_or(0.0);
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
  write_file(path, svg); // checked, and FILE is only replaced once it is whole
}

// The grid basis a result states ("FR: lifecycle, production-based, CO2e, ember 2024"); empty
// for a failed result.
std::string grid_label(const Variant& v) {
  if (v.failed || !v.result.contains("grid")) {
    return "";
  }
  return v.result["grid"].value("label", "");
}

// Warns once when the results put side by side use grid intensities on different bases.
void warn_on_mixed_bases(const std::vector<Variant>& variants, const std::string& command) {
  GridBasisWatch watch(command);
  for (const auto& v : variants) {
    if (!v.failed) {
      watch.add(v.name, v.result);
    }
  }
}

// The scenarios that could not be estimated: one line each with the error, then its hint, so a
// mistake common to all of them (no hardware given) reads once per scenario, not once per metric.
void print_failures(const std::vector<Variant>& variants, std::size_t name_width) {
  bool any = false;
  for (const auto& v : variants) {
    if (!v.failed) {
      continue;
    }
    if (!any) {
      fmt::print("Not estimated\n");
      any = true;
    }
    fmt::print("  {}  error: {}\n", pad(v.name, name_width), v.result["error"].get<std::string>());
    if (const auto hint = v.result.find("hint"); hint != v.result.end()) {
      fmt::print("  {}  hint: {}\n", pad("", name_width), hint->get<std::string>());
    }
  }
  if (any) {
    fmt::print("\n");
  }
}

// Caveats on the models compared (closed models are third-party size estimates), once each.
void print_model_notes(const std::vector<Variant>& variants) {
  std::vector<std::string> printed;
  for (const auto& v : variants) {
    for (const auto& note : v.notes) {
      const std::string line = fmt::format("Note: {}: {}", note.model, note.note);
      if (std::find(printed.begin(), printed.end(), line) == printed.end()) {
        fmt::print("{}\n", line);
        printed.push_back(line);
      }
    }
  }
  if (!printed.empty()) {
    fmt::print("\n");
  }
}

// One block per metric (the headline ones, the sort metric, all with --explain): each estimated
// scenario with its value, ratio to the baseline and a bar.
void print_table(const std::vector<Variant>& variants,
                 const GlobalOptions& global,
                 const Metric* highlight,
                 const Variant* baseline) {
  std::size_t name_width = 8;
  for (const auto& v : variants) {
    name_width = std::max(name_width, display_width(v.name));
  }
  print_failures(variants, name_width);
  print_model_notes(variants);
  for (const auto& m : k_metrics) {
    const bool headline = m.id == "energy" || m.id == "co2e" || m.id == "water";
    if (highlight != nullptr && &m != highlight && !global.explain && !headline) {
      continue;
    }
    if (std::none_of(variants.begin(), variants.end(), [&](const Variant& v) {
          return json_number_at(v.result, m.path).has_value();
        })) {
      continue; // e.g. per-request metrics of training runs, or nothing estimated
    }
    double max = 0;
    for (const auto& v : variants) {
      max = std::max(max, json_number_at(v.result, m.path).value_or(0.0));
    }
    fmt::print("{} ({})\n", m.label, m.path);
    const double base = baseline ? json_number_at(baseline->result, m.path).value_or(0.0) : 0.0;
    for (const auto& v : variants) {
      if (v.failed) {
        continue; // listed once under "Not estimated"
      }
      const auto value = json_number_at(v.result, m.path);
      if (!value) {
        fmt::print("  {}  -\n", pad(v.name, name_width));
        continue;
      }
      const std::string ratio = base > 0 ? fmt::format("{:.2f}x", *value / base) : "";
      fmt::print("  {}  {:>14}  {:>7}  {}\n",
                 pad(v.name, name_width),
                 m.format(*value),
                 ratio,
                 bar(*value, max, 30));
    }
    fmt::print("\n");
  }
  if (std::all_of(variants.begin(), variants.end(), [](const Variant& v) { return v.failed; })) {
    return;
  }
  fmt::print("Grid basis\n");
  for (const auto& v : variants) {
    const std::string label = grid_label(v);
    fmt::print("  {}  {}\n", pad(v.name, name_width), label.empty() ? "-" : label);
  }
}

void print_results(const std::vector<Variant>& variants,
                   const GlobalOptions& global,
                   const std::string& schema,
                   const Metric* highlight) {
  const auto* baseline = variants.empty() || variants.front().failed ? nullptr : &variants.front();
  switch (global.format()) {
  case Format::json:
  case Format::jsonl: {
    ordered_json out;
    out["schema"] = schema;
    out["scenarios"] = ordered_json::array();
    for (const auto& v : variants) {
      ordered_json entry{{"name", v.name}, {"kind", v.scenario.kind}};
      ordered_json fields = ordered_json::object();
      for (const auto& [key, value] : v.scenario.fields) {
        fields[key] = value;
      }
      entry["fields"] = fields;
      entry["result"] = v.result;
      if (baseline != nullptr && !v.failed) {
        ordered_json ratios;
        for (const auto& m : k_metrics) {
          const auto base = json_number_at(baseline->result, m.path);
          const auto value = json_number_at(v.result, m.path);
          // Nested like the result itself: ratio_to_first.co2e_kg.total.
          const auto dot = m.path.find('.');
          ratios[std::string(m.path.substr(0, dot))][std::string(m.path.substr(dot + 1))] =
              base && value && *base > 0 ? ordered_json(*value / *base) : ordered_json(nullptr);
        }
        entry["ratio_to_first"] = ratios;
      }
      out["scenarios"].push_back(std::move(entry));
    }
    fmt::print("{}\n", global.format() == Format::json ? out.dump(2) : out.dump());
    return;
  }
  case Format::csv: {
    std::vector<std::string> header{"name", "error"};
    for (const auto& m : k_metrics) {
      header.emplace_back(m.path);
      header.push_back(fmt::format("{}.ratio", m.path));
    }
    header.emplace_back("grid_basis");
    fmt::print("{}\n", fmt::join(header, ","));
    for (const auto& v : variants) {
      std::vector<std::string> row{csv_field(v.name),
                                   v.failed ? csv_field(v.result["error"].get<std::string>()) : ""};
      for (const auto& m : k_metrics) {
        const auto value = json_number_at(v.result, m.path);
        const double base = baseline ? json_number_at(baseline->result, m.path).value_or(0.0) : 0.0;
        row.push_back(value ? fmt::format("{}", *value) : "");
        row.push_back(value && base > 0 ? fmt::format("{}", *value / base) : "");
      }
      row.push_back(csv_field(grid_label(v)));
      fmt::print("{}\n", fmt::join(row, ","));
    }
    return;
  }
  case Format::markdown: {
    fmt::print("| scenario |");
    for (const auto& m : k_metrics) {
      fmt::print(" {} |", m.label);
    }
    fmt::print("\n|---|");
    for (std::size_t i = 0; i < std::size(k_metrics); ++i) {
      fmt::print("---:|");
    }
    fmt::print("\n");
    for (const auto& v : variants) {
      fmt::print("| {} |", markdown_cell(v.name));
      for (const auto& m : k_metrics) {
        const auto value = json_number_at(v.result, m.path);
        const double base = baseline ? json_number_at(baseline->result, m.path).value_or(0.0) : 0.0;
        if (!value) {
          fmt::print(" {} |", v.failed ? "error" : "-");
        } else if (base > 0 && &v != baseline) {
          fmt::print(" {} ({:.2f}x) |", m.format(*value), *value / base);
        } else {
          fmt::print(" {} |", m.format(*value));
        }
      }
      fmt::print("\n");
    }
    return;
  }
  case Format::table:
    break;
  }
  print_table(variants, global, highlight, baseline);
}

ExitCode worst_code(const std::vector<Variant>& variants) {
  return std::any_of(variants.begin(), variants.end(), [](const Variant& v) { return v.failed; })
             ? ExitCode::invalid_input
             : ExitCode::ok;
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
  auto variants = build_compare_variants(options, *options.command);
  estimate_all(variants, catalog, global);
  warn_on_mixed_bases(variants, "compare");
  const Metric& metric = require_metric(options.metric.empty() ? "co2e" : options.metric);
  print_results(variants, global, "aifoot.comparison/1", nullptr);
  if (!options.plot.empty()) {
    write_svg(options.plot, variants, metric);
  }
  return worst_code(variants);
}

ExitCode run_sweep(const CompareOptions& options, const GlobalOptions& global) {
  require_format(global, "sweep", {"table", "json", "jsonl", "csv", "markdown"});
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
  std::vector<Variant> variants;
  variants.reserve(keep);
  for (std::size_t r = 0; r < keep_ranked; ++r) {
    variants.push_back(grid.variant_at(ranked[r].second));
  }
  for (std::size_t f = 0; variants.size() < keep && f < failed.size(); ++f) {
    variants.push_back(grid.variant_at(failed[f]));
  }
  estimate_all(variants, catalog, global);
  warn_on_mixed_bases(variants, "sweep");
  print_results(variants, global, "aifoot.sweep/1", &metric);
  if (!options.plot.empty()) {
    write_svg(options.plot, variants, metric);
  }
  return worst_code(variants);
}

} // namespace aifoot::cli
