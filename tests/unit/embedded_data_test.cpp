#include "catch.hpp"

#include <aifoot/embedded_data.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

using aifoot::detail::EmbeddedKind;
using aifoot::detail::EmbeddedValue;
using nlohmann::json;

namespace {

std::string_view pooled(std::uint32_t offset, std::size_t size) {
  return aifoot::detail::embedded_text().substr(offset, size);
}

// An embedded value back as JSON (numbers as doubles), to compare with the data file.
json to_json(const EmbeddedValue& value) {
  // Only an array's or object's `text` indexes the value pool (a string's is a text offset).
  const auto children = [&value] {
    return aifoot::detail::embedded_values().subspan(value.text, value.size);
  };
  switch (value.kind) {
  case EmbeddedKind::null:
    return nullptr;
  case EmbeddedKind::boolean:
    return value.number != 0.0;
  case EmbeddedKind::number:
    return value.number;
  case EmbeddedKind::string:
    return std::string(pooled(value.text, value.size));
  case EmbeddedKind::array: {
    json out = json::array();
    for (const auto& child : children()) {
      out.push_back(to_json(child));
    }
    return out;
  }
  case EmbeddedKind::object: {
    json out = json::object();
    for (const auto& child : children()) {
      out[std::string(pooled(child.key, child.key_size))] = to_json(child);
    }
    return out;
  }
  }
  return nullptr;
}

// `value` with every number as a double, as the embedded pool stores them.
json numbers_as_doubles(const json& value) {
  if (value.is_number()) {
    return value.get<double>();
  }
  if (value.is_structured()) {
    json out = value;
    for (auto& [key, item] : out.items()) {
      item = numbers_as_doubles(item);
    }
    return out;
  }
  return value;
}

} // namespace

TEST_CASE("embedded data: every record reads back exactly as in data/", "[data]") {
  for (const auto& file : aifoot::detail::embedded_files()) {
    INFO(file.name);
    std::ifstream in(std::string(AIFOOT_DATA_DIR) + "/" + std::string(file.name));
    std::ostringstream content;
    content << in.rdbuf();
    const json records = json::parse(content.str()).at("records");
    REQUIRE(records.size() == file.records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      const EmbeddedValue& value = aifoot::detail::embedded_values()[file.records[i]];
      CHECK(value.kind == EmbeddedKind::object);
      CHECK(to_json(value) == numbers_as_doubles(records[i]));
    }
  }
}

TEST_CASE("embedded data: object members in name order, names indexed per table", "[data]") {
  const auto values = aifoot::detail::embedded_values();
  for (const auto& value : values) {
    if (value.kind != EmbeddedKind::object) {
      continue;
    }
    const auto members = values.subspan(value.text, value.size);
    CHECK(std::is_sorted(members.begin(), members.end(), [](const auto& a, const auto& b) {
      return pooled(a.key, a.key_size) < pooled(b.key, b.key_size);
    }));
  }
  const auto index = aifoot::detail::embedded_index();
  CHECK(std::is_sorted(index.begin(), index.end(), [](const auto& a, const auto& b) {
    return std::pair(a.table(), a.text()) < std::pair(b.table(), b.text());
  }));
  const auto h100 = std::find_if(index.begin(), index.end(), [](const auto& entry) {
    return entry.table() == "hardware" && entry.text() == "h100-sxm";
  });
  REQUIRE(h100 != index.end());
  const EmbeddedValue& record =
      values[aifoot::detail::embedded_files()[h100->file].records[h100->record]];
  CHECK(to_json(record).at("id") == "h100-sxm");
}
