#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace aifoot::detail {

// The type of one embedded JSON value.
enum class EmbeddedKind : std::uint8_t { null, boolean, number, string, array, object };

// One JSON value of the embedded data, parsed at build time by tools/embed_data.cpp, so that
// reading a built-in record costs no parsing. Strings and member names are offsets into
// embedded_text(); the children of an array or object are consecutive in embedded_values(), an
// object's in member-name order. Plain integers: the tables need no relocation at start-up.
struct EmbeddedValue {
  double number = 0;      // number; boolean: 1 or 0
  std::uint32_t key = 0;  // member of an object: offset of its name in embedded_text()
  std::uint32_t text = 0; // string: offset in embedded_text(); array, object: first child's index
  std::uint32_t size = 0; // string: bytes; array, object: children
  std::uint16_t key_size = 0;
  EmbeddedKind kind = EmbeddedKind::null;
};

// One data file compiled into the binary by tools/embed_data.cpp.
struct EmbeddedFile {
  std::string_view name;                  // file name, e.g. "hardware.json"
  std::string_view table;                 // "hardware", "zones", ...
  std::string_view licence;               // the file's licence statement
  std::span<const std::uint32_t> records; // each record's object in embedded_values()
};

// One lower-case id or alias of an embedded record, sorted by (table of its file, name). Plain
// integers, as EmbeddedValue.
struct EmbeddedName {
  std::uint32_t name = 0; // offset in embedded_text()
  std::uint32_t name_size = 0;
  std::uint32_t file = 0;   // index in embedded_files()
  std::uint32_t record = 0; // index in the file's records

  std::string_view text() const;  // the name
  std::string_view table() const; // its file's table
};

// The data files compiled into the binary, in data/ order.
std::span<const EmbeddedFile> embedded_files() noexcept;

// Every JSON value of the embedded records.
std::span<const EmbeddedValue> embedded_values() noexcept;

// Every string and member name of the embedded records, each once.
std::string_view embedded_text() noexcept;

// Every id and alias of the embedded records, sorted for binary search.
std::span<const EmbeddedName> embedded_index() noexcept;

inline std::string_view EmbeddedName::text() const {
  return embedded_text().substr(name, name_size);
}
inline std::string_view EmbeddedName::table() const {
  return embedded_files()[file].table;
}

// First 12 hex digits of a hash over the embedded files, fixed at build time.
std::string_view embedded_data_version() noexcept;

} // namespace aifoot::detail
