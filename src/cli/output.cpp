#include "output.hpp"

#include "text_table.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

namespace aifoot::cli {
namespace {

std::string with_commas(double rounded) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(rounded));
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (rounded < 0) {
    out.push_back('-');
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out.push_back(',');
    }
    out.push_back(digits[i]);
  }
  return out;
}

struct Scaled {
  double value;
  const char* unit;
};

std::string scaled(double value, std::initializer_list<Scaled> steps) {
  // A unit is used from 10,000 of the one below it, so "1,287 MWh" rather than "1.29 GWh".
  const Scaled* chosen = steps.begin();
  for (const auto& step : steps) {
    if (std::fabs(value) >= step.value * (&step == steps.begin() ? 1.0 : 10.0)) {
      chosen = &step;
    }
  }
  return fmt::format("{} {}", format_number(value / chosen->value), chosen->unit);
}

std::string assumption_value(const Assumption& a) {
  if (!a.text.empty()) {
    return a.text;
  }
  return a.unit.empty() ? format_number(a.value)
                        : fmt::format("{} {}", format_number(a.value), a.unit);
}

// Rows of the headline table: label, human value, share or detail.
struct Row {
  std::string label;
  std::string value;
};

std::string per_unit_text(const PerUnit& unit) {
  return fmt::format("{}, {}CO2e, {}",
                     format_energy_kwh(unit.energy_wh / 1000.0),
                     format_mass_kg(unit.co2e_g / 1000.0),
                     format_volume_ml(unit.water_ml));
}

// Rows of a generation result: the items, per-item and per-1,000-items figures, replica time.
void add_generation_rows(const GenerationUse& g,
                         const std::optional<PerUnit>& per_item,
                         std::vector<Row>& rows) {
  const bool video = g.media == "video";
  const char* noun = video ? "video" : "image";
  std::string items = fmt::format("{} {}{}", format_number(g.items), noun, g.items == 1 ? "" : "s");
  if (g.items_per_day && g.days) {
    items += fmt::format(
        " ({}/day over {} days)", format_number(*g.items_per_day), format_number(*g.days));
  }
  rows.push_back({"Items", items});
  rows.push_back({"  output",
                  fmt::format("{:.0f}x{:.0f} px{}, {} steps x {} pass{}",
                              g.width_px,
                              g.height_px,
                              video ? fmt::format(", {} frames", format_number(g.frames)) : "",
                              format_number(g.steps),
                              format_number(g.passes_per_step),
                              g.passes_per_step == 1 ? "" : "es")});
  if (per_item) {
    rows.push_back({fmt::format("Per {}", noun), per_unit_text(*per_item)});
    rows.push_back({fmt::format("Per 1,000 {}s", noun),
                    per_unit_text({per_item->energy_wh * 1000.0,
                                   per_item->co2e_g * 1000.0,
                                   per_item->water_ml * 1000.0})});
  }
  rows.push_back({fmt::format("Time per {}", noun),
                  fmt::format("{} s on a replica of {} device{}, batch {}",
                              format_number(g.seconds_per_item),
                              format_number(g.devices_per_replica),
                              g.devices_per_replica == 1 ? "" : "s",
                              format_number(g.batch))});
  // U-Net presets count attention inside their measured FLOPs (share 0): no share to show.
  rows.push_back({"  latent tokens",
                  g.attention_share > 0
                      ? fmt::format("{} per pass, attention {:.0f}% of denoiser FLOPs",
                                    with_commas(g.latent_tokens),
                                    g.attention_share * 100.0)
                      : fmt::format("{} per pass", with_commas(g.latent_tokens))});
  rows.push_back(
      {"  denoising share", fmt::format("{:.0f}% of the time", g.denoise_share * 100.0)});
}

