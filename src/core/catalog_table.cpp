#include "catalog_table.hpp"

#include <array>
#include <span>

namespace aifoot::detail {

namespace {

// The index entries of `table`: the index is sorted by (table, name), so each table is one run
// of it.
std::span<const EmbeddedName> embedded_table(std::string_view table) {
  const auto index = embedded_index();
  struct ByTable {
    bool operator()(const EmbeddedName& entry, std::string_view name) const {
      return entry.table() < name;
    }
    bool operator()(std::string_view name, const EmbeddedName& entry) const {
      return name < entry.table();
    }
  };
  const auto [begin, end] = std::equal_range(index.begin(), index.end(), table, ByTable{});
  return {begin, end};
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
        visit(embedded_values()[records[i]], slot.name, i, slot.user);
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
        return entry.text() < value;
      });
  return it != entries.end() && it->text() == key ? &*it : nullptr;
}

ValueRef embedded_record(const EmbeddedName& entry) {
  return embedded_values()[embedded_files()[entry.file].records[entry.record]];
}

} // namespace aifoot::detail
