#include <aifoot/catalog.hpp>
#include <aifoot/csv.hpp>
#include <aifoot/embedded_data.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/json_parse.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace aifoot {

using nlohmann::json;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

constexpr std::array<std::pair<Precision, std::string_view>, 9> k_precision_names{{
    {Precision::fp64, "fp64"},
    {Precision::fp32, "fp32"},
    {Precision::tf32, "tf32"},
    {Precision::bf16, "bf16"},
    {Precision::fp16, "fp16"},
    {Precision::fp8, "fp8"},
    {Precision::int8, "int8"},
    {Precision::int4, "int4"},
    {Precision::fp4, "fp4"},
}};

// Reads typed fields of one record and names file, record and field in every error.
class RecordReader {
public:
  RecordReader(const json& record, const std::string& file, std::size_t index)
      : m_record(record),
        m_file(file),
        m_index(index) {
    if (!record.is_object()) {
      fail("", "is not a JSON object");
    }
    if (const auto it = record.find("id"); it != record.end() && it->is_string()) {
      m_id = it->get<std::string>();
    }
  }

  [[noreturn]] void fail(std::string_view field, std::string_view why) const {
    const std::string where = m_id.empty() ? fmt::format("record {}", m_index + 1)
                                           : fmt::format("record {} ('{}')", m_index + 1, m_id);
    throw Error(ErrorKind::data,
                field.empty() ? fmt::format("{}: {} {}", m_file, where, why)
                              : fmt::format("{}: {}: field '{}' {}", m_file, where, field, why));
  }

  std::string string(std::string_view field) const {
    const auto value = optional_string(field);
    if (!value) {
      fail(field, "is missing");
    }
    return *value;
  }

  std::optional<std::string> optional_string(std::string_view field) const {
    const auto it = m_record.find(field);
    if (it == m_record.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_string()) {
      fail(field, "must be a string");
    }
    return it->get<std::string>();
  }

  std::string string_or(std::string_view field, std::string fallback) const {
    return optional_string(field).value_or(std::move(fallback));
  }

  std::optional<double> optional_number(std::string_view field) const {
    const auto it = m_record.find(field);
    if (it == m_record.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_number()) {
      fail(field, "must be a number");
    }
    const double value = it->get<double>();
    if (!(value >= 0.0) || value > 1e300) {
      fail(field, fmt::format("must be a finite non-negative number (got {})", value));
    }
    return value;
  }

  // A number that, when present, lies within the bounds table's limits for `quantity` (a field
  // name such as "pue", see field_bounds.hpp): a user catalog cannot slip in what the flags reject.
  std::optional<double> bounded_number(std::string_view field, std::string_view quantity) const {
    const auto value = optional_number(field);
    if (value) {
      check_bounds(field, *value, quantity);
    }
    return value;
  }

  void check_bounds(std::string_view field, double value, std::string_view quantity) const {
    const FieldBounds& b = field_bounds(quantity);
    if (!(value >= b.min && value <= b.max)) {
      fail(field,
           fmt::format("must be between {} and {}{}{} (got {})",
                       b.min,
                       b.max,
                       b.unit.empty() ? "" : " ",
                       b.unit,
                       value));
    }
  }

  double number(std::string_view field) const {
    const auto value = optional_number(field);
    if (!value) {
      fail(field, "is missing");
    }
    return *value;
  }

  std::optional<int> optional_int(std::string_view field) const {
    const auto value = optional_number(field);
    if (!value) {
      return std::nullopt;
    }
    if (*value != static_cast<double>(static_cast<long long>(*value)) || *value > 1e9) {
      fail(field, "must be a whole number");
    }
    return static_cast<int>(*value);
  }

  bool boolean_or(std::string_view field, bool fallback) const {
    const auto it = m_record.find(field);
    if (it == m_record.end() || it->is_null()) {
      return fallback;
    }
    if (!it->is_boolean()) {
      fail(field, "must be true or false");
    }
    return it->get<bool>();
  }

  std::vector<std::string> strings(std::string_view field) const {
    std::vector<std::string> out;
    const auto it = m_record.find(field);
    if (it == m_record.end() || it->is_null()) {
      return out;
    }
    if (!it->is_array()) {
      fail(field, "must be an array of strings");
    }
    for (const auto& item : *it) {
      if (!item.is_string()) {
        fail(field, "must be an array of strings");
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::vector<std::string> sources() const {
    auto out = strings("sources");
    if (out.empty()) {
      fail("sources", "is missing or empty (every record needs a source)");
    }
    return out;
  }

  const json& raw() const { return m_record; }

private:
  const json& m_record;
  const std::string& m_file;
  std::size_t m_index;
  std::string m_id;
};

// The JSON documents of every file holding `table`, in file order.
struct TableDocument {
  const DataFile* file;
  json document;
};

// Why a CSV header row cannot be read, if it cannot: a column named twice, or both "x" and
// "x.y", would make one value silently replace the other, as a duplicate key would in a JSON
// catalog.
std::optional<std::string> csv_header_problem(const std::vector<std::string>& header) {
  const std::set<std::string> names(header.begin(), header.end());
  if (names.size() != header.size()) {
    std::set<std::string> seen;
    for (const auto& column : header) {
      if (!seen.insert(column).second) {
        return fmt::format("duplicate column '{}'", column);
      }
    }
  }
  for (const auto& column : header) {
    const auto dot = column.find('.');
    if (dot != std::string::npos && names.count(column.substr(0, dot)) != 0) {
      return fmt::format("column '{}' clashes with column '{}'", column, column.substr(0, dot));
    }
  }
  return std::nullopt;
}

// One CSV cell as JSON: a list for the list columns (';'-separated, items trimmed), else a number,
// a boolean or text.
json csv_cell_value(const std::string& column, const std::string& text) {
  if (column == "aliases" || column == "sources" || column == "low_confidence_fields"
      || column == "ewif_sources") {
    json value = json::array();
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto semicolon = text.find(';', start);
      std::string item = text.substr(
          start, semicolon == std::string::npos ? std::string::npos : semicolon - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) {
        value.push_back(item);
      }
      if (semicolon == std::string::npos) {
        break;
      }
      start = semicolon + 1;
    }
    return value;
  }
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) {
    return number;
  }
  if (text == "true" || text == "false") {
    return text == "true";
  }
  return text;
}

// One CSV row as a JSON record: empty cells are left out; a dotted column fills a nested object.
json csv_record(const std::vector<std::string>& header, const std::vector<std::string>& cells) {
  json record = json::object();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& text = cells[i];
    if (text.empty()) {
      continue;
    }
    const std::string& column = header[i];
    json value = csv_cell_value(column, text);
    const auto dot = column.find('.');
    if (dot == std::string::npos) {
      record[column] = std::move(value);
    } else {
      record[column.substr(0, dot)][column.substr(dot + 1)] = std::move(value);
    }
  }
  return record;
}

