#pragma once

// The machinery shared by every catalog table (internal to aifoot_core): the data files a catalog
// reads, and `Table<Record>`, which gives each record type its whole-table build, lookup by name,
// required lookup with suggestions and caches once, driven by `RecordTraits<Record>`
// (catalog_records.hpp).

#include "record_reader.hpp"

#include <aifoot/edit_distance.hpp>
#include <aifoot/embedded_data.hpp>
#include <aifoot/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aifoot::detail {

// `text` in lower case (ASCII; ids and aliases are ASCII).
std::string lower(std::string_view text);

// One data file the catalog reads: a built-in file (records compiled in, parsed) or a
// parsed document (a --data-dir replacement or a --catalog user file).
struct DataSlot {
  std::string name;
  std::string table;
  const EmbeddedFile* embedded = nullptr;
  nlohmann::json document; // when not embedded
  bool user = false;       // user records replace records of the same id instead of clashing
};

// Every data file of a catalog, and the tables that have a replaced or user file: those are
// looked up through the whole table, not the build-time index.
struct CatalogFiles {
  std::vector<DataSlot> slots;
  std::vector<std::string> overridden;

  bool is_overridden(std::string_view table) const {
    return std::find(overridden.begin(), overridden.end(), table) != overridden.end();
  }
};

// Calls `visit(record, file_name, index, user)` for every record of `table`, in file order.
using RecordVisit = std::function<void(ValueRef, const std::string&, std::size_t, bool)>;
void for_each_record(const std::vector<DataSlot>& slots,
                     std::string_view table,
                     const RecordVisit& visit);

// The embedded record named `name` in `table` (case-insensitive id or alias, through the
// build-time index); nullptr when absent.
const EmbeddedName* find_embedded(std::string_view table, std::string_view name);

// The embedded record `entry` points to (parsed at build time).
ValueRef embedded_record(const EmbeddedName& entry);

// A built table: its records and every lower-case id and alias -> index into `records`.
template <typename Record> struct Indexed {
  std::vector<Record> records;
  std::unordered_map<std::string, std::size_t> by_name;
};

// What a table's record type brings (specialised in catalog_records.hpp):
//   k_table         the data table ("hardware"), as in data files and --catalog
//   k_what          the record in messages ("grid zone": "unknown grid zone 'X'")
//   k_list_command  the `aifoot list` kind that lists it ("zones")
//   k_extra_table   a second data table whose records complete this one's ("ewif" for zones)
//   read(reader, file)        one record from its JSON, checked
//   aliases(record)           its other names
//   complete_record(record)   after reading one embedded record alone (zones: off-site water)
//   complete_table(table, slots)  after building the whole table (zones: off-site water)
template <typename Record> struct RecordTraits;

// Defaults for the traits: no aliases, nothing to complete.
template <typename Record> struct RecordTraitsBase {
  static constexpr std::string_view k_extra_table{}; // a second data table merged in ("ewif")
  // Whether a user file may add records with new ids (false where nothing would read them).
  static constexpr bool k_user_may_add = true;
  static const std::vector<std::string>& aliases(const Record&) {
    static const std::vector<std::string> k_none;
    return k_none;
  }
  static void complete_record(Record&) {}
  static void complete_table(Indexed<Record>&, const std::vector<DataSlot>&) {}
};

// Names already resolved, exactly as asked for: a stream asks for the same few names over and over,
// and one hash lookup is much cheaper than lowering and searching the index. Only found names are
// remembered, and at most k_max_names, so memory stays flat whatever the input.
template <typename Record> class NameMemo {
public:
  template <typename Find> const Record* find_or(std::string_view name, Find find) {
    if (const auto it = m_records.find(name); it != m_records.end()) {
      return it->second;
    }
    const Record* record = find();
    if (record != nullptr && m_records.size() < k_max_names) {
      m_records.emplace(std::string(name), record);
    }
    return record;
  }
  void clear() { m_records.clear(); }

private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  static constexpr std::size_t k_max_names = 4096;
  std::unordered_map<std::string, const Record*, NameHash, std::equal_to<>> m_records;
};