// Rows of inference and lifecycle results: the workload, per-unit figures, throughput, shares.
void add_service_rows(const Footprint& f, std::vector<Row>& rows) {
  if (const auto& w = f.workload) {
    std::string requests = format_number(w->requests);
    if (w->requests_per_day && w->days) {
      requests += fmt::format(
          " ({}/day over {} days)", format_number(*w->requests_per_day), format_number(*w->days));
    }
    rows.push_back({"Requests", requests});
    rows.push_back({"  tokens per request",
                    fmt::format("{} in, {} out + {} reasoning",
                                format_number(w->input_tokens),
                                format_number(w->output_tokens),
                                format_number(w->reasoning_tokens))});
  }
  if (f.per_request) {
    rows.push_back({"Per request", per_unit_text(*f.per_request)});
    const PerUnit& r = *f.per_request;
    rows.push_back({"Per 1,000 requests",
                    per_unit_text({r.energy_wh * 1000.0, r.co2e_g * 1000.0, r.water_ml * 1000.0})});
  }
  if (f.per_million_tokens) {
    rows.push_back({"Per million output tokens", per_unit_text(*f.per_million_tokens)});
  }
  if (const auto& t = f.throughput) {
    const std::string unit = t->deployment == "expert-parallel" ? "decode unit" : "replica";
    rows.push_back({"Throughput",
                    fmt::format("{} tokens/s per {} of {} devices, batch {}",
                                format_number(t->tokens_per_s),
                                unit,
                                format_number(t->devices_per_replica),
                                format_number(t->batch))});
    if (t->prefill_devices > 0) {
      rows.push_back({"  deployment",
                      fmt::format("expert-parallel: prefill units of {}, decode units of {} "
                                  "devices",
                                  format_number(t->prefill_devices),
                                  format_number(t->devices_per_replica))});
    }
    rows.push_back({"  decode step",
                    fmt::format("{} ms ({}), {} tokens/s per user",
                                format_number(t->step_ms),
                                t->bound == "measured" ? "measured" : t->bound + "-bound",
                                format_number(t->user_tokens_per_s))});
    rows.push_back({"  prefill per request", fmt::format("{} ms", format_number(t->prefill_ms))});
    rows.push_back(
        {"Energy per output token", fmt::format("{} J", format_number(t->energy_j_per_token))});
  }
  if (const auto& fl = f.fleet) {
    rows.push_back(
        {"Fleet",
         fmt::format("{} devices ({} nodes of 8){}",
                     format_number(fl->devices),
                     format_number(fl->nodes),
                     fl->prefill_devices > 0 ? fmt::format(": {} prefill + {} decode",
                                                           format_number(fl->prefill_devices),
                                                           format_number(fl->decode_devices))
                                             : std::string())});
    rows.push_back({"  power (IT)",
                    fmt::format("{} MW average, {} MW peak",
                                format_number(fl->average_it_mw),
                                format_number(fl->peak_it_mw))});
    rows.push_back({"  power (facility)",
                    fmt::format("{} MW average, {} MW peak",
                                format_number(fl->average_facility_mw),
                                format_number(fl->peak_facility_mw))});
  }
  if (const auto& g = f.generation) {
    add_generation_rows(*g, f.per_item, rows);
  }
  if (const auto& l = f.lifecycle) {
    rows.push_back({"Training share",
                    fmt::format("{:.1f}% of energy ({}{})",
                                l->training_share * 100.0,
                                format_energy_kwh(l->training_kwh),
                                l->teacher_kwh > 0 ? fmt::format(" + teacher {}",
                                                                 format_energy_kwh(l->teacher_kwh))
                                                   : "")});
    rows.push_back({"Inference share",
                    fmt::format("{:.1f}% of energy ({})",
                                l->inference_share * 100.0,
                                format_energy_kwh(l->inference_kwh))});
    rows.push_back({"Training per request", per_unit_text(l->training_per_request)});
    rows.push_back(
        {"Serving passes training",
         l->crossover_day ? fmt::format("on day {}", format_number(*l->crossover_day)) : "n/a"});
  }
}

// " (1,050–1,530 MWh)": the p5–p95 range of `metric`, in the unit of the point value when both
// ends share it; empty without uncertainty.
std::string range_text(const Footprint& f,
                       std::string_view metric,
                       std::string (*format)(double),
                       std::string_view suffix = "") {
  if (!f.uncertainty) {
    return "";
  }
  for (const auto& r : f.uncertainty->ranges) {
    if (r.metric != metric) {
      continue;
    }
    if (!(r.p95 - r.p5 > 1e-9 * std::fabs(r.p50))) {
      return ""; // every input of this metric is exact
    }
    std::string low = format(r.p5) + std::string(suffix);
    const std::string high = format(r.p95) + std::string(suffix);
    const auto unit_of = [](const std::string& text) {
      return text.substr(text.find(' '));
    };
    if (low.find(' ') != std::string::npos && unit_of(low) == unit_of(high)) {
      low = low.substr(0, low.find(' '));
    }
    return fmt::format("  ({}–{})", low, high);
  }
  return "";
}

std::string mass_text(double kg) {
  return format_mass_kg(kg) + "CO2e";
}

