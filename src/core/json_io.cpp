#include <aifoot/json_io.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace aifoot {

namespace {

// Writes one JSON value at a time, keeping track of the commas between members: compact, or laid
// out as nlohmann::json::dump(indent) lays out the same document (each member and element on a
// line of its own, `"key": value`, empty containers as {} and []).
class JsonWriter {
public:
  // `indent`: spaces per level, or -1 for compact JSON (nlohmann's convention).
  explicit JsonWriter(TextBuffer& out, int indent = -1)
      : m_out(out),
        m_indent(indent) {}

  // A member's key; the value follows. Keys are ours (member and metric names): plain ASCII with
  // nothing to escape, so they are copied without the escaping scan, and `,"name":` is written in
  // place at once (a record has about 60 keys).
  JsonWriter& key(std::string_view name) {
    if (m_indent >= 0) {
      separate();
      m_out += '"';
      m_out += name;
      m_out += "\": ";
    } else {
      char* out = m_out.reserve(name.size() + 4);
      if (!m_first) {
        *out++ = ',';
      }
      *out++ = '"';
      std::memcpy(out, name.data(), name.size());
      out += name.size();
      *out++ = '"';
      *out++ = ':';
      m_out.commit(out);
      m_first = false;
    }
    m_after_key = true;
    return *this;
  }
  void number(double value) {
    separate();
    append_json_number(m_out, value);
  }
  void optional_number(const std::optional<double>& value) {
    if (value) {
      number(*value);
    } else {
      null();
    }
  }
  void integer(std::uint64_t value) {
    separate();
    append_integer(m_out, value);
  }
  void string(std::string_view text) {
    separate();
    append_json_string(m_out, text);
  }
  void null() {
    separate();
    m_out += "null";
  }
  void strings(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& text : texts) {
      string(text);
    }
    end_array();
  }
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

private:
  // Before a key or a value: nothing after a key, else the comma after an earlier member and, when
  // indenting, the line break.
  void separate() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (!m_first) {
      m_out.push_back(',');
    }
    m_first = false;
    if (m_depth > 0) {
      new_line();
    }
  }
  // When indenting: a line break and the indentation of the current depth.
  void new_line() {
    if (m_indent >= 0) {
      const std::size_t spaces =
          static_cast<std::size_t>(m_depth) * static_cast<std::size_t>(m_indent);
      char* out = m_out.reserve(spaces + 1);
      *out++ = '\n';
      m_out.commit(std::fill_n(out, spaces, ' '));
    }
  }
  void open(char bracket) {
    separate();
    m_out.push_back(bracket);
    m_first = true;
    ++m_depth;
  }
  void close(char bracket) {
    --m_depth;
    if (!m_first) {
      new_line();
    }
    m_out.push_back(bracket);
    m_first = false;
  }

  TextBuffer& m_out;
  int m_indent;
  int m_depth = 0;
  bool m_first = true;
  bool m_after_key = false;
};

// Takes the place of JsonWriter to pick the scalar members at chosen paths (or, with `all`, to
// list every path) instead of writing them: keys build the dotted path, arrays are skipped.
class FieldPicker {
public:
  FieldPicker(const std::vector<std::string>& paths,
              std::vector<FieldValue>& values,
              std::vector<std::string>* all = nullptr)
      : m_paths(paths),
        m_values(values),
        m_all(all) {}

  FieldPicker& key(std::string_view name) {
    if (m_skip_depth == 0) {
      m_key_start = m_path.size();
      if (!m_path.empty()) {
        m_path.push_back('.');
      }
      m_path += name;
    }
    return *this;
  }
  void number(double value) { pick(FieldValue::Type::number, value, 0, {}); }
  void optional_number(const std::optional<double>& value) {
    if (value) {
      number(*value);
    } else {
      null();
    }
  }
  void integer(std::uint64_t value) { pick(FieldValue::Type::integer, 0, value, {}); }
  void string(std::string_view text) { pick(FieldValue::Type::text, 0, 0, text); }
  void null() { pick(FieldValue::Type::null, 0, 0, {}); }
  void strings(const std::vector<std::string>& /*texts*/) {
    begin_array();
    end_array();
  }
  void begin_object() {
    if (m_skip_depth > 0) {
      ++m_skip_depth;
      return;
    }
    m_key_starts.push_back(m_key_start);
  }
  void begin_array() {
    begin_object();
    ++m_skip_depth; // nothing inside an array is a field
  }
  void end_object() {
    if (m_skip_depth > 0 && --m_skip_depth > 0) {
      return;
    }
    m_path.resize(m_key_starts.back());
    m_key_starts.pop_back();
  }
  void end_array() { end_object(); }

private:
  void pick(FieldValue::Type type, double number, std::uint64_t integer, std::string_view text) {
    if (m_skip_depth > 0) {
      return;
    }
    if (m_all != nullptr) {
      m_all->push_back(m_path);
    }
    for (std::size_t i = 0; i < m_paths.size(); ++i) {
      if (m_paths[i] == m_path) {
        m_values[i] = {type, number, integer, std::string(text)};
      }
    }
    m_path.resize(m_key_start);
  }

