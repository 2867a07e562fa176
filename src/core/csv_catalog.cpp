#include "csv_catalog.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace aifoot::detail {

using nlohmann::json;

namespace {

// Why a CSV header row cannot be read, if it cannot: a column named twice, or both "x" and
// "x.y", would make one value silently replace the other, as a duplicate key would in a JSON
// catalog.
std::optional<std::string> csv_header_problem(const std::vector<std::string>& header) {
  const std::set<std::string> names(header.begin(), header.end());
  if (names.size() != header.size()) {
    std::set<std::string> seen;
    for (const auto& column : header) {
      if (!seen.insert(column).second) {
        return fmt::format("duplicate column '{}'", column);
      }
    }
  }
  for (const auto& column : header) {
    const auto dot = column.find('.');
    if (dot != std::string::npos && names.count(column.substr(0, dot)) != 0) {
      return fmt::format("column '{}' clashes with column '{}'", column, column.substr(0, dot));
    }
  }
  return std::nullopt;
}

// One CSV cell as JSON: a list for the list columns (';'-separated, items trimmed), else a number,
// a boolean or text.
json csv_cell_value(const std::string& column, const std::string& text) {
  if (column == "aliases" || column == "sources" || column == "low_confidence_fields"
      || column == "ewif_sources") {
    json value = json::array();
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto semicolon = text.find(';', start);
      std::string item = text.substr(
          start, semicolon == std::string::npos ? std::string::npos : semicolon - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) {
        value.push_back(item);
      }
      if (semicolon == std::string::npos) {
        break;
      }
      start = semicolon + 1;
    }
    return value;
  }
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) {
    return number;
  }
  if (text == "true" || text == "false") {
    return text == "true";
  }
  return text;
}

// One CSV row as a JSON record: empty cells are left out; a dotted column fills a nested object.
json csv_record(const std::vector<std::string>& header, const std::vector<std::string>& cells) {
  json record = json::object();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& text = cells[i];
    if (text.empty()) {
      continue;
    }
    const std::string& column = header[i];
    json value = csv_cell_value(column, text);
    const auto dot = column.find('.');
    if (dot == std::string::npos) {
      record[column] = std::move(value);
    } else {
      record[column.substr(0, dot)][column.substr(dot + 1)] = std::move(value);
    }
  }
  return record;
}

} // namespace

json parse_csv_catalog(const DataFile& file) {
  std::istringstream in(file.content);
  std::string line;
  std::size_t line_number = 0;
  std::string table;
  std::vector<std::string> header;
  json records = json::array();
  const auto fail = [&](const std::string& why) {
    throw Error(ErrorKind::data, fmt::format("{}: line {}: {}", file.name, line_number, why));
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    if (table.empty()) {
      const auto colon = line.find(':');
      if (line.rfind('#', 0) != 0 || colon == std::string::npos) {
        fail("the first line must name the table, e.g. \"# table: hardware\"");
      }
      table = line.substr(colon + 1);
      table.erase(0, table.find_first_not_of(' '));
      table.erase(table.find_last_not_of(' ') + 1);
      continue;
    }
    std::vector<std::string> cells;
    try {
      cells = split_csv_record(line);
    } catch (const Error& e) {
      fail(e.what());
    }
    if (header.empty()) {
      header = cells;
      if (const auto why = csv_header_problem(header)) {
        fail(*why);
      }
      continue;
    }
    if (cells.size() != header.size()) {
      fail(fmt::format("has {} columns, the header has {}", cells.size(), header.size()));
    }
    records.push_back(csv_record(header, cells));
  }
  if (table.empty() || header.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("{}: empty CSV catalog", file.name),
                "write \"# table: NAME\", a header row of field names, then one row per record");
  }
  return json{{"table", table}, {"records", std::move(records)}};
}

} // namespace aifoot::detail
