#pragma once

#include <span>
#include <string>
#include <string_view>

namespace aifoot {

// The range one numeric input may take, in the unit it is stored in (hours for "days" and
// "hours", years for "lifetime"). One table (src/core/scenario_fields.cpp) holds every field's
// bounds, and every way a value comes in checks against it: flags, scenario files, CSV columns,
// both ends of a LOW..HIGH range, the estimators themselves and user catalogs.
struct FieldBounds {
  std::string_view name; // the field ("pue") or catalog quantity ("tdp_w")
  double min = 0;
  double max = 0;
  std::string_view unit; // for messages and --help, e.g. "W", "h", "" for a ratio
};

// Every entry of the bounds table, in table order.
std::span<const FieldBounds> field_bounds_table();

// The bounds of `name`, or nullptr when the field has none (a name, a choice).
const FieldBounds* find_field_bounds(std::string_view name);

// `help` with the bounds of `field` appended ("... e.g. 1.1 [1..3]"), for --help.
std::string field_help(std::string_view help, std::string_view field);

// The bounds of `name`; throws Error(internal) for a name the table does not have (a bug).
const FieldBounds& field_bounds(std::string_view name);

// "[1..3]" or "[0..20,000 W]", for --help and messages.
std::string field_bounds_text(const FieldBounds& bounds);

// Returns `value` when it is finite and within the bounds of `field`, else throws
// Error(invalid_input) "FIELD must be between MIN and MAX UNIT (got VALUE)" with `hint`.
double require_field_range(double value, std::string_view field, std::string_view hint = {});

} // namespace aifoot