// The model rows of the headline: only models whose trail carries a caveat.
void add_model_rows(const Footprint& f, std::vector<Row>& rows) {
  for (const auto& note : model_notes(f)) {
    rows.push_back({note.phase.empty() ? "Model" : fmt::format("Model ({})", note.phase),
                    fmt::format("{} ({})", note.model, note.note)});
  }
}

std::vector<Row> headline_rows(const Footprint& f) {
  const EnergyBreakdown& e = f.energy;
  std::vector<Row> rows;
  add_model_rows(f, rows);
  rows.push_back(
      {fmt::format("Energy ({})", to_string(f.boundary)),
       format_energy_kwh(e.total_kwh) + range_text(f, "energy_kwh.total", format_energy_kwh)});
  rows.push_back({"  accelerators", format_energy_kwh(e.accelerators_kwh)});
  rows.push_back({"  host", format_energy_kwh(e.host_kwh)});
  if (e.idle_capacity_kwh > 0) {
    rows.push_back({"  idle capacity", format_energy_kwh(e.idle_capacity_kwh)});
  }
  rows.push_back({"  facility overhead (PUE)", format_energy_kwh(e.facility_overhead_kwh)});
  rows.push_back({"Carbon (incl. embodied)",
                  mass_text(f.co2e.total_kg) + range_text(f, "co2e_kg.total", mass_text)});
  rows.push_back(
      {"  operational",
       mass_text(f.co2e.operational_kg) + range_text(f, "co2e_kg.operational", mass_text)});
  rows.push_back(
      {"  embodied", mass_text(f.co2e.embodied_kg) + range_text(f, "co2e_kg.embodied", mass_text)});
  // The headline water follows --water-scope; the breakdown below always shows both parts.
  const std::string water_metric = fmt::format("water_l.{}", to_string(f.water.scope));
  rows.push_back(
      {fmt::format("Water ({})", to_string(f.water.scope)),
       format_volume_l(f.water.headline_l()) + range_text(f, water_metric, format_volume_l)});
  rows.push_back({"  on-site (cooling)", format_volume_l(f.water.onsite_l)});
  rows.push_back({"  off-site (electricity)", format_volume_l(f.water.offsite_l)});
  std::string time = fmt::format("{} device-hours", format_number(f.time.device_hours));
  if (f.time.wall_hours && f.time.devices) {
    time += fmt::format(", {} on {} devices",
                        format_duration_h(*f.time.wall_hours),
                        format_number(*f.time.devices));
  }
  rows.push_back({"Time", time});
  if (f.compute.flops) {
    rows.push_back({"Compute", fmt::format("{:.3g} FLOP", *f.compute.flops)});
  }
  add_service_rows(f, rows);
  rows.push_back(
      {"Grid basis",
       fmt::format("{} (--grid-basis {})", f.grid.describe(), to_string(f.grid.option))});
  return rows;
}

// Source ids by origin, in order of first appearance: printed once under the trail instead of on
// every line that uses them.
class SourceFooter {
public:
  void add(const std::string& origin, const std::vector<std::string>& sources) {
    if (sources.empty()) {
      return;
    }
    auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& entry) {
      return entry.first == origin;
    });
    if (it == m_entries.end()) {
      m_entries.emplace_back(origin, std::vector<std::string>{});
      it = std::prev(m_entries.end());
    }
    for (const auto& id : sources) {
      if (std::find(it->second.begin(), it->second.end(), id) == it->second.end()) {
        it->second.push_back(id);
      }
    }
  }

  void write(std::FILE* out) const {
    fmt::print(out, "\nSources (run 'aifoot show SOURCE-ID' for the citation):\n");
    for (const auto& [origin, ids] : m_entries) {
      fmt::print(out, "  {}\n      {}\n", origin, fmt::join(ids, ", "));
    }
  }

private:
  std::vector<std::pair<std::string, std::vector<std::string>>> m_entries;
};

// The assumption trail as aligned name, value and origin columns; notes on a line of their own
// under the origin.
void write_assumptions(std::FILE* out, const Footprint& f, SourceFooter& footer) {
  TextTable table({{.min_width = 4}, {.min_width = 5}, {}});
  table.add_row({"name", "value", "origin"});
  for (const auto& a : f.assumptions) {
    table.add_row({a.name, assumption_value(a), a.origin});
    if (!a.note.empty()) {
      table.add_line(2, a.note);
    }
    footer.add(a.origin, a.sources);
  }
  fmt::print(out, "\nAssumptions\n{}", table.render());
}