// A user catalog in CSV: a first line "# table: NAME", a header row of field names, then one record
// per row. List fields (aliases, sources, ...) separate items with ';'; a dotted column such as
// "peak_tflops.bf16" fills a nested object; numbers and true/false are typed, the rest is text.
json parse_csv_document(const DataFile& file) {
  std::istringstream in(file.content);
  std::string line;
  std::size_t line_number = 0;
  std::string table;
  std::vector<std::string> header;
  json records = json::array();
  const auto fail = [&](const std::string& why) {
    throw Error(ErrorKind::data, fmt::format("{}: line {}: {}", file.name, line_number, why));
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    if (table.empty()) {
      const auto colon = line.find(':');
      if (line.rfind('#', 0) != 0 || colon == std::string::npos) {
        fail("the first line must name the table, e.g. \"# table: hardware\"");
      }
      table = line.substr(colon + 1);
      table.erase(0, table.find_first_not_of(' '));
      table.erase(table.find_last_not_of(' ') + 1);
      continue;
    }
    std::vector<std::string> cells;
    try {
      cells = split_csv_record(line);
    } catch (const Error& e) {
      fail(e.what());
    }
    if (header.empty()) {
      header = cells;
      if (const auto why = csv_header_problem(header)) {
        fail(*why);
      }
      continue;
    }
    if (cells.size() != header.size()) {
      fail(fmt::format("has {} columns, the header has {}", cells.size(), header.size()));
    }
    records.push_back(csv_record(header, cells));
  }
  if (table.empty() || header.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("{}: empty CSV catalog", file.name),
                "write \"# table: NAME\", a header row of field names, then one row per record");
  }
  return json{{"table", table}, {"records", std::move(records)}};
}

json parse_document(const DataFile& file) {
  if (file.name.size() >= 4 && file.name.compare(file.name.size() - 4, 4, ".csv") == 0) {
    return parse_csv_document(file);
  }
  json document;
  try {
    document = parse_json_unique_keys<json>(file.content, file.name, ErrorKind::data);
  } catch (const json::exception& e) { // parse_error, or out_of_range for 1e400
    throw Error(ErrorKind::data, fmt::format("{}: malformed JSON: {}", file.name, e.what()));
  }
  if (!document.is_object() || !document.contains("table") || !document["table"].is_string()) {
    throw Error(
        ErrorKind::data,
        fmt::format(R"({}: expected an object with a "table" name and "records")", file.name));
  }
  if (!document.contains("records") || !document["records"].is_array()) {
    throw Error(ErrorKind::data, fmt::format("{}: \"records\" must be an array", file.name));
  }
  return document;
}

template <typename Record> struct Indexed {
  std::vector<Record> records;
  std::unordered_map<std::string, std::size_t> by_name; // lower-case id or alias -> index
};

template <typename Record>
void add_names(Indexed<Record>& table,
               const Record& record,
               std::size_t index,
               const std::vector<std::string>& aliases,
               const std::string& file) {
  const auto insert = [&](const std::string& name) {
    const auto [it, inserted] = table.by_name.emplace(lower(name), index);
    if (!inserted && it->second != index) {
      throw Error(ErrorKind::data,
                  fmt::format("{}: name '{}' of '{}' is already used by '{}'",
                              file,
                              name,
                              record.id,
                              table.records[it->second].id));
    }
  };
  insert(record.id);
  for (const auto& alias : aliases) {
    insert(alias);
  }
}

Hardware read_hardware(const RecordReader& r) {
  Hardware h;
  h.id = r.string("id");
  h.aliases = r.strings("aliases");
  h.vendor = r.string_or("vendor", "");
  h.name = r.string_or("name", h.id);
  h.kind = r.string_or("kind", "gpu");
  h.year = r.optional_int("year").value_or(0);
  h.tdp_w = r.number("tdp_w");
  r.check_bounds("tdp_w", h.tdp_w, "tdp_w");
  h.idle_w = r.bounded_number("idle_w", "idle_w");
  if (h.idle_w && *h.idle_w > h.tdp_w) {
    r.fail("idle_w", fmt::format("must not exceed tdp_w ({} W)", h.tdp_w));
  }
  h.memory_gb = r.bounded_number("memory_gb", "memory_gb");
  h.mem_bw_gb_s = r.bounded_number("mem_bw_gb_s", "mem_bw_gb_s");
  h.scaleup_gb_s = r.optional_number("scaleup_gb_s");
  h.scaleout_gb_s = r.optional_number("scaleout_gb_s");
  h.scaleup_domain = r.optional_int("scaleup_domain");
  if (const auto it = r.raw().find("peak_tflops"); it != r.raw().end()) {
    if (!it->is_object()) {
      r.fail("peak_tflops", "must be an object of precision: TFLOP/s");
    }
    for (const auto& [key, value] : it->items()) {
      const auto name = lower(key);
      const auto match = std::find_if(k_precision_names.begin(),
                                      k_precision_names.end(),
                                      [&](const auto& entry) { return entry.second == name; });
      if (match == k_precision_names.end()) {
        r.fail("peak_tflops", fmt::format("has unknown precision '{}'", key));
      }
      if (!value.is_number() || !(value.get<double>() > 0.0)) {
        r.fail("peak_tflops", fmt::format("'{}' must be a positive number", key));
      }
      r.check_bounds("peak_tflops." + key, value.get<double>(), "peak_tflops");
      h.peak_flop_per_s[match->first] = value.get<double>() * 1e12;
    }
  }
  h.train_mfu = r.bounded_number("train_mfu", "mfu");
  h.train_power_fraction = r.bounded_number("train_power_fraction", "power-fraction");
  h.host_w_per_device = r.bounded_number("host_w_per_device", "host-power");
  h.embodied_kgco2e = r.bounded_number("embodied_kgco2e", "embodied");
  h.host_embodied_kgco2e_per_device =
      r.bounded_number("host_embodied_kgco2e_per_device", "embodied");
  h.confidence = r.string_or("confidence", "medium");
  h.low_confidence_fields = r.strings("low_confidence_fields");
  h.notes = r.string_or("notes", "");
  h.sources = r.sources();
  if (!(h.tdp_w > 0.0)) {
    r.fail("tdp_w", "must be positive");
  }
  if (h.train_mfu && (*h.train_mfu <= 0.0 || *h.train_mfu > 1.0)) {
    r.fail("train_mfu", "must be in (0, 1]");
  }
  for (const auto& [field, value] :
       {std::pair{"scaleup_gb_s", h.scaleup_gb_s}, std::pair{"scaleout_gb_s", h.scaleout_gb_s}}) {
    if (value && !(*value > 0.0)) {
      r.fail(field, "must be positive");
    }
  }
  if (h.scaleup_domain && *h.scaleup_domain < 1) {
    r.fail("scaleup_domain", "must be at least 1");
  }
  return h;
}

