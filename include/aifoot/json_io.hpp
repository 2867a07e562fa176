#pragma once

#include <aifoot/footprint.hpp>

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace aifoot {

// Schema id of a serialised footprint; bumped when a key changes meaning or disappears.
inline constexpr const char* k_footprint_schema = "aifoot.footprint/1";

// The footprint as JSON (schema aifoot.footprint/1, documented in README): energy_kwh, co2e_kg,
// water_l, time, compute, assumptions, notes, and the `data_version` of the catalog used; inference
// and lifecycle results add workload, per_request, per_million_tokens, throughput and lifecycle.
nlohmann::ordered_json to_json(const Footprint& footprint, const std::string& data_version);

} // namespace aifoot