  const std::vector<std::string>& m_paths;
  std::vector<FieldValue>& m_values;
  std::vector<std::string>* m_all;
  std::string m_path;
  std::size_t m_key_start = 0;
  std::vector<std::size_t> m_key_starts;
  int m_skip_depth = 0;
};

template <typename Writer> void per_unit(Writer& w, std::string_view name, const PerUnit& unit) {
  w.key(name).begin_object();
  w.key("energy_wh").number(unit.energy_wh);
  w.key("co2e_g").number(unit.co2e_g);
  w.key("water_ml").number(unit.water_ml);
  w.end_object();
}

// The grid factor's basis (issue #16): null basis fields for a user value, whose basis is unknown.
template <typename Writer> void grid_factor(Writer& w, const GridFactor& grid) {
  w.key("grid").begin_object();
  w.key("basis_option").string(to_string(grid.option));
  w.key("source").string(grid.source);
  w.key("zone").string(grid.zone);
  if (const auto& b = grid.basis) {
    w.key("emissions").string(GridBasis::name(b->scope));
    w.key("allocation").string(GridBasis::name(b->allocation));
    w.key("gases").string(GridBasis::name(b->gases));
    w.key("year").integer(static_cast<std::uint64_t>(b->year));
    w.key("dataset").string(b->dataset);
  } else {
    for (const char* key : {"emissions", "allocation", "gases", "year", "dataset"}) {
      w.key(key).null();
    }
  }
  w.key("label").string(grid.describe());
  w.end_object();
}

template <typename Writer> void assumption(Writer& w, const Assumption& a) {
  w.begin_object();
  w.key("name").string(a.name);
  if (a.text.empty()) {
    w.key("value").number(a.value);
  } else {
    w.key("value").string(a.text);
  }
  w.key("unit").string(a.unit);
  w.key("origin").string(a.origin);
  w.key("source").strings(a.sources);
  if (!a.note.empty()) {
    w.key("note").string(a.note);
  }
  w.end_object();
}