// One catalog table. A lookup by name parses only the record it finds (through the build-time
// index), unless the whole table is already built or has replaced or user files (then the whole
// table is the truth). The whole table is built on first use of all().
template <typename Record> class Table {
public:
  using Traits = RecordTraits<Record>;

  // Every record: a user record replaces a built-in one of the same id, and any other repeated
  // id or alias is a data error.
  const std::vector<Record>& all(const CatalogFiles& files) {
    if (!m_whole) {
      m_whole = build(files.slots);
    }
    return m_whole->records;
  }

  // The record named `name` (case-insensitive id or alias); nullptr when absent.
  const Record* find(const CatalogFiles& files, std::string_view name) {
    return m_names.find_or(name, [&]() -> const Record* {
      if (m_whole || files.is_overridden(Traits::k_table)) {
        (void)all(files);
        return find_built(name);
      }
      const EmbeddedName* entry = find_embedded(Traits::k_table, name);
      return entry != nullptr ? lazy_record(*entry) : nullptr;
    });
  }

  // As find(); throws Error(invalid_input) "unknown WHAT 'NAME'" with the closest names as hint.
  const Record& require(const CatalogFiles& files, std::string_view name) {
    if (const Record* found = find(files, name)) {
      return *found;
    }
    (void)all(files);
    throw_unknown(name);
  }

  // True when records of the data table `table` are part of this table.
  static bool reads(std::string_view table) {
    return table == Traits::k_table
           || (!Traits::k_extra_table.empty() && table == Traits::k_extra_table);
  }

  // Forgets everything built (after a file was added).
  void clear() {
    m_whole.reset();
    m_cache.clear();
    m_names.clear();
  }

private:
  Indexed<Record> build(const std::vector<DataSlot>& slots) const {
    Indexed<Record> out;
    std::unordered_map<std::string, std::size_t> by_id;
    for_each_record(slots,
                    Traits::k_table,
                    [&](ValueRef json, const std::string& file, std::size_t i, bool user) {
                      const RecordReader reader(json, file, i, /*track_fields=*/true);
                      Record record = Traits::read(reader, file);
                      reader.require_no_unknown_fields();
                      const std::string key = lower(record.id);
                      const auto it = by_id.find(key);
                      if (user && it == by_id.end() && !Traits::k_user_may_add) {
                        reject_new_id(reader, record.id, by_id);
                      }
                      if (it != by_id.end()) {
                        if (!user) {
                          reader.fail("id", fmt::format("'{}' is defined twice", record.id));
                        }
                        out.records[it->second] = std::move(record);
                      } else {
                        by_id.emplace(key, out.records.size());
                        out.records.push_back(std::move(record));
                      }
                    });
    for (std::size_t i = 0; i < out.records.size(); ++i) {
      add_names(out, i);
    }
    Traits::complete_table(out, slots);
    return out;
  }

  // A user record that would add an id nothing reads (a misspelt default): an error naming the
  // closest known ids.
  [[noreturn]] static void
  reject_new_id(const RecordReader& reader,
                std::string_view id,
                const std::unordered_map<std::string, std::size_t>& by_id) {
    std::vector<std::string> known;
    known.reserve(by_id.size());
    for (const auto& entry : by_id) {
      known.push_back(entry.first);
    }
    std::sort(known.begin(), known.end());
    const auto suggestions = closest_matches(id, known);
    reader.fail("id",
                fmt::format("names no built-in {0} (a catalog file can only replace those, listed "
                            "in data/{1}.json){2}",
                            Traits::k_what,
                            Traits::k_table,
                            suggestions.empty()
                                ? std::string()
                                : "; did you mean " + quoted_alternatives(suggestions) + "?"));
  }

  static void add_names(Indexed<Record>& table, std::size_t index) {
    const Record& record = table.records[index];
    const auto insert = [&](const std::string& name) {
      const auto [it, inserted] = table.by_name.emplace(lower(name), index);
      if (!inserted && it->second != index) {
        throw Error(ErrorKind::data,
                    fmt::format("{}: name '{}' of '{}' is already used by '{}'",
                                Traits::k_table,
                                name,
                                record.id,
                                table.records[it->second].id));
      }
    };
    insert(record.id);
    for (const auto& alias : Traits::aliases(record)) {
      insert(alias);
    }
  }

  const Record* find_built(std::string_view name) const {
    const auto it = m_whole->by_name.find(lower(name));
    return it == m_whole->by_name.end() ? nullptr : &m_whole->records[it->second];
  }

  // Parses one embedded record on first use and caches it, keyed by (file, record) so that
  // aliases share one object.
  Record* lazy_record(const EmbeddedName& entry) {
    const std::uint64_t key = (static_cast<std::uint64_t>(entry.file) << 32U) | entry.record;
    if (const auto it = m_cache.find(key); it != m_cache.end()) {
      return it->second.get();
    }
    const std::string file_name(embedded_files()[entry.file].name);
    const RecordReader reader(embedded_record(entry), file_name, entry.record);
    auto record = std::make_unique<Record>(Traits::read(reader, file_name));
    Traits::complete_record(*record);
    return m_cache.emplace(key, std::move(record)).first->second.get();
  }

  // Closest record ids to `name`, matching ids and aliases alike (an alias hit names its record).
  std::vector<std::string> closest_ids(std::string_view name, std::size_t limit) const {
    std::vector<std::string> names;
    names.reserve(m_whole->by_name.size());
    for (const auto& entry : m_whole->by_name) {
      names.push_back(entry.first);
    }
    std::vector<std::string> ids;
    for (const auto& match : closest_matches(name, names, names.size())) {
      const std::string& id = m_whole->records[m_whole->by_name.at(match)].id;
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
      }
      if (ids.size() == limit) {
        break;
      }
    }
    return ids;
  }

  [[noreturn]] void throw_unknown(std::string_view name) const {
    const auto matches = closest_ids(name, 5);
    std::string hint =
        matches.empty()
            ? fmt::format("run 'aifoot list {}' to see the known names", Traits::k_list_command)
            : fmt::format("did you mean {}?", quoted_alternatives(matches));
    throw Error(
        ErrorKind::invalid_input, fmt::format("unknown {} '{}'", Traits::k_what, name), hint);
  }

  std::optional<Indexed<Record>> m_whole;
  std::unordered_map<std::uint64_t, std::unique_ptr<Record>> m_cache;
  NameMemo<Record> m_names;
};

} // namespace aifoot::detail
