#include <aifoot/error.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>
#include <string>
#include <system_error>

namespace aifoot {
namespace {

struct UnitFactor {
  std::string_view name;
  double factor;
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i]))
        != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

[[noreturn]] void reject(std::string_view field,
                         std::string_view text,
                         std::string_view why,
                         std::string_view hint = {}) {
  throw Error(ErrorKind::invalid_input,
              fmt::format("invalid value '{}' for {}: {}", text, field, why),
              std::string(hint));
}

// Splits "12.5kWh" into the number and what follows it. Thousands separators are accepted only
// in the form "1,000" (groups of three digits) so that "1,5" is not silently read as 15.
struct NumberAndRest {
  double value;
  std::string_view rest;
};

NumberAndRest split_number(std::string_view original, std::string_view field) {
  const std::string_view text = trim(original);
  if (text.empty()) {
    reject(field, original, "empty value", "give a number, e.g. 1.5");
  }
  std::string digits;
  std::size_t i = 0;
  if (text[i] == '+' || text[i] == '-') {
    digits.push_back(text[i]);
    ++i;
  }
  std::size_t group = 0;
  bool seen_comma = false;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits.push_back(c);
      ++group;
    } else if (c == ',' && !seen_point) {
      if ((seen_comma && group != 3) || group == 0 || group > 3) {
        reject(field, original, "misplaced thousands separator", "write 1000 or 1,000");
      }
      seen_comma = true;
      group = 0;
    } else if (c == '.' && !seen_point) {
      if (seen_comma && group != 3) {
        reject(field, original, "misplaced thousands separator", "write 1000 or 1,000");
      }
      seen_point = true;
      digits.push_back(c);
    } else if ((c == 'e' || c == 'E') && i + 1 < text.size()
               && (std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0
                   || ((text[i + 1] == '-' || text[i + 1] == '+') && i + 2 < text.size()
                       && std::isdigit(static_cast<unsigned char>(text[i + 2])) != 0))) {
      digits.push_back(c);
      ++i;
      digits.push_back(text[i]);
      for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0; ++i) {
        digits.push_back(text[i]);
      }
      break;
    } else {
      break;
    }
  }
  if (seen_comma && !seen_point && group != 3) {
    reject(field, original, "misplaced thousands separator", "write 1000 or 1,000");
  }
  double value = 0.0;
  const char* first = digits.data();
  const char* last = digits.data() + digits.size();
  if (!digits.empty() && digits.front() == '+') {
    ++first;
  }
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    reject(field, original, "number out of range");
  }
  if (ec != std::errc() || end != last || first == last) {
    reject(field, original, "not a number", "give a number, e.g. 1.5, 2.5e9 or 15T");
  }
  if (!std::isfinite(value)) {
    reject(field, original, "not a finite number");
  }
  if (value < 0.0) {
    reject(field, original, "must not be negative");
  }
  return {value, trim(text.substr(i))};
}

double checked(double value, std::string_view field, std::string_view text) {
  if (!std::isfinite(value)) {
    reject(field, text, "number out of range");
  }
  return value;
}

double count_suffix(std::string_view suffix, std::string_view field, std::string_view text) {
  static constexpr std::array<UnitFactor, 9> k_suffixes{{{"", 1.0},
                                                         {"k", 1e3},
                                                         {"K", 1e3},
                                                         {"M", 1e6},
                                                         {"B", 1e9},
                                                         {"G", 1e9},
                                                         {"T", 1e12},
                                                         {"P", 1e15},
                                                         {"E", 1e18}}};
  for (const auto& entry : k_suffixes) {
    if (suffix == entry.name) {
      return entry.factor;
    }
  }
  reject(field, text, fmt::format("unknown suffix '{}'", suffix), "use k, M, B (or G), T or P");
}

double lookup_unit(std::string_view unit,
                   std::span<const UnitFactor> table,
                   std::string_view field,
                   std::string_view text,
                   std::string_view expected) {
  for (const auto& entry : table) {
    if (iequals(unit, entry.name)) {
      return entry.factor;
    }
  }
  reject(field, text, fmt::format("unknown unit '{}'", unit), fmt::format("use {}", expected));
}

