#pragma once

#include <aifoot/footprint.hpp>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

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
void append_footprint_members(std::string& out,
                              const Footprint& footprint,
                              std::string_view data_version,
                              bool with_assumptions = true);

// The footprint as a JSON document (the same members, parsed), for callers that look values up.
nlohmann::ordered_json to_json(const Footprint& footprint, const std::string& data_version);

// Compact JSON (as written by append_footprint_members) laid out with `indent` spaces per level,
// exactly as nlohmann::json::dump(indent) lays out the same document, without building one.
std::string indent_json(std::string_view compact, int indent = 2);

// Appends `value` as a JSON number in the layout nlohmann::json prints (1500.0, 0.0001, 2.16e+20)
// with the shortest digits that read back as `value`, or null when it is not finite.
void append_json_number(std::string& out, double value);

// Appends `text` as a JSON string: quoted, with quotes, backslashes and control characters escaped
// and invalid UTF-8 replaced by U+FFFD, so the output always parses.
void append_json_string(std::string& out, std::string_view text);

} // namespace aifoot
