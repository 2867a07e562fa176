#include "record_reader.hpp"

#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace aifoot::detail {

using nlohmann::json;

RecordReader::RecordReader(const json& record, const std::string& file, std::size_t index)
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

void RecordReader::fail(std::string_view field, std::string_view why) const {
  const std::string where = m_id.empty() ? fmt::format("record {}", m_index + 1)
                                         : fmt::format("record {} ('{}')", m_index + 1, m_id);
  throw Error(ErrorKind::data,
              field.empty() ? fmt::format("{}: {} {}", m_file, where, why)
                            : fmt::format("{}: {}: field '{}' {}", m_file, where, field, why));
}

const json* RecordReader::member(std::string_view field) const {
  const auto it = m_record.find(field);
  return it == m_record.end() || it->is_null() ? nullptr : &*it;
}

std::string RecordReader::string(std::string_view field) const {
  auto value = optional_string(field);
  if (!value) {
    fail(field, "is missing");
  }
  return std::move(*value);
}

std::optional<std::string> RecordReader::optional_string(std::string_view field) const {
  const json* value = member(field);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(field, "must be a string");
  }
  return value->get<std::string>();
}

std::string RecordReader::string_or(std::string_view field, std::string fallback) const {
  return optional_string(field).value_or(std::move(fallback));
}

std::optional<double> RecordReader::optional_number(std::string_view field) const {
  const json* member_value = member(field);
  if (member_value == nullptr) {
    return std::nullopt;
  }
  if (!member_value->is_number()) {
    fail(field, "must be a number");
  }
  const double value = member_value->get<double>();
  if (!(value >= 0.0) || value > 1e300) {
    fail(field, fmt::format("must be a finite non-negative number (got {})", value));
  }
  return value;
}

double RecordReader::number(std::string_view field) const {
  const auto value = optional_number(field);
  if (!value) {
    fail(field, "is missing");
  }
  return *value;
}

std::optional<double> RecordReader::bounded_number(std::string_view field,
                                                   std::string_view quantity) const {
  const auto value = optional_number(field);
  if (value) {
    check_bounds(field, *value, quantity);
  }
  return value;
}

void RecordReader::check_bounds(std::string_view field,
                                double value,
                                std::string_view quantity) const {
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

std::optional<int> RecordReader::optional_int(std::string_view field) const {
  const auto value = optional_number(field);
  if (!value) {
    return std::nullopt;
  }
  if (*value != static_cast<double>(static_cast<long long>(*value)) || *value > 1e9) {
    fail(field, "must be a whole number");
  }
  return static_cast<int>(*value);
}

bool RecordReader::boolean_or(std::string_view field, bool fallback) const {
  const json* value = member(field);
  if (value == nullptr) {
    return fallback;
  }
  if (!value->is_boolean()) {
    fail(field, "must be true or false");
  }
  return value->get<bool>();
}

std::vector<std::string> RecordReader::strings(std::string_view field) const {
  std::vector<std::string> out;
  const json* value = member(field);
  if (value == nullptr) {
    return out;
  }
  if (!value->is_array()) {
    fail(field, "must be an array of strings");
  }
  for (const auto& item : *value) {
    if (!item.is_string()) {
      fail(field, "must be an array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> RecordReader::sources() const {
  auto out = strings("sources");
  if (out.empty()) {
    fail("sources", "is missing or empty (every record needs a source)");
  }
  return out;
}

std::vector<std::pair<std::string, std::optional<double>>>
RecordReader::number_members(std::string_view field, std::string_view shape) const {
  std::vector<std::pair<std::string, std::optional<double>>> out;
  const auto it = m_record.find(field);
  if (it == m_record.end()) {
    return out;
  }
  if (!it->is_object()) {
    fail(field, shape);
  }
  for (const auto& [key, value] : it->items()) {
    out.emplace_back(key,
                     value.is_number() ? std::optional<double>(value.get<double>()) : std::nullopt);
  }
  return out;
}

} // namespace aifoot::detail