// One field of a grid basis: `text` must be one of `names` (the enum's values in order).
template <class Enum, std::size_t N>
Enum read_basis_field(const RecordReader& r,
                      const std::string& field,
                      const std::array<std::string_view, N>& names) {
  const std::string text = r.string(field);
  for (std::size_t i = 0; i < N; ++i) {
    if (text == names[i]) {
      return static_cast<Enum>(i);
    }
  }
  r.fail(field, fmt::format("must be one of {} (got '{}')", fmt::join(names, ", "), text));
}

// The basis of a grid factor: every factor states scope, allocation, gases, data year and dataset
// (fields `prefix`emissions, `prefix`allocation, ...), so that a comparison can tell them apart.
GridBasis read_grid_basis(const RecordReader& r, const std::string& prefix) {
  GridBasis basis;
  basis.scope = read_basis_field<EmissionScope>(
      r, prefix + "emissions", std::array<std::string_view, 2>{"lifecycle", "direct"});
  basis.allocation = read_basis_field<GridAllocation>(
      r,
      prefix + "allocation",
      std::array<std::string_view, 3>{"consumption", "production", "unstated"});
  basis.gases = read_basis_field<GreenhouseGases>(
      r, prefix + "gases", std::array<std::string_view, 2>{"co2e", "co2"});
  const auto year = r.optional_int(prefix + "year");
  if (!year || *year < 1990 || *year > 2100) {
    r.fail(prefix + "year", "must give the data year of the factor, e.g. 2024");
  }
  basis.year = *year;
  basis.dataset = r.string(prefix + "dataset");
  if (basis.dataset.empty()) {
    r.fail(prefix + "dataset", "must name the dataset, e.g. \"ember\"");
  }
  return basis;
}

Zone read_zone(const RecordReader& r, const std::string& file) {
  Zone z;
  z.id = r.string("id");
  z.name = r.string_or("name", z.id);
  z.country = r.string_or("country", "");
  z.gco2_per_kwh = r.number("gco2_per_kwh");
  r.check_bounds("gco2_per_kwh", z.gco2_per_kwh, "ci");
  z.basis = read_grid_basis(r, "");
  z.ewif_l_per_kwh = r.bounded_number("ewif_l_per_kwh", "ewif");
  z.ewif_origin = r.string_or("ewif_origin", "");
  if (z.ewif_l_per_kwh) {
    z.ewif_sources = r.strings("ewif_sources");
  }
  z.notes = r.string_or("notes", "");
  z.sources = r.sources();
  if (z.ewif_l_per_kwh && z.ewif_sources.empty()) {
    z.ewif_sources = z.sources;
  }
  z.file = file;
  return z;
}

Provider read_provider(const RecordReader& r) {
  Provider p;
  p.id = r.string("id");
  p.name = r.string_or("name", p.id);
  p.pue = r.bounded_number("pue", "pue");
  p.wue_l_per_kwh = r.bounded_number("wue_l_per_kwh", "wue");
  p.year = r.optional_int("year").value_or(0);
  p.notes = r.string_or("notes", "");
  p.sources = r.sources();
  if (p.pue && *p.pue < 1.0) {
    r.fail("pue", "must be at least 1.0");
  }
  return p;
}

Region read_region(const RecordReader& r) {
  Region g;
  g.id = r.string("id");
  g.aliases = r.strings("aliases");
  g.provider = r.string("provider");
  g.name = r.string_or("name", g.id);
  g.zone = r.string("zone");
  g.pue = r.bounded_number("pue", "pue");
  g.wue_l_per_kwh = r.bounded_number("wue_l_per_kwh", "wue");
  g.gco2_per_kwh = r.bounded_number("gco2_per_kwh", "ci");
  if (g.gco2_per_kwh) {
    g.gco2_basis = read_grid_basis(r, "gco2_");
  }
  g.cfe_fraction = r.bounded_number("cfe_fraction", "cfe");
  g.notes = r.string_or("notes", "");
  g.sources = r.sources();
  if (g.pue && *g.pue < 1.0) {
    r.fail("pue", "must be at least 1.0");
  }
  return g;
}

Model read_model(const RecordReader& r) {
  Model m;
  m.id = r.string("id");
  m.aliases = r.strings("aliases");
  m.family = r.string_or("family", "");
  m.estimate = r.boolean_or("estimate", false);
  m.params_total_low = r.optional_number("params_total_low");
  m.params_total_high = r.optional_number("params_total_high");
  // Closed models carry third-party estimates: the middle of the range stands in for the size, and
  // a model nobody has estimated has none (the user must give --params).
  if (const auto total = r.bounded_number("params_total", "params")) {
    m.params_total = *total;
  } else if (m.estimate) {
    if (m.params_total_low && m.params_total_high) {
      m.params_total = (*m.params_total_low + *m.params_total_high) / 2.0;
    }
  } else {
    r.fail("params_total", "is missing");
  }
  m.params_active = r.bounded_number("params_active", "params").value_or(m.params_total);
  m.layers = r.optional_int("layers");
  m.d_model = r.optional_int("d_model");
  m.heads = r.optional_int("heads");
  m.kv_heads = r.optional_int("kv_heads");
  m.head_dim = r.optional_int("head_dim");
  m.kv_latent_dim = r.optional_int("kv_latent_dim");
  m.sliding_window = r.optional_number("sliding_window");
  m.sliding_window_share =
      r.optional_number("sliding_window_share").value_or(m.sliding_window ? 1.0 : 0.0);
  if (m.sliding_window_share > 1.0) {
    r.fail("sliding_window_share", "must be between 0 and 1");
  }
  if (const auto precision = r.optional_string("release_precision")) {
    try {
      m.release_precision = parse_precision(*precision, "release_precision");
    } catch (const Error& e) {
      r.fail("release_precision", e.what());
    }
  }
  m.experts_total = r.optional_int("experts_total");
  m.experts_active = r.optional_int("experts_active");
  m.experts_shared = r.optional_int("experts_shared");
  m.context_tokens = r.bounded_number("context_tokens", "context_tokens");
  m.training_tokens = r.bounded_number("training_tokens", "tokens");
  m.open_weights = r.boolean_or("open_weights", true);
  m.year = r.optional_int("year").value_or(0);
  m.notes = r.string_or("notes", "");
  m.sources = r.sources();
  if (!(m.params_total > 0.0) && !m.estimate) {
    r.fail("params_total", "must be positive");
  }
  if (m.params_active > m.params_total && m.params_total > 0.0) {
    r.fail("params_active", "must not exceed params_total");
  }
  if (!m.head_dim && m.d_model && m.heads && *m.heads > 0) {
    m.head_dim = *m.d_model / *m.heads;
  }
  return m;
}

