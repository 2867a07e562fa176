#include "catalog_table.hpp"

#include <array>
#include <span>

namespace aifoot::detail {

namespace {

// The index entries of each table: the index is sorted by (table, name), so each table is one
// run of it, found once per process.
std::span<const EmbeddedName> embedded_table(std::string_view table) {
  static const std::vector<std::span<const EmbeddedName>> k_tables = [] {
    std::vector<std::span<const EmbeddedName>> tables;
    const auto index = embedded_index();
    for (std::size_t begin = 0; begin < index.size();) {
      std::size_t end = begin;
      while (end < index.size() && index[end].table == index[begin].table) {
        ++end;
      }
      tables.push_back(index.subspan(begin, end - begin));
      begin = end;
    }
    return tables;
  }();
  for (const auto& entries : k_tables) {
    if (entries.front().table == table) {
      return entries;
    }
  }
  return {};
}

nlohmann::json parse_record(std::string_view text, std::string_view file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for 1e400
    throw Error(ErrorKind::data, fmt::format("{}: malformed JSON: {}", file, e.what()));
  }
}

} // namespace

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

void for_each_record(const std::vector<DataSlot>& slots,
                     std::string_view table,
                     const RecordVisit& visit) {
  for (const auto& slot : slots) {
    if (slot.table != table) {
      continue;
    }
    if (slot.embedded != nullptr) {
      const auto& records = slot.embedded->records;
      for (std::size_t i = 0; i < records.size(); ++i) {
        visit(parse_record(records[i], slot.name), slot.name, i, slot.user);
      }
    } else {
      const auto& records = slot.document["records"];
      for (std::size_t i = 0; i < records.size(); ++i) {
        visit(records[i], slot.name, i, slot.user);
      }
    }
  }
}

// Called for every name of every estimate, so it lowers the name on the stack (ids are ASCII).
const EmbeddedName* find_embedded(std::string_view table, std::string_view name) {
  std::array<char, 96> buffer{};
  if (name.size() > buffer.size()) {
    return nullptr; // longer than any id or alias
  }
  std::transform(name.begin(), name.end(), buffer.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  const std::string_view key(buffer.data(), name.size());
  const auto entries = embedded_table(table);
  const auto it = std::lower_bound(
      entries.begin(), entries.end(), key, [](const EmbeddedName& entry, auto value) {
        return entry.name < value;
      });
  return it != entries.end() && it->name == key ? &*it : nullptr;
}

nlohmann::json parse_embedded_record(const EmbeddedName& entry) {
  const EmbeddedFile& file = embedded_files()[entry.file];
  return parse_record(file.records[entry.record], file.name);
}

} // namespace aifoot::detail
