#pragma once

#include "options.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot::cli {

// "1,287" for 1287.4; three significant digits below 1000 ("0.125", "42.3").
std::string format_number(double value);
// Auto-scaled quantities for humans: "1.29 GWh", "552 t", "3.4 m³".
std::string format_energy_kwh(double kwh);
std::string format_mass_kg(double kg);
std::string format_volume_l(double litres);
std::string format_duration_h(double hours);

// The number at a dot-separated `path` of a JSON result ("co2e_kg.total"); nothing when the path
// is absent or not a number.
std::optional<double> json_number_at(const nlohmann::ordered_json& result, std::string_view path);

// The scalar leaves of a JSON object as dotted columns ("energy_kwh.total", or
// "<prefix>.energy_kwh.total"): numbers in fmt's shortest form, booleans as true/false, null as an
// empty cell; arrays are left out. For the one-row CSV of an estimate or a measurement.
void flatten(const nlohmann::ordered_json& node,
             const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& cells);

// `text` with XML's special characters escaped, for SVG and JUnit output. Control characters XML
// 1.0 cannot hold at all (NUL, ESC ...) become the visible text "\xHH", so the document stays
// well-formed whatever a scenario name holds.
std::string xml_escape(std::string_view text);

// Small water volumes for per-request figures: "12.4 mL" below a litre, format_volume_l above.
std::string format_volume_ml(double millilitres);

// Watches results shown side by side (compare, sweep, batch, check) and warns once on stderr when
// their grid intensities are on different bases or data years (issue #16): the carbon figures then
// differ by accounting as well as by grid.
class GridBasisWatch {
public:
  // `what` names the command in the warning, e.g. "compare".
  explicit GridBasisWatch(std::string what)
      : m_what(std::move(what)) {}
  // Adds a result on `grid`; warns if its basis differs from the first result's. `name()` names
  // the result: it is called for the first result and a mismatch only, not once per record of a
  // stream.
  void add(const GridFactor& grid, const std::function<std::string()>& name);
  // The same for a serialised footprint (its "grid" member); results without one are skipped.
  void add(const nlohmann::ordered_json& result, const std::function<std::string()>& name);

private:
  std::string m_what;
  std::optional<std::pair<std::string, GridFactor>> m_first;
  bool m_warned = false;
};
// A model of the estimate whose catalog entry carries a caveat, e.g. a closed model whose size is
// a third-party estimate: said in the default output, not only with --explain.
struct ModelNote {
  std::string phase; // "" for one estimate, else the lifecycle phase ("train", "infer", "teacher")
  std::string model; // catalog id
  std::string note;  // "closed model: parameters are third-party estimates"
};
std::vector<ModelNote> model_notes(const Footprint& footprint);

// Throws UsageError unless the options ask for a format write_footprint writes (table, json,
// jsonl, csv, markdown, hf-model-card).
void require_footprint_format(const GlobalOptions& options, std::string_view command);

// `text` as one Markdown table cell: '|' escaped, line breaks and other control characters shown
// as escapes (one_line), so a name cannot end the row or open a new one.
std::string markdown_cell(std::string_view text);

// `text` as the message of a GitHub workflow command (after "::"): '%', CR and LF percent-encoded
// as the runner expects, so a name holding a newline cannot start a command of its own
// (::add-mask::, ::stop-commands::).
std::string github_message(std::string_view text);

// `text` as a property value of a workflow command ("title=..."): also ':' and ',' encoded.
std::string github_property(std::string_view text);

// Writes one footprint in the format the options ask for. `title` names the scenario for table and
// markdown output.
void write_footprint(std::FILE* out,
                     const Footprint& footprint,
                     const Catalog& catalog,
                     const GlobalOptions& options,
                     const std::string& title);

} // namespace aifoot::cli
