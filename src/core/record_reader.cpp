#include "record_reader.hpp"

#include <aifoot/edit_distance.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <span>

namespace aifoot::detail {

namespace {

std::string_view pooled_text(std::uint32_t offset, std::size_t size) {
  return embedded_text().substr(offset, size);
}

std::span<const EmbeddedValue> pooled_children(const EmbeddedValue& value) {
  return embedded_values().subspan(value.text, value.size);
}

} // namespace

EmbeddedKind ValueRef::kind() const {
  if (m_embedded != nullptr) {
    return m_embedded->kind;
  }
  switch (m_json->type()) {
  case nlohmann::json::value_t::boolean:
    return EmbeddedKind::boolean;
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float:
    return EmbeddedKind::number;
  case nlohmann::json::value_t::string:
    return EmbeddedKind::string;
  case nlohmann::json::value_t::array:
    return EmbeddedKind::array;
  case nlohmann::json::value_t::object:
    return EmbeddedKind::object;
  default: // null, discarded, binary (never parsed from text)
    return EmbeddedKind::null;
  }
}

std::string_view ValueRef::string() const {
  return m_json != nullptr ? std::string_view(m_json->get_ref<const std::string&>())
                           : pooled_text(m_embedded->text, m_embedded->size);
}

double ValueRef::number() const {
  return m_json != nullptr ? m_json->get<double>() : m_embedded->number;
}

bool ValueRef::boolean() const {
  return m_json != nullptr ? m_json->get<bool>() : m_embedded->number != 0.0;
}

std::optional<ValueRef> ValueRef::member(std::string_view key) const {
  if (m_json != nullptr) {
    const auto it = m_json->find(key);
    return it == m_json->end() ? std::nullopt : std::optional<ValueRef>(*it);
  }
  if (m_embedded->kind != EmbeddedKind::object) {
    return std::nullopt;
  }
  // An object's members are in name order (tools/embed_data.cpp).
  const auto members = pooled_children(*m_embedded);
  const char* const text = embedded_text().data();
  const auto name_of = [text](const EmbeddedValue& member) {
    return std::string_view(text + member.key, member.key_size);
  };
  const auto it = std::lower_bound(
      members.begin(), members.end(), key, [&](const EmbeddedValue& member, std::string_view name) {
        return name_of(member) < name;
      });
  return it != members.end() && name_of(*it) == key ? std::optional<ValueRef>(*it) : std::nullopt;
}

void ValueRef::for_each(const std::function<void(std::string_view, ValueRef)>& visit) const {
  if (m_json != nullptr && m_json->is_object()) {
    for (const auto& [key, value] : m_json->items()) {
      visit(key, value);
    }
  } else if (m_json != nullptr && m_json->is_array()) {
    for (const auto& value : *m_json) {
      visit({}, value);
    }
  }
  if (m_embedded == nullptr
      || (m_embedded->kind != EmbeddedKind::array && m_embedded->kind != EmbeddedKind::object)) {
    return;
  }
  for (const auto& child : pooled_children(*m_embedded)) {
    visit(pooled_text(child.key, child.key_size), child);
  }
}

RecordReader::RecordReader(ValueRef record,
                           const std::string& file,
                           std::size_t index,
                           bool track_fields)
    : m_record(record),
      m_track_fields(track_fields),
      m_file(file),
      m_index(index) {
  if (!record.is_object()) {
    fail("", "is not a JSON object");
  }
  if (const auto id = record.member("id"); id && id->is_string()) {
    m_id = id->string();
  }
}

void RecordReader::fail(std::string_view field, std::string_view why) const {
  const std::string where = m_id.empty() ? fmt::format("record {}", m_index + 1)
                                         : fmt::format("record {} ('{}')", m_index + 1, m_id);
  throw Error(ErrorKind::data,
              field.empty() ? fmt::format("{}: {} {}", m_file, where, why)
                            : fmt::format("{}: {}: field '{}' {}", m_file, where, field, why));
}

void RecordReader::ask(std::string_view field) const {
  if (m_track_fields) {
    m_asked.emplace_back(field);
  }
}

std::optional<ValueRef> RecordReader::member(std::string_view field) const {
  ask(field);
  auto value = m_record.member(field);
  return value && value->is_null() ? std::nullopt : value;
}

std::string RecordReader::string(std::string_view field) const {
  auto value = optional_string(field);
  if (!value) {
    fail(field, "is missing");
  }
  return std::move(*value);
}

std::optional<std::string> RecordReader::optional_string(std::string_view field) const {
  const auto value = member(field);
  if (!value) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(field, "must be a string");
  }
  return std::string(value->string());
}

std::string RecordReader::string_or(std::string_view field, std::string fallback) const {
  return optional_string(field).value_or(std::move(fallback));
}

std::optional<double> RecordReader::optional_number(std::string_view field) const {
  const auto member_value = member(field);
  if (!member_value) {
    return std::nullopt;
  }
  if (!member_value->is_number()) {
    fail(field, "must be a number");
  }
  const double value = member_value->number();
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
  // The range first (optional_number has refused negatives): converting a double beyond the
  // integer's range is undefined behaviour (2e111 as a "year" in a user catalog, found by
  // fuzz_user_catalog).
  constexpr double k_largest = 1e9;
  if (!(*value <= k_largest) || *value != std::trunc(*value)) {
    fail(field, "must be a whole number from 0 to 1,000,000,000");
  }
  return static_cast<int>(*value);
}

bool RecordReader::boolean_or(std::string_view field, bool fallback) const {
  const auto value = member(field);
  if (!value) {
    return fallback;
  }
  if (!value->is_boolean()) {
    fail(field, "must be true or false");
  }
  return value->boolean();
}

std::vector<std::string> RecordReader::strings(std::string_view field) const {
  std::vector<std::string> out;
  const auto value = member(field);
  if (!value) {
    return out;
  }
  if (!value->is_array()) {
    fail(field, "must be an array of strings");
  }
  value->for_each([&](std::string_view, ValueRef item) {
    if (!item.is_string()) {
      fail(field, "must be an array of strings");
    }
    out.emplace_back(item.string());
  });
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
  ask(field);
  const auto object = m_record.member(field);
  if (!object) {
    return out;
  }
  if (!object->is_object()) {
    fail(field, shape);
  }
  object->for_each([&](std::string_view key, ValueRef value) {
    out.emplace_back(key, value.is_number() ? std::optional<double>(value.number()) : std::nullopt);
  });
  return out;
}

void RecordReader::require_no_unknown_fields() const {
  m_record.for_each([&](std::string_view key, ValueRef) {
    if (key == "id" || std::find(m_asked.begin(), m_asked.end(), key) != m_asked.end()) {
      return;
    }
    const auto suggestions = closest_matches(key, m_asked);
    fail(key,
         suggestions.empty() ? std::string("is not a field of this table")
                             : fmt::format("is not a field of this table; did you mean {}?",
                                           quoted_alternatives(suggestions)));
  });
}

} // namespace aifoot::detail