constexpr std::array<UnitFactor, 18> k_duration_units{{{"ms", 1.0 / 3.6e6},
                                                       {"s", 1.0 / 3600},
                                                       {"sec", 1.0 / 3600},
                                                       {"second", 1.0 / 3600},
                                                       {"seconds", 1.0 / 3600},
                                                       {"min", 1.0 / 60},
                                                       {"minutes", 1.0 / 60},
                                                       {"h", 1.0},
                                                       {"hr", 1.0},
                                                       {"hours", 1.0},
                                                       {"d", 24.0},
                                                       {"day", 24.0},
                                                       {"days", 24.0},
                                                       {"w", 168.0},
                                                       {"week", 168.0},
                                                       {"weeks", 168.0},
                                                       {"y", 8760.0},
                                                       {"year", 8760.0}}};

} // namespace

double parse_number(std::string_view text, std::string_view field) {
  const auto [value, rest] = split_number(text, field);
  return checked(value * count_suffix(rest, field, text), field, text);
}

double parse_count(std::string_view text, std::string_view field) {
  return parse_number(text, field);
}

double
parse_duration_h(std::string_view text, std::string_view field, std::string_view default_unit) {
  const auto [value, rest] = split_number(text, field);
  const std::string_view unit = rest.empty() ? default_unit : rest;
  return checked(value * lookup_unit(unit, k_duration_units, field, text, "s, min, h, d, w or y"),
                 field,
                 text);
}

double parse_power_w(std::string_view text, std::string_view field) {
  static constexpr std::array<UnitFactor, 5> k_units{
      {{"", 1.0}, {"W", 1.0}, {"kW", 1e3}, {"MW", 1e6}, {"mW", 1e-3}}};
  const auto [value, rest] = split_number(text, field);
  // Case matters for power prefixes (mW vs MW), so compare exactly before falling back.
  for (const auto& entry : k_units) {
    if (rest == entry.name) {
      return checked(value * entry.factor, field, text);
    }
  }
  return checked(value * lookup_unit(rest, k_units, field, text, "W, kW or MW"), field, text);
}

double
parse_energy_j(std::string_view text, std::string_view field, std::string_view default_unit) {
  static constexpr std::array<UnitFactor, 8> k_units{{{"J", 1.0},
                                                      {"kJ", 1e3},
                                                      {"MJ", 1e6},
                                                      {"Wh", 3600.0},
                                                      {"kWh", 3.6e6},
                                                      {"MWh", 3.6e9},
                                                      {"GWh", 3.6e12},
                                                      {"mWh", 3.6}}};
  const auto [value, rest] = split_number(text, field);
  const std::string_view unit = rest.empty() ? default_unit : rest;
  for (const auto& entry : k_units) {
    if (unit == entry.name) {
      return checked(value * entry.factor, field, text);
    }
  }
  return checked(value * lookup_unit(unit, k_units, field, text, "J, Wh, kWh or MWh"), field, text);
}

double parse_intensity_g_per_kwh(std::string_view text, std::string_view field) {
  static constexpr std::array<UnitFactor, 10> k_units{{{"", 1.0},
                                                       {"g/kWh", 1.0},
                                                       {"gCO2/kWh", 1.0},
                                                       {"gCO2e/kWh", 1.0},
                                                       {"gCO2eq/kWh", 1.0},
                                                       {"kg/kWh", 1000.0},
                                                       {"kgCO2/kWh", 1000.0},
                                                       {"kgCO2e/kWh", 1000.0},
                                                       {"t/MWh", 1000.0},
                                                       {"kg/MWh", 1.0}}};
  const auto [value, rest] = split_number(text, field);
  std::string compact;
  for (const char c : rest) {
    if (c != ' ') {
      compact.push_back(c);
    }
  }
  return checked(
      value * lookup_unit(compact, k_units, field, text, "g/kWh or kg/kWh"), field, text);
}

double parse_fraction(std::string_view text, std::string_view field) {
  const auto [value, rest] = split_number(text, field);
  double fraction = value;
  if (rest == "%") {
    fraction = value / 100.0;
  } else if (!rest.empty()) {
    reject(field, text, fmt::format("unknown unit '{}'", rest), "give a fraction like 0.4 or 40%");
  }
  if (fraction > 1.0) {
    reject(field, text, "must be between 0 and 1", "give a fraction like 0.4 or 40%");
  }
  return fraction;
}

double parse_rate_per_s(std::string_view text, std::string_view field) {
  const std::size_t slash = text.find('/');
  const std::string_view count_text =
      slash == std::string_view::npos ? text : text.substr(0, slash);
  const double count = parse_count(count_text, field);
  if (slash == std::string_view::npos) {
    return count;
  }
  const std::string_view per = trim(text.substr(slash + 1));
  const double hours = lookup_unit(per, k_duration_units, field, text, "/s, /min, /h, /day or /w");
  return checked(count / (hours * k_seconds_per_hour), field, text);
}

} // namespace aifoot