// The uncertain inputs and, per headline metric, which inputs explain its range.
void write_uncertainty(std::FILE* out, const Footprint& f, SourceFooter& footer) {
  if (!f.uncertainty) {
    return;
  }
  const Uncertainty& u = f.uncertainty.value();
  fmt::print(out,
             "\nUncertainty: p5–p95 from {} {} samples (seed {}); ranges of the inputs:\n",
             u.samples,
             u.method,
             u.seed);
  TextTable inputs({{.min_width = 4}, {.min_width = 5}, {}});
  for (const auto& input : u.inputs) {
    inputs.add_row({input.name,
                    fmt::format("{} .. {}", format_number(input.low), format_number(input.high)),
                    input.origin});
    footer.add(input.origin, input.sources);
  }
  fmt::print(out, "{}", inputs.render());
  for (const auto& m : u.sensitivity) {
    if (m.metric != "energy_kwh.total" && m.metric != "co2e_kg.total"
        && m.metric != "water_l.total") {
      continue;
    }
    std::vector<std::string> parts;
    for (const auto& share : m.shares) {
      parts.push_back(fmt::format("{} {:.0f}%", share.input, share.share * 100.0));
    }
    fmt::print(out, "  range of {} explained by: {}\n", m.metric, fmt::join(parts, ", "));
  }
}

void write_table(std::FILE* out,
                 const Footprint& f,
                 const GlobalOptions& options,
                 const std::string& title) {
  fmt::print(out, "{}\n\n", title);
  TextTable headline({{.min_width = 28, .gap = 0}, {}});
  for (const auto& row : headline_rows(f)) {
    headline.add_row({row.label, row.value});
  }
  fmt::print(out, "{}", headline.render());
  if (options.explain) {
    SourceFooter footer;
    write_assumptions(out, f, footer);
    write_uncertainty(out, f, footer);
    footer.write(out);
  }
}

void write_markdown(std::FILE* out,
                    const Footprint& f,
                    const GlobalOptions& options,
                    const std::string& title) {
  fmt::print(out, "### {}\n\n| metric | value |\n|---|---:|\n", one_line(title));
  for (const auto& row : headline_rows(f)) {
    const bool sub = row.label.rfind("  ", 0) == 0;
    fmt::print(out,
               "| {}{} | {} |\n",
               sub ? "&nbsp;&nbsp;" : "",
               sub ? row.label.substr(2) : "**" + row.label + "**",
               row.value);
  }
  if (options.explain) {
    fmt::print(out, "\n| assumption | value | origin | source |\n|---|---|---|---|\n");
    for (const auto& a : f.assumptions) {
      fmt::print(out,
                 "| {} | {} | {} | {} |\n",
                 a.name,
                 assumption_value(a),
                 a.origin,
                 fmt::join(a.sources, ", "));
    }
  }
}

void write_csv(std::FILE* out, const Footprint& f, const std::string& data_version) {
  nlohmann::ordered_json j = to_json(f, data_version);
  std::vector<std::pair<std::string, std::string>> cells;
  nlohmann::ordered_json headline;
  for (const char* key : {"kind",
                          "boundary",
                          "energy_kwh",
                          "co2e_kg",
                          "water_l",
                          "water_scope",
                          "grid",
                          "time",
                          "compute",
                          "workload",
                          "per_request",
                          "per_million_tokens",
                          "throughput",
                          "generation",
                          "per_item",
                          "lifecycle"}) {
    if (j.contains(key)) {
      headline[key] = j[key];
    }
  }
  if (j.contains("uncertainty")) {
    headline["uncertainty"] = j["uncertainty"];
  }
  flatten(headline, "", cells);
  for (const auto& a : f.assumptions) {
    cells.emplace_back("assumption." + a.name,
                       a.text.empty() ? fmt::format("{}", a.value) : a.text);
  }
  cells.emplace_back("data_version", data_version);
  std::string header;
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      header += ',';
      row += ',';
    }
    header += csv_field(cells[i].first);
    row += csv_field(cells[i].second);
  }
  fmt::print(out, "{}\n{}\n", header, row);
}

} // namespace