template <typename Writer> void sensitivity(Writer& w, const Uncertainty& u) {
  w.key("sensitivity").begin_object();
  for (const auto& m : u.sensitivity) {
    w.key(m.metric).begin_array();
    for (const auto& share : m.shares) {
      w.begin_object();
      w.key("input").string(share.input);
      w.key("share").number(share.share);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

template <typename Writer> void uncertain_inputs(Writer& w, const Uncertainty& u) {
  w.key("inputs").begin_array();
  for (const auto& input : u.inputs) {
    w.begin_object();
    w.key("name").string(input.name);
    w.key("value").number(input.central);
    w.key("p5").number(input.low);
    w.key("p95").number(input.high);
    w.key("origin").string(input.origin);
    w.key("source").strings(input.sources);
    w.end_object();
  }
  w.end_array();
}

// Without details (a stream's default record): the ranges and the method, no sensitivity or inputs.
template <typename Writer> void uncertainty(Writer& w, const Uncertainty& u) {
  w.key("uncertainty").begin_object();
  for (const auto& r : u.ranges) {
    w.key(r.metric).begin_object();
    w.key("p5").number(r.p5);
    w.key("p50").number(r.p50);
    w.key("p95").number(r.p95);
    w.end_object();
  }
  w.end_object();
  if (u.detailed) {
    sensitivity(w, u);
  }
  w.key("uncertainty_method").begin_object();
  w.key("method").string(u.method);
  w.key("samples").integer(u.samples);
  w.key("seed").integer(u.seed);
  if (u.detailed) {
    uncertain_inputs(w, u);
  }
  w.end_object();
}

// Length of the valid UTF-8 sequence at the start of `text`, or 0 when it is not one (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

} // namespace

void append_json_string(TextBuffer& out, std::string_view text) {
  out.push_back('"');
  // Most strings (ids, units, origins) need no escaping: copy them whole.
  const auto plain = std::find_if(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u >= 0x80 || c == '"' || c == '\\';
  });
  out.append(text.substr(0, static_cast<std::size_t>(plain - text.begin())));
  for (auto i = static_cast<std::size_t>(plain - text.begin()); i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) {
        out += "\xEF\xBF\xBD"; // U+FFFD replacement character
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    ++i;
  }
  out.push_back('"');
}

// Kept whole (over 80 lines): the members in output order, one line each, read as the schema
// does, and it runs for every row of a stream (scripts/bench.sh). `Writer`: JsonWriter, or
// FieldPicker for chosen fields.
namespace {

template <typename Writer>
void write_members(Writer& w,
                   const Footprint& footprint,
                   std::string_view data_version,
                   bool with_assumptions) {
  w.key("schema").string(k_footprint_schema);
  w.key("kind").string(footprint.kind);
  w.key("boundary").string(to_string(footprint.boundary));
  w.key("water_scope").string(to_string(footprint.water.scope));
  const EnergyBreakdown& e = footprint.energy;
  w.key("energy_kwh").begin_object();
  w.key("accelerators").number(e.accelerators_kwh);
  w.key("host").number(e.host_kwh);
  w.key("idle_capacity").number(e.idle_capacity_kwh);
  w.key("facility_overhead").number(e.facility_overhead_kwh);
  w.key("it").number(e.it_kwh());
  w.key("facility").number(e.facility_kwh());
  w.key("total").number(e.total_kwh);
  w.end_object();
  w.key("co2e_kg").begin_object();
  w.key("operational").number(footprint.co2e.operational_kg);
  w.key("embodied").number(footprint.co2e.embodied_kg);
  w.key("total").number(footprint.co2e.total_kg);
  w.end_object();
  grid_factor(w, footprint.grid);
  w.key("water_l").begin_object();
  w.key("onsite").number(footprint.water.onsite_l);
  w.key("offsite").number(footprint.water.offsite_l);
  w.key("total").number(footprint.water.total_l);
  w.key("headline").number(footprint.water.headline_l());
  w.end_object();
  w.key("time").begin_object();
  w.key("device_hours").number(footprint.time.device_hours);
  w.key("wall_hours").optional_number(footprint.time.wall_hours);
  w.key("devices").optional_number(footprint.time.devices);
  w.end_object();
  w.key("compute").begin_object();
  w.key("route").string(footprint.compute.route);
  w.key("flops").optional_number(footprint.compute.flops);
  w.key("mfu").optional_number(footprint.compute.mfu);
  if (footprint.compute.precision) {
    w.key("precision").string(*footprint.compute.precision);
  } else {
    w.key("precision").null();
  }
  w.end_object();
  if (const auto& wl = footprint.workload) {
    w.key("workload").begin_object();
    w.key("requests").number(wl->requests);
    w.key("requests_per_day").optional_number(wl->requests_per_day);
    w.key("days").optional_number(wl->days);
    w.key("input_tokens").number(wl->input_tokens);
    w.key("output_tokens").number(wl->output_tokens);
    w.key("reasoning_tokens").number(wl->reasoning_tokens);
    w.end_object();
  }
  if (footprint.per_request) {
    per_unit(w, "per_request", *footprint.per_request);
  }
  if (footprint.per_million_tokens) {
    per_unit(w, "per_million_tokens", *footprint.per_million_tokens);
  }
  if (const auto& t = footprint.throughput) {
    w.key("throughput").begin_object();
    w.key("tokens_per_s").number(t->tokens_per_s);
    w.key("step_ms").number(t->step_ms);
    w.key("bound").string(t->bound);
    w.key("batch").number(t->batch);
    w.key("devices_per_replica").number(t->devices_per_replica);
    w.key("prefill_ms").number(t->prefill_ms);
    w.key("energy_j_per_token").number(t->energy_j_per_token);
    w.key("deployment").string(t->deployment);
    w.key("user_tokens_per_s").number(t->user_tokens_per_s);
    w.key("prefill_devices").number(t->prefill_devices);
    w.end_object();
  }
  if (const auto& fl = footprint.fleet) {
    w.key("fleet").begin_object();
    w.key("devices").number(fl->devices);
    w.key("nodes").number(fl->nodes);
    w.key("prefill_devices").number(fl->prefill_devices);
    w.key("decode_devices").number(fl->decode_devices);
    w.key("average_it_mw").number(fl->average_it_mw);
    w.key("peak_it_mw").number(fl->peak_it_mw);
    w.key("average_facility_mw").number(fl->average_facility_mw);
    w.key("peak_facility_mw").number(fl->peak_facility_mw);
    w.end_object();
  }
  if (const auto& g = footprint.generation) {
    w.key("generation").begin_object();
    w.key("media").string(g->media);
    w.key("items").number(g->items);
    w.key("items_per_day").optional_number(g->items_per_day);
    w.key("days").optional_number(g->days);
    w.key("width_px").number(g->width_px);
    w.key("height_px").number(g->height_px);
    w.key("frames").number(g->frames);
    w.key("steps").number(g->steps);
    w.key("batch").number(g->batch);
    w.key("devices_per_replica").number(g->devices_per_replica);
    w.key("latent_tokens").number(g->latent_tokens);
    w.key("passes_per_step").number(g->passes_per_step);
    w.key("seconds_per_item").number(g->seconds_per_item);
    w.key("denoise_share").number(g->denoise_share);
    w.key("attention_share").number(g->attention_share);
    w.key("flop_per_item").number(g->flop_per_item);
    w.end_object();
  }
  if (footprint.per_item) {
    per_unit(w, "per_item", *footprint.per_item);
  }
  if (const auto& l = footprint.lifecycle) {
    w.key("lifecycle").begin_object();
    w.key("training_kwh").number(l->training_kwh);
    w.key("teacher_kwh").number(l->teacher_kwh);
    w.key("inference_kwh").number(l->inference_kwh);
    w.key("training_co2e_kg").number(l->training_co2e_kg);
    w.key("inference_co2e_kg").number(l->inference_co2e_kg);
    w.key("training_share").number(l->training_share);
    w.key("inference_share").number(l->inference_share);
    per_unit(w, "training_per_request", l->training_per_request);
    w.key("crossover_day").optional_number(l->crossover_day);
    w.end_object();
  }
  if (with_assumptions && footprint.trail == Trail::full) {
    w.key("assumptions").begin_array();
    for (const auto& a : footprint.assumptions) {
      assumption(w, a);
    }
    w.end_array();
  }
  if (footprint.uncertainty) {
    uncertainty(w, *footprint.uncertainty);
  }
  w.key("notes").strings(footprint.notes);
  w.key("data_version").string(data_version);
}

} // namespace

void append_footprint_members(TextBuffer& out,
                              const Footprint& footprint,
                              std::string_view data_version,
                              bool with_assumptions) {
  JsonWriter w(out);
  write_members(w, footprint, data_version, with_assumptions);
}

std::vector<std::string> footprint_field_paths(const std::vector<std::string_view>& range_metrics) {
  Footprint every; // each optional block present, so that each member is written once
  every.grid.basis.emplace();
  every.compute.precision.emplace();
  every.workload.emplace();
  every.per_request.emplace();
  every.per_million_tokens.emplace();
  every.throughput.emplace();
  every.fleet.emplace();
  every.generation.emplace();
  every.per_item.emplace();
  every.lifecycle.emplace();
  every.uncertainty.emplace();
  for (const std::string_view metric : range_metrics) {
    every.uncertainty->ranges.push_back({std::string(metric), 0, 0, 0});
  }
  std::vector<std::string> paths;
  const std::vector<std::string> none;
  std::vector<FieldValue> values;
  FieldPicker collector(none, values, &paths);
  write_members(collector, every, {}, false);
  return paths;
}

void pick_footprint_fields(const Footprint& footprint,
                           std::string_view data_version,
                           const std::vector<std::string>& paths,
                           std::vector<FieldValue>& values) {
  values.assign(paths.size(), FieldValue{});
  FieldPicker picker(paths, values);
  write_members(picker, footprint, data_version, false);
}

TextBuffer footprint_json(const Footprint& footprint, std::string_view data_version, int indent) {
  TextBuffer text;
  JsonWriter w(text, indent);
  w.begin_object();
  write_members(w, footprint, data_version, true);
  w.end_object();
  return text;
}

nlohmann::ordered_json to_json(const Footprint& footprint, const std::string& data_version) {
  return nlohmann::ordered_json::parse(footprint_json(footprint, data_version).view());
}

} // namespace aifoot
