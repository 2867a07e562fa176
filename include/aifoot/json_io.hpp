#pragma once

#include <aifoot/footprint.hpp>
#include <aifoot/number_text.hpp>
#include <aifoot/text_buffer.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// Schema id of a serialised footprint; bumped when a key changes meaning or disappears.
inline constexpr const char* k_footprint_schema = "aifoot.footprint/1";

// Appends the members of the footprint's JSON object, without the braces, so that a stream can put
// its own keys first ({"line": 7, <members>}). Schema aifoot.footprint/1, documented in
// docs/usage.md: schema, kind, boundary, water_scope, energy_kwh, co2e_kg, grid (the grid factor's
// basis), water_l (onsite, offsite, total, headline = the water in water_scope), time, compute,
// [workload, per_request, per_million_tokens, throughput, lifecycle], assumptions (when
// `with_assumptions` and the footprint kept its trail), [uncertainty, sensitivity,
// uncertainty_method], notes, data_version. Written directly, without a JSON document: this is the
// output path of streams and sweeps.
void append_footprint_members(TextBuffer& out,
                              const Footprint& footprint,
                              std::string_view data_version,
                              bool with_assumptions = true);

// One scalar member of a record, picked by its path: absent when the record has no such member.
struct FieldValue {
  enum class Type { absent, null, number, integer, text };
  Type type = Type::absent;
  double number = 0;
  std::uint64_t integer = 0;
  std::string text;
};

// The paths of every scalar member a record can have, as append_footprint_members writes them,
// joined by dots ("energy_kwh.total", "grid.zone", "uncertainty_method.seed"), with
// "uncertainty.<metric>.p5|p50|p95" for each of `range_metrics`. Arrays (assumptions, notes,
// sensitivity, inputs) are not fields.
std::vector<std::string> footprint_field_paths(const std::vector<std::string_view>& range_metrics);

// The members at `paths` of the record append_footprint_members would write, into `values`
// (resized to paths.size(); FieldValue::Type::absent where the record has no such member), without
// writing the record.
void pick_footprint_fields(const Footprint& footprint,
                           std::string_view data_version,
                           const std::vector<std::string>& paths,
                           std::vector<FieldValue>& values);

// The footprint as a JSON document (the same members, parsed), for callers that look values up.
nlohmann::ordered_json to_json(const Footprint& footprint, const std::string& data_version);

// The footprint as one JSON object: the members of append_footprint_members in braces, compact
// (`indent` -1) or laid out with `indent` spaces per level exactly as nlohmann::json::dump(indent)
// lays out the same document, without building one.
TextBuffer
footprint_json(const Footprint& footprint, std::string_view data_version, int indent = -1);

// Appends `text` as a JSON string: quoted, with quotes, backslashes and control characters escaped
// and invalid UTF-8 replaced by U+FFFD, so the output always parses.
void append_json_string(TextBuffer& out, std::string_view text);

} // namespace aifoot