Source read_source(const RecordReader& r) {
  Source s;
  s.id = r.string("id");
  s.citation = r.string("citation");
  s.url = r.string_or("url", "");
  s.vintage = r.string_or("vintage", "");
  s.licence = r.string_or("licence", "");
  return s;
}

// The bounds-table entry a default is checked against: the field it stands in for, or the kind
// of quantity an infer_* model constant is; empty for an id this table does not know (such a
// default is only required to be a finite non-negative number).
std::string_view default_quantity(std::string_view id) {
  static constexpr auto k_quantities =
      std::to_array<std::pair<std::string_view, std::string_view>>({
          {"lifetime_years", "lifetime"},
          {"train_power_fraction", "power-fraction"},
          {"train_mfu", "mfu"},
          {"host_w_per_device", "host-power"},
          {"embodied_kgco2e_per_accelerator", "embodied"},
          {"host_embodied_kgco2e_per_device", "embodied"},
          {"infer_bw_efficiency", "efficiency"},
          {"infer_mfu_decode", "efficiency"},
          {"infer_mfu_prefill", "efficiency"},
          {"infer_power_floor", "efficiency"},
          {"infer_power_slope", "efficiency"},
          {"infer_low_precision_efficiency", "efficiency"},
          {"infer_memory_fraction", "efficiency"},
          {"infer_tp_layer_us", "step_us"},
          {"infer_ep_layer_us", "step_us"},
          {"infer_seq_us", "step_us"},
          {"infer_step_ms", "step_ms"},
          {"infer_input_tokens", "tokens_per_request"},
          {"infer_batch", "sequences"},
      });
  for (const auto& [default_id, quantity] : k_quantities) {
    if (default_id == id) {
      return quantity;
    }
  }
  return {};
}

Default read_default(const RecordReader& r) {
  Default d;
  d.id = r.string("id");
  d.value = r.number("value");
  if (const std::string_view quantity = default_quantity(d.id); !quantity.empty()) {
    r.check_bounds("value", d.value, quantity);
  }
  d.unit = r.string_or("unit", "");
  d.why = r.string("why");
  d.sources = r.sources();
  return d;
}

// Closest record ids to `name`, matching ids and aliases alike (an alias hit names its record).
template <typename Record>
std::vector<std::string>
closest_ids(const Indexed<Record>& table, std::string_view name, std::size_t limit) {
  std::vector<std::string> names;
  names.reserve(table.by_name.size());
  for (const auto& entry : table.by_name) {
    names.push_back(entry.first);
  }
  std::vector<std::string> ids;
  for (const auto& match : closest_matches(name, names, names.size())) {
    const std::string& id = table.records[table.by_name.at(match)].id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(id);
    }
    if (ids.size() == limit) {
      break;
    }
  }
  return ids;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join_quoted(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : (i + 1 == names.size() ? " or " : ", "));
    out += "'" + names[i] + "'";
  }
  return out;
}

} // namespace

std::string_view to_string(Precision precision) {
  for (const auto& [value, name] : k_precision_names) {
    if (value == precision) {
      return name;
    }
  }
  return "unknown";
}

Precision parse_precision(std::string_view text, std::string_view field) {
  const auto name = lower(text);
  for (const auto& [value, known] : k_precision_names) {
    if (known == name) {
      return value;
    }
  }
  if (name == "bfloat16") {
    return Precision::bf16;
  }
  if (name == "float16" || name == "half") {
    return Precision::fp16;
  }
  if (name == "float32") {
    return Precision::fp32;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown precision '{}' for {}", text, field),
              "use fp32, tf32, bf16, fp16, fp8, int8, int4 or fp4");
}

double bytes_per_value(Precision precision) {
  switch (precision) {
  case Precision::fp64:
    return 8.0;
  case Precision::fp32:
  case Precision::tf32:
    return 4.0;
  case Precision::bf16:
  case Precision::fp16:
    return 2.0;
  case Precision::fp8:
  case Precision::int8:
    return 1.0;
  case Precision::int4:
  case Precision::fp4:
    return 0.5;
  }
  return 2.0;
}

std::string_view GridBasis::name(EmissionScope scope) {
  return scope == EmissionScope::lifecycle ? "lifecycle" : "direct";
}

std::string_view GridBasis::name(GridAllocation allocation) {
  switch (allocation) {
  case GridAllocation::consumption:
    return "consumption";
  case GridAllocation::production:
    return "production";
  case GridAllocation::unstated:
    return "unstated";
  }
  return "unstated";
}

std::string_view GridBasis::name(GreenhouseGases gases) {
  return gases == GreenhouseGases::co2e ? "co2e" : "co2";
}

std::string GridBasis::describe() const {
  return fmt::format("{}, {}, {}, {} {}",
                     name(scope),
                     allocation == GridAllocation::unstated
                         ? std::string("allocation unstated")
                         : fmt::format("{}-based", name(allocation)),
                     gases == GreenhouseGases::co2e ? "CO2e" : "CO2 only",
                     dataset,
                     year);
}

bool Hardware::is_low_confidence(std::string_view field) const {
  return std::find(low_confidence_fields.begin(), low_confidence_fields.end(), field)
         != low_confidence_fields.end();
}

