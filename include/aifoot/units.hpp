#pragma once

#include <string_view>

namespace aifoot {

inline constexpr double k_seconds_per_hour = 3600.0;
inline constexpr double k_hours_per_day = 24.0;
inline constexpr double k_hours_per_year = 8760.0; // 365 days, the convention of annual reports
inline constexpr double k_joules_per_kwh = 3.6e6;
inline constexpr double k_wh_per_kwh = 1000.0;

// Parsers for the human inputs accepted everywhere (flags, scenario files, streams). Each takes
// the text and the name of the field it came from, and throws Error(invalid_input) naming that
// field for garbage, negative, NaN/inf or overflowing values. Leading/trailing blanks are ignored.

// A plain count with optional SI suffix (k/K, M, B/G, T, P), exponent or thousands commas:
// "15T", "3.3M", "2.5e9", "1,000". Returns the number.
double parse_count(std::string_view text, std::string_view field);

// A duration: "14.8d", "36h", "90min", "2w", "3600s", "1y" (365 d). A bare number is read in
// `default_unit` ("s", "h", "d"). Returns hours.
double
parse_duration_h(std::string_view text, std::string_view field, std::string_view default_unit);

// Power: "700W", "1.2kW", "0.5 MW"; a bare number is watts. Returns watts.
double parse_power_w(std::string_view text, std::string_view field);

// Energy: "J", "kJ", "MJ", "Wh", "kWh", "MWh", "GWh"; a bare number is read in `default_unit`.
// Returns joules.
double parse_energy_j(std::string_view text, std::string_view field, std::string_view default_unit);

// Grid carbon intensity: "429", "429g/kWh", "429 gCO2e/kWh", "0.429kg/kWh". Returns g/kWh.
double parse_intensity_g_per_kwh(std::string_view text, std::string_view field);

// A fraction in [0, 1]: "0.4" or "40%".
double parse_fraction(std::string_view text, std::string_view field);

// A rate: "1M/day", "500/h", "10/s", "2k/min"; a bare number is per second. Returns events per
// second.
double parse_rate_per_s(std::string_view text, std::string_view field);

// A plain non-negative number (with the count suffixes allowed), e.g. a PUE "1.1".
double parse_number(std::string_view text, std::string_view field);

} // namespace aifoot