void flatten(const nlohmann::ordered_json& node,
             const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& cells) {
  for (const auto& [key, value] : node.items()) {
    const std::string name = prefix.empty() ? key : fmt::format("{}.{}", prefix, key);
    if (value.is_object()) {
      flatten(value, name, cells);
    } else if (value.is_number()) {
      cells.emplace_back(name, fmt::format("{}", value.get<double>()));
    } else if (value.is_string()) {
      cells.emplace_back(name, value.get<std::string>());
    } else if (value.is_boolean()) {
      cells.emplace_back(name, value.get<bool>() ? "true" : "false");
    } else if (value.is_null()) {
      cells.emplace_back(name, "");
    }
  }
}

std::vector<ModelNote> model_notes(const Footprint& footprint) {
  constexpr std::string_view k_suffix = ".model";
  std::vector<ModelNote> notes;
  for (const auto& a : footprint.assumptions) {
    const std::string_view name = a.name;
    const bool phased = name.size() > k_suffix.size() && name.ends_with(k_suffix);
    if ((name == "model" || phased) && !a.note.empty()) {
      notes.push_back({phased ? a.name.substr(0, name.size() - k_suffix.size()) : std::string(),
                       a.text,
                       a.note});
    }
  }
  return notes;
}

std::optional<double> json_number_at(const nlohmann::ordered_json& result, std::string_view path) {
  const nlohmann::ordered_json* node = &result;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key(
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    const auto it = node->find(key);
    if (it == node->end()) {
      return std::nullopt;
    }
    node = &*it;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return node->is_number() ? std::optional<double>(node->get<double>()) : std::nullopt;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\t':
    case '\n':
    case '\r':
      out.push_back(c);
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20U || c == '\x7f') {
        out += one_line(std::string_view(&c, 1));
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : one_line(text)) {
    if (c == '|') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

namespace {

// Percent-encodes what the GitHub runner reads as structure (its toCommandValue/escapeData).
std::string github_encode(std::string_view text, std::string_view also) {
  std::string out;
  for (const char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (also.find(c) != std::string_view::npos) {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

} // namespace

std::string github_message(std::string_view text) {
  return github_encode(text, "");
}

std::string github_property(std::string_view text) {
  return github_encode(text, ":,");
}

std::string format_number(double value) {
  if (!std::isfinite(value)) {
    return fmt::format("{}", value);
  }
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e15) {
    return fmt::format("{:.3g}", value);
  }
  if (magnitude >= 999.5) {
    // Whole numbers to 4 significant digits, then thousands separators: 1,287,400 -> "1,287,000".
    const double digits = std::floor(std::log10(magnitude)) + 1;
    const double step = std::pow(10.0, std::max(0.0, digits - 4));
    return with_commas(std::round(value / step) * step);
  }
  if (magnitude == 0) {
    return "0";
  }
  std::string text = fmt::format("{:.3g}", value);
  if (text.find('e') != std::string::npos) {
    const int decimals = static_cast<int>(-std::floor(std::log10(magnitude))) + 2;
    text = fmt::format("{:.{}f}", value, decimals);
  }
  return text;
}

std::string format_energy_kwh(double kwh) {
  return scaled(kwh * 1000.0,
                {{1.0, "Wh"}, {1e3, "kWh"}, {1e6, "MWh"}, {1e9, "GWh"}, {1e12, "TWh"}});
}

std::string format_mass_kg(double kg) {
  return scaled(kg * 1000.0, {{1.0, "g "}, {1e3, "kg "}, {1e6, "t "}, {1e9, "kt "}, {1e12, "Mt "}});
}

std::string format_volume_l(double litres) {
  // Cubic metres from 10,000 L on: easier to read than "12,300 L" and still exact to 3 digits.
  return litres >= 1e4 ? fmt::format("{} m³", format_number(litres / 1000.0))
                       : fmt::format("{} L", format_number(litres));
}

std::string format_volume_ml(double millilitres) {
  return millilitres < 1000.0 ? fmt::format("{} mL", format_number(millilitres))
                              : format_volume_l(millilitres / 1000.0);
}

namespace {

// A serialised grid factor read back (json_io writes it): enough to compare bases.
std::optional<GridFactor> grid_from_json(const nlohmann::ordered_json& result) {
  const auto it = result.find("grid");
  if (it == result.end() || !it->is_object()) {
    return std::nullopt;
  }
  const auto& g = *it;
  GridFactor grid;
  grid.source = g.value("source", "");
  grid.zone = g.value("zone", "");
  grid.option = g.value("basis_option", "") == "provider" ? GridBasisOption::provider
                                                          : GridBasisOption::lifecycle;
  if (g.contains("emissions") && g["emissions"].is_string()) {
    GridBasis basis;
    basis.scope = g["emissions"] == "direct" ? EmissionScope::direct : EmissionScope::lifecycle;
    const std::string allocation = g.value("allocation", "");
    basis.allocation = allocation == "consumption"  ? GridAllocation::consumption
                       : allocation == "production" ? GridAllocation::production
                                                    : GridAllocation::unstated;
    basis.gases = g.value("gases", "") == "co2" ? GreenhouseGases::co2 : GreenhouseGases::co2e;
    basis.year = g.value("year", 0);
    basis.dataset = g.value("dataset", "");
    grid.basis = basis;
  }
  return grid;
}

} // namespace

void GridBasisWatch::add(const GridFactor& grid, const std::function<std::string()>& name) {
  if (!m_first) {
    m_first.emplace(name(), grid);
    return;
  }
  if (m_warned) {
    return;
  }
  if (const auto mismatch = grid_basis_mismatch(m_first->second, grid)) {
    m_warned = true;
    spdlog::warn("{} mixes grid-intensity bases ({}): '{}' uses {}, '{}' uses {}; their carbon "
                 "differs by accounting as well as by grid (see docs/carbon-and-water.md)",
                 m_what,
                 *mismatch,
                 m_first->first,
                 m_first->second.describe(),
                 name(),
                 grid.describe());
  }
}

void GridBasisWatch::add(const nlohmann::ordered_json& result,
                         const std::function<std::string()>& name) {
  if (const auto grid = grid_from_json(result)) {
    add(*grid, name);
  }
}

std::string format_duration_h(double hours) {
  if (hours >= 48.0) {
    return fmt::format("{} days", format_number(hours / 24.0));
  }
  return fmt::format("{} hours", format_number(hours));
}

// The `co2_eq_emissions` block of a Hugging Face model card (YAML metadata; emissions in grams).
void write_model_card(std::FILE* out, const Footprint& f, const Catalog& catalog) {
  const Assumption* hardware = find_assumption(f, "hardware");
  const Assumption* region = find_assumption(f, "region");
  const Assumption* zone = find_assumption(f, "zone");
  std::string location = zone != nullptr ? zone->text : "unknown";
  if (region != nullptr) {
    location = fmt::format("{} ({})", region->text, location);
  }
  std::string hardware_used = hardware != nullptr ? hardware->text : "unknown";
  if (f.time.devices) {
    hardware_used = fmt::format("{} x {}", format_number(*f.time.devices), hardware_used);
  }
  std::string range;
  if (f.uncertainty) {
    for (const auto& r : f.uncertainty->ranges) {
      if (r.metric == "co2e_kg.total") {
        range = fmt::format("; p5-p95 {:.0f}-{:.0f} g", r.p5 * 1000.0, r.p95 * 1000.0);
      }
    }
  }
  fmt::print(out,
             "co2_eq_emissions:\n"
             "  emissions: {:.0f}\n"
             "  source: \"aifoot {} estimate (data {}, {} boundary, operational + embodied{}; "
             "grid {})\"\n"
             "  training_type: \"{}\"\n"
             "  geographical_location: \"{}\"\n"
             "  hardware_used: \"{}\"\n",
             f.co2e.total_kg * 1000.0,
             AIFOOT_VERSION,
             catalog.data_version(),
             to_string(f.boundary),
             range,
             f.grid.describe(),
             f.kind == "training" ? "pre-training" : f.kind,
             location,
             hardware_used);
}

void require_footprint_format(const GlobalOptions& options, std::string_view command) {
  require_format(options, command, {"table", "json", "jsonl", "csv", "markdown", "hf-model-card"});
}

void write_footprint(std::FILE* out,
                     const Footprint& footprint,
                     const Catalog& catalog,
                     const GlobalOptions& options,
                     const std::string& title) {
  if (options.format_name == "hf-model-card") {
    write_model_card(out, footprint, catalog);
    return;
  }
  switch (options.format()) {
  case Format::table:
    write_table(out, footprint, options, title);
    break;
  case Format::markdown:
    write_markdown(out, footprint, options, title);
    break;
  case Format::json:
  case Format::jsonl: {
    // The same serialisation as every stream record, written directly (no JSON document).
    TextBuffer text = footprint_json(
        footprint, catalog.data_version(), options.format() == Format::json ? 2 : -1);
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), out); // errors: check_written, after the command
    break;
  }
  case Format::csv:
    write_csv(out, footprint, catalog.data_version());
    break;
  }
}

} // namespace aifoot::cli