std::vector<std::string> closest_matches(std::string_view name,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  // Names the query starts (a family: "h100" for h100-sxm, h100-pcie, h100-nvl) beat names that
  // contain it, which beat near misses by edit distance ("h100-sxn").
  const std::string query = lower(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    const std::string key = lower(candidate);
    std::size_t score = 0;
    if (!query.empty() && key.rfind(query, 0) == 0) {
      score = 0;
    } else if (query.size() >= 3 && key.find(query) != std::string::npos) {
      score = 1;
    } else {
      // The distance is at least the difference in length: skipping those keeps a 1 MiB unknown
      // name from costing seconds of edit distance per candidate.
      const std::size_t max_distance = std::max<std::size_t>(2, query.size() / 3);
      const std::size_t length_gap =
          query.size() > key.size() ? query.size() - key.size() : key.size() - query.size();
      if (length_gap > max_distance) {
        continue;
      }
      const std::size_t distance = edit_distance(query, key);
      if (distance > max_distance) {
        continue;
      }
      score = 1 + distance;
    }
    scored.emplace_back(score, candidate);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (const auto& entry : scored) {
    if (out.size() == limit
        || (!out.empty() && entry.first > scored.front().first && scored.front().first == 0)) {
      break;
    }
    if (std::find(out.begin(), out.end(), entry.second) == out.end()) {
      out.push_back(entry.second);
    }
  }
  return out;
}

// One data file the catalog reads: a built-in file (records compiled in as JSON strings) or a
// parsed document (a --data-dir replacement or a --catalog user file).
struct DataSlot {
  std::string name;
  std::string table;
  const detail::EmbeddedFile* embedded = nullptr;
  json document;     // when not embedded
  bool user = false; // user records replace records of the same id instead of clashing
};

// Records parsed on demand by name, keyed by (file, record) so aliases share one object.
namespace {

UncertaintyRange read_uncertainty_range(const RecordReader& r, const std::string&) {
  UncertaintyRange u;
  u.id = r.string("id");
  const std::string factor = r.string("factor");
  const auto parsed = parse_factor(factor);
  if (!parsed) {
    r.fail("factor",
           fmt::format("names no uncertain factor ('{}'): use one of {}", factor, factor_names()));
  }
  u.factor = *parsed;
  u.origin = r.string_or("origin", "");
  u.low = r.number("low");
  u.high = r.number("high");
  u.why = r.string("why");
  u.sources = r.sources();
  if (!(u.low > 0.0) || u.low > 1.0 || u.high < 1.0) {
    r.fail("low", "and high must bracket 1 (low in (0, 1], high >= 1)");
  }
  return u;
}

// A diffusion preset; the geometry must be usable as divisors and the counts as multipliers, so a
// malformed table fails at load, not as a NaN in an estimate.
DiffusionModel read_diffusion_model(const RecordReader& r, const std::string&) {
  DiffusionModel m;
  m.id = r.string("id");
  m.aliases = r.strings("aliases");
  m.name = r.string_or("name", m.id);
  m.kind = r.string("kind");
  if (m.kind != "image" && m.kind != "video") {
    r.fail("kind", "must be image or video");
  }
  m.denoiser = r.string_or("denoiser", "dit");
  m.params = r.number("params");
  m.flop_share = r.optional_number("flop_share").value_or(1.0);
  m.layers = r.optional_int("layers").value_or(0);
  m.hidden = r.optional_int("hidden").value_or(0);
  const std::string attention = r.string_or("attention", "full");
  if (attention != "full" && attention != "linear") {
    r.fail("attention", "must be full or linear");
  }
  m.linear_attention = attention == "linear";
  m.vae_spatial = r.optional_int("vae_spatial").value_or(8);
  m.vae_temporal = r.optional_int("vae_temporal").value_or(1);
  m.patch = r.optional_int("patch").value_or(1);
  m.patch_temporal = r.optional_int("patch_temporal").value_or(1);
  m.joint_text_tokens = r.optional_number("joint_text_tokens").value_or(0.0);
  m.cross_text_tokens = r.optional_number("cross_text_tokens").value_or(0.0);
  m.cfg_passes = r.optional_int("cfg_passes").value_or(1);
  m.text_encoder_params = r.optional_number("text_encoder_params").value_or(0.0);
  m.text_tokens = r.optional_number("text_tokens").value_or(0.0);
  m.width_px = r.number("width");
  m.height_px = r.number("height");
  m.frames = r.optional_number("frames").value_or(1.0);
  m.steps = r.number("steps");
  m.efficiency = r.optional_number("efficiency");
  m.year = r.optional_int("year").value_or(0);
  m.notes = r.string_or("notes", "");
  m.sources = r.sources();
  if (!(m.params >= 1e6) || m.params > 1e13) {
    r.fail("params", "must be between 1e6 and 1e13");
  }
  if (!(m.flop_share > 0.0) || m.flop_share > 1.0) {
    r.fail("flop_share", "must be in (0, 1]");
  }
  for (const auto& [field, value] : {std::pair{"vae_spatial", m.vae_spatial},
                                     std::pair{"vae_temporal", m.vae_temporal},
                                     std::pair{"patch", m.patch},
                                     std::pair{"patch_temporal", m.patch_temporal}}) {
    if (value < 1 || value > 64) {
      r.fail(field, "must be a whole number from 1 to 64");
    }
  }
  if (m.cfg_passes < 1 || m.cfg_passes > 4) {
    r.fail("cfg_passes", "must be 1 (no guidance or guidance-distilled) to 4");
  }
  if (m.layers > 10000 || m.hidden > 1000000) {
    r.fail("layers", "and hidden are out of range");
  }
  // Bounds that keep squared sequence lengths and products of counts finite for any input.
  for (const auto& [field, value] : {std::pair{"joint_text_tokens", m.joint_text_tokens},
                                     std::pair{"cross_text_tokens", m.cross_text_tokens},
                                     std::pair{"text_tokens", m.text_tokens}}) {
    if (value > 1e6) {
      r.fail(field, "must be at most 1e6 tokens");
    }
  }
  if (m.text_encoder_params > 1e13) {
    r.fail("text_encoder_params", "must be at most 1e13");
  }
  if (m.width_px > 16384 || m.height_px > 16384 || m.frames > 10000 || m.steps > 1000) {
    r.fail("width",
           "height, frames and steps must be within what 'aifoot generate' accepts "
           "(16384 px, 10000 frames, 1000 steps)");
  }
  if (m.efficiency && (!(*m.efficiency > 0.0) || *m.efficiency > 1.0)) {
    r.fail("efficiency", "must be in (0, 1]");
  }
  if (!(m.width_px >= 1.0) || !(m.height_px >= 1.0) || !(m.frames >= 1.0) || !(m.steps >= 1.0)) {
    r.fail("width", "height, frames and steps must be at least 1");
  }
  return m;
}

} // namespace

template <typename Record>
using RecordCache = std::unordered_map<std::uint64_t, std::unique_ptr<Record>>;

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

// Names already resolved, exactly as asked for: a stream asks for the same few names over and over,
// and one hash lookup is much cheaper than lowering and searching the index. Only found names are
// remembered, and at most k_max_names, so memory stays flat whatever the input.
template <typename Record> class NameMemo {
public:
  template <typename Find> const Record* find_or(std::string_view name, Find find) {
    if (const auto it = m_records.find(name); it != m_records.end()) {
      return it->second;
    }
    const Record* record = find();
    if (record != nullptr && m_records.size() < k_max_names) {
      m_records.emplace(std::string(name), record);
    }
    return record;
  }
  void clear() { m_records.clear(); }

private:
  static constexpr std::size_t k_max_names = 4096;
  std::unordered_map<std::string, const Record*, NameHash, std::equal_to<>> m_records;
};

struct Catalog::Tables {
  std::vector<DataSlot> slots;
  // Tables with a replaced or user file: looked up through the whole table, not the build-time
  // index.
  std::vector<std::string> overridden;

  std::optional<Indexed<Hardware>> hardware;
  std::optional<Indexed<Zone>> zones;
  std::optional<Indexed<Provider>> providers;
  std::optional<Indexed<Region>> regions;
  std::optional<Indexed<Model>> models;
  std::optional<Indexed<Source>> sources;
  std::optional<Indexed<Default>> defaults;
  std::optional<Indexed<UncertaintyRange>> uncertainty;
  std::optional<Indexed<DiffusionModel>> diffusion_models;

  RecordCache<Hardware> hardware_cache;
  RecordCache<Zone> zone_cache;
  RecordCache<Provider> provider_cache;
  RecordCache<Region> region_cache;
  RecordCache<Model> model_cache;
  RecordCache<Source> source_cache;
  RecordCache<Default> default_cache;

  NameMemo<Hardware> hardware_names;
  NameMemo<Zone> zone_names;
  NameMemo<Provider> provider_names;
  NameMemo<Region> region_names;
  NameMemo<Model> model_names;
  NameMemo<Default> default_names;

  bool is_overridden(std::string_view table) const {
    return std::find(overridden.begin(), overridden.end(), table) != overridden.end();
  }

  void clear_cache() {
    hardware.reset();
    zones.reset();
    providers.reset();
    regions.reset();
    models.reset();
    sources.reset();
    defaults.reset();
    uncertainty.reset();
    diffusion_models.reset();
    hardware_cache.clear();
    zone_cache.clear();
    provider_cache.clear();
    region_cache.clear();
    model_cache.clear();
    source_cache.clear();
    default_cache.clear();
    hardware_names.clear();
    zone_names.clear();
    provider_names.clear();
    region_names.clear();
    model_names.clear();
    default_names.clear();
  }
};

namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

json parse_record(std::string_view text, std::string_view file) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) { // parse_error, or out_of_range for 1e400
    throw Error(ErrorKind::data, fmt::format("{}: malformed JSON: {}", file, e.what()));
  }
}

// Calls `visit(record_json, file_name, index, user)` for every record of `table`, in file order.
template <typename Visit>
void for_each_record(const std::vector<DataSlot>& slots, std::string_view table, Visit visit) {
  for (const auto& slot : slots) {
    if (slot.table != table) {
      continue;
    }
    if (slot.embedded != nullptr) {
      const auto& records = slot.embedded->records;
      for (std::size_t i = 0; i < records.size(); ++i) {
        visit(parse_record(records[i], slot.name), slot.name, i, slot.user);
      }
    } else {
      const auto& records = slot.document["records"];
      for (std::size_t i = 0; i < records.size(); ++i) {
        visit(records[i], slot.name, i, slot.user);
      }
    }
  }
}

// Builds a whole table: records of every file of `table`; a user record replaces a built-in one of
// the same id, and any other repeated id or alias is a data error.
template <typename Record, typename Read, typename Aliases>
Indexed<Record> build_table(const std::vector<DataSlot>& slots,
                            std::string_view table,
                            Read read,
                            Aliases aliases) {
  Indexed<Record> out;
  std::unordered_map<std::string, std::size_t> by_id;
  for_each_record(
      slots, table, [&](const json& document, const std::string& file, std::size_t i, bool user) {
        const RecordReader reader(document, file, i);
        Record record = read(reader, file);
        const std::string key = lower(record.id);
        if (const auto it = by_id.find(key); it != by_id.end()) {
          if (!user) {
            reader.fail("id", fmt::format("'{}' is defined twice", record.id));
          }
          out.records[it->second] = std::move(record);
        } else {
          by_id.emplace(key, out.records.size());
          out.records.push_back(std::move(record));
        }
      });
  for (std::size_t i = 0; i < out.records.size(); ++i) {
    add_names(out, out.records[i], i, aliases(out.records[i]), std::string(table));
  }
  return out;
}

// The index entries of each table: the index is sorted by (table, name), so each table is one
// run of it, found once per process.
std::span<const detail::EmbeddedName> embedded_table(std::string_view table) {
  static const std::vector<std::span<const detail::EmbeddedName>> k_tables = [] {
    std::vector<std::span<const detail::EmbeddedName>> tables;
    const auto index = detail::embedded_index();
    for (std::size_t begin = 0; begin < index.size();) {
      std::size_t end = begin;
      while (end < index.size() && index[end].table == index[begin].table) {
        ++end;
      }
      tables.push_back(index.subspan(begin, end - begin));
      begin = end;
    }
    return tables;
  }();
  for (const auto& entries : k_tables) {
    if (entries.front().table == table) {
      return entries;
    }
  }
  return {};
}

// The embedded record named `name` in `table` (case-insensitive id or alias), through the
// build-time index; nullptr when absent. Called for every name of every estimate, so it lowers
// the name on the stack (ids are ASCII).
const detail::EmbeddedName* find_embedded(std::string_view table, std::string_view name) {
  std::array<char, 96> buffer{};
  if (name.size() > buffer.size()) {
    return nullptr; // longer than any id or alias
  }
  std::transform(name.begin(), name.end(), buffer.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  const std::string_view key(buffer.data(), name.size());
  const auto entries = embedded_table(table);
  const auto it = std::lower_bound(
      entries.begin(), entries.end(), key, [](const detail::EmbeddedName& entry, auto value) {
        return entry.name < value;
      });
  return it != entries.end() && it->name == key ? &*it : nullptr;
}

std::uint64_t cache_key(const detail::EmbeddedName& entry) {
  return (static_cast<std::uint64_t>(entry.file) << 32U) | entry.record;
}

// Parses one embedded record on first use and caches it.
template <typename Record, typename Read>
Record* lazy_record(RecordCache<Record>& cache, const detail::EmbeddedName& entry, Read read) {
  const std::uint64_t key = cache_key(entry);
  if (const auto it = cache.find(key); it != cache.end()) {
    return it->second.get();
  }
  const detail::EmbeddedFile& file = detail::embedded_files()[entry.file];
  const std::string file_name(file.name);
  const json document = parse_record(file.records[entry.record], file_name);
  const RecordReader reader(document, file_name, entry.record);
  auto record = std::make_unique<Record>(read(reader, file_name));
  return cache.emplace(key, std::move(record)).first->second.get();
}

const std::vector<std::string> k_no_aliases;

template <typename Record>
const Record* find_in(const Indexed<Record>& table, std::string_view name) {
  const auto it = table.by_name.find(lower(name));
  return it == table.by_name.end() ? nullptr : &table.records[it->second];
}

template <typename Record>
[[noreturn]] void throw_unknown(const Indexed<Record>& table,
                                std::string_view name,
                                std::string_view what,
                                std::string_view list_command) {
  const auto matches = closest_ids(table, name, 5);
  std::string hint = matches.empty()
                         ? fmt::format("run 'aifoot list {}' to see the known names", list_command)
                         : fmt::format("did you mean {}?", join_quoted(matches));
  throw Error(ErrorKind::invalid_input, fmt::format("unknown {} '{}'", what, name), hint);
}

Hardware read_hardware_record(const RecordReader& r, const std::string&) {
  return read_hardware(r);
}
Provider read_provider_record(const RecordReader& r, const std::string&) {
  return read_provider(r);
}
Region read_region_record(const RecordReader& r, const std::string&) {
  return read_region(r);
}
Model read_model_record(const RecordReader& r, const std::string&) {
  return read_model(r);
}
Source read_source_record(const RecordReader& r, const std::string&) {
  return read_source(r);
}
Default read_default_record(const RecordReader& r, const std::string&) {
  return read_default(r);
}
const std::vector<std::string>& hardware_aliases(const Hardware& h) {
  return h.aliases;
}
const std::vector<std::string>& region_aliases(const Region& g) {
  return g.aliases;
}
const std::vector<std::string>& model_aliases(const Model& m) {
  return m.aliases;
}
const std::vector<std::string>& diffusion_aliases(const DiffusionModel& m) {
  return m.aliases;
}
template <typename Record> const std::vector<std::string>& no_aliases(const Record&) {
  return k_no_aliases;
}

// Off-site water records (ewif_*.json) take precedence over a zone's own derived value.
void apply_ewif(Zone& zone, const json& document, const std::string& file, std::size_t index) {
  const RecordReader r(document, file, index);
  zone.ewif_l_per_kwh = r.number("ewif_l_per_kwh");
  zone.ewif_sources = r.sources();
  zone.ewif_origin = fmt::format("{} ({})", file, r.optional_int("year").value_or(0));
}

} // namespace

Catalog::Catalog()
    : m_tables(std::make_unique<Tables>()) {}
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;
Catalog::~Catalog() = default;

Catalog Catalog::builtin() {
  Catalog catalog;
  for (const auto& file : detail::embedded_files()) {
    catalog.m_tables->slots.push_back(
        {std::string(file.name), std::string(file.table), &file, {}, false});
  }
  catalog.m_data_version = std::string(detail::embedded_data_version());
  return catalog;
}

Catalog Catalog::from_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorKind::io, fmt::format("data directory '{}' is not a readable directory", dir));
  }
  Catalog catalog = builtin();
  std::uint64_t hash = fnv1a("");
  bool replaced = false;
  for (auto& slot : catalog.m_tables->slots) {
    const fs::path path = fs::path(dir) / slot.name;
    if (!fs::exists(path, ec)) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw Error(ErrorKind::io, fmt::format("cannot read '{}'", path.string()));
    }
    std::ostringstream content;
    content << in.rdbuf();
    const DataFile file{path.string(), content.str()};
    slot.document = parse_document(file);
    if (slot.document["table"].get<std::string>() != slot.table) {
      throw Error(ErrorKind::data,
                  fmt::format("{}: holds table '{}', expected '{}'",
                              file.name,
                              slot.document["table"].get<std::string>(),
                              slot.table));
    }
    slot.embedded = nullptr;
    catalog.m_tables->overridden.push_back(slot.table == "ewif" ? "zones" : slot.table);
    hash = fnv1a(file.content, fnv1a(slot.name, hash));
    replaced = true;
  }
  if (replaced) {
    catalog.m_data_version += fmt::format("+dir.{:08x}", hash & 0xffffffffULL);
  }
  return catalog;
}

void Catalog::add_user_file(const DataFile& file) {
  json document = parse_document(file);
  const auto table = document["table"].get<std::string>();
  static constexpr std::array<std::string_view, 10> k_tables{"hardware",
                                                             "zones",
                                                             "ewif",
                                                             "providers",
                                                             "regions",
                                                             "models",
                                                             "sources",
                                                             "defaults",
                                                             "uncertainty",
                                                             "diffusion_models"};
  if (std::find(k_tables.begin(), k_tables.end(), table) == k_tables.end()) {
    throw Error(
        ErrorKind::data,
        fmt::format("{}: unknown table '{}'", file.name, table),
        "use hardware, zones, ewif, providers, regions, models, sources, defaults, uncertainty or "
        "diffusion_models");
  }
  m_data_version += fmt::format("+user.{:08x}", fnv1a(file.content) & 0xffffffffULL);
  m_tables->slots.push_back({file.name, table, nullptr, std::move(document), true});
  m_tables->overridden.push_back(table == "ewif" ? "zones" : table);
  m_tables->clear_cache();
  // Parse the new records now, so a malformed user file fails when it is given, not later.
  if (table == "hardware") {
    (void)hardware();
  } else if (table == "zones" || table == "ewif") {
    (void)zones();
  } else if (table == "providers") {
    (void)providers();
  } else if (table == "regions") {
    (void)regions();
  } else if (table == "models") {
    (void)models();
  } else if (table == "sources") {
    (void)sources();
  } else if (table == "uncertainty") {
    (void)uncertainty_ranges();
  } else if (table == "diffusion_models") {
    (void)diffusion_models();
  } else {
    (void)defaults();
  }
}

const std::vector<Hardware>& Catalog::hardware() const {
  if (!m_tables->hardware) {
    m_tables->hardware =
        build_table<Hardware>(m_tables->slots, "hardware", read_hardware_record, hardware_aliases);
  }
  return m_tables->hardware->records;
}

const std::vector<Zone>& Catalog::zones() const {
  if (!m_tables->zones) {
    auto table = build_table<Zone>(m_tables->slots, "zones", read_zone, no_aliases<Zone>);
    for_each_record(m_tables->slots,
                    "ewif",
                    [&](const json& document, const std::string& file, std::size_t i, bool) {
                      const RecordReader r(document, file, i);
                      const auto zone_id = r.string("zone");
                      const auto it = table.by_name.find(lower(zone_id));
                      if (it == table.by_name.end()) {
                        r.fail("zone", fmt::format("'{}' is not a known zone", zone_id));
                      }
                      apply_ewif(table.records[it->second], document, file, i);
                    });
    m_tables->zones = std::move(table);
  }
  return m_tables->zones->records;
}

const std::vector<Provider>& Catalog::providers() const {
  if (!m_tables->providers) {
    m_tables->providers = build_table<Provider>(
        m_tables->slots, "providers", read_provider_record, no_aliases<Provider>);
  }
  return m_tables->providers->records;
}

const std::vector<Region>& Catalog::regions() const {
  if (!m_tables->regions) {
    m_tables->regions =
        build_table<Region>(m_tables->slots, "regions", read_region_record, region_aliases);
  }
  return m_tables->regions->records;
}

const std::vector<Model>& Catalog::models() const {
  if (!m_tables->models) {
    m_tables->models =
        build_table<Model>(m_tables->slots, "models", read_model_record, model_aliases);
  }
  return m_tables->models->records;
}

const std::vector<Source>& Catalog::sources() const {
  if (!m_tables->sources) {
    m_tables->sources =
        build_table<Source>(m_tables->slots, "sources", read_source_record, no_aliases<Source>);
  }
  return m_tables->sources->records;
}

const std::vector<UncertaintyRange>& Catalog::uncertainty_ranges() const {
  if (!m_tables->uncertainty) {
    m_tables->uncertainty = build_table<UncertaintyRange>(
        m_tables->slots, "uncertainty", read_uncertainty_range, no_aliases<UncertaintyRange>);
  }
  return m_tables->uncertainty->records;
}

// Fourteen presets: the whole table is parsed on first use (no per-record index needed).
const std::vector<DiffusionModel>& Catalog::diffusion_models() const {
  if (!m_tables->diffusion_models) {
    m_tables->diffusion_models = build_table<DiffusionModel>(
        m_tables->slots, "diffusion_models", read_diffusion_model, diffusion_aliases);
  }
  return m_tables->diffusion_models->records;
}

const DiffusionModel* Catalog::find_diffusion_model(std::string_view name) const {
  (void)diffusion_models();
  return find_in(*m_tables->diffusion_models, name);
}

const DiffusionModel& Catalog::require_diffusion_model(std::string_view name) const {
  if (const DiffusionModel* found = find_diffusion_model(name)) {
    return *found;
  }
  throw_unknown(*m_tables->diffusion_models, name, "diffusion model", "diffusion-models");
}

const std::vector<Default>& Catalog::defaults() const {
  if (!m_tables->defaults) {
    m_tables->defaults =
        build_table<Default>(m_tables->slots, "defaults", read_default_record, no_aliases<Default>);
  }
  return m_tables->defaults->records;
}

// A lookup parses one record through the build-time index, unless the whole table is already
// built or has replaced/user files (then the whole table is the truth).

const Hardware* Catalog::find_hardware(std::string_view name) const {
  return m_tables->hardware_names.find_or(name, [&]() -> const Hardware* {
    if (m_tables->hardware || m_tables->is_overridden("hardware")) {
      (void)hardware();
      return find_in(*m_tables->hardware, name);
    }
    const auto* entry = find_embedded("hardware", name);
    return entry != nullptr ? lazy_record(m_tables->hardware_cache, *entry, read_hardware_record)
                            : nullptr;
  });
}

const Zone* Catalog::find_zone(std::string_view name) const {
  return m_tables->zone_names.find_or(name, [&]() -> const Zone* {
    if (m_tables->zones || m_tables->is_overridden("zones")) {
      (void)zones();
      return find_in(*m_tables->zones, name);
    }
    const auto* entry = find_embedded("zones", name);
    if (entry == nullptr) {
      return nullptr;
    }
    const bool fresh = !m_tables->zone_cache.contains(cache_key(*entry));
    Zone* zone = lazy_record(m_tables->zone_cache, *entry, read_zone);
    if (fresh) {
      if (const auto* ewif = find_embedded("ewif", zone->id)) {
        const auto& file = detail::embedded_files()[ewif->file];
        const std::string file_name(file.name);
        apply_ewif(
            *zone, parse_record(file.records[ewif->record], file_name), file_name, ewif->record);
      }
    }
    return zone;
  });
}

const Provider* Catalog::find_provider(std::string_view name) const {
  return m_tables->provider_names.find_or(name, [&]() -> const Provider* {
    if (m_tables->providers || m_tables->is_overridden("providers")) {
      (void)providers();
      return find_in(*m_tables->providers, name);
    }
    const auto* entry = find_embedded("providers", name);
    return entry != nullptr ? lazy_record(m_tables->provider_cache, *entry, read_provider_record)
                            : nullptr;
  });
}

const Region* Catalog::find_region(std::string_view name) const {
  return m_tables->region_names.find_or(name, [&]() -> const Region* {
    if (m_tables->regions || m_tables->is_overridden("regions")) {
      (void)regions();
      return find_in(*m_tables->regions, name);
    }
    const auto* entry = find_embedded("regions", name);
    return entry != nullptr ? lazy_record(m_tables->region_cache, *entry, read_region_record)
                            : nullptr;
  });
}

const Model* Catalog::find_model(std::string_view name) const {
  return m_tables->model_names.find_or(name, [&]() -> const Model* {
    if (m_tables->models || m_tables->is_overridden("models")) {
      (void)models();
      return find_in(*m_tables->models, name);
    }
    const auto* entry = find_embedded("models", name);
    return entry != nullptr ? lazy_record(m_tables->model_cache, *entry, read_model_record)
                            : nullptr;
  });
}

const Source* Catalog::find_source(std::string_view id) const {
  if (m_tables->sources || m_tables->is_overridden("sources")) {
    (void)sources();
    return find_in(*m_tables->sources, id);
  }
  const auto* entry = find_embedded("sources", id);
  return entry != nullptr ? lazy_record(m_tables->source_cache, *entry, read_source_record)
                          : nullptr;
}

const Hardware& Catalog::require_hardware(std::string_view name) const {
  if (const Hardware* found = find_hardware(name)) {
    return *found;
  }
  (void)hardware();
  throw_unknown(*m_tables->hardware, name, "hardware", "hardware");
}

const Zone& Catalog::require_zone(std::string_view name) const {
  if (const Zone* found = find_zone(name)) {
    return *found;
  }
  (void)zones();
  throw_unknown(*m_tables->zones, name, "grid zone", "zones");
}

const Region& Catalog::require_region(std::string_view name) const {
  if (const Region* found = find_region(name)) {
    return *found;
  }
  (void)regions();
  throw_unknown(*m_tables->regions, name, "region", "regions");
}

const Model& Catalog::require_model(std::string_view name) const {
  if (const Model* found = find_model(name)) {
    return *found;
  }
  (void)models();
  throw_unknown(*m_tables->models, name, "model", "models");
}

const Default& Catalog::require_default(std::string_view id) const {
  const Default* found = m_tables->default_names.find_or(id, [&]() -> const Default* {
    if (m_tables->defaults || m_tables->is_overridden("defaults")) {
      (void)defaults();
      return find_in(*m_tables->defaults, id);
    }
    const auto* entry = find_embedded("defaults", id);
    return entry != nullptr ? lazy_record(m_tables->default_cache, *entry, read_default_record)
                            : nullptr;
  });
  if (found == nullptr) {
    throw Error(ErrorKind::data, fmt::format("defaults table has no '{}'", id));
  }
  return *found;
}

} // namespace aifoot
