#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace aifoot::detail {

// One data file compiled into the binary by tools/embed_data.cpp: its records as compact JSON.
struct EmbeddedFile {
  std::string_view name;    // file name, e.g. "hardware.json"
  std::string_view table;   // "hardware", "zones", ...
  std::string_view licence; // the file's licence statement
  std::span<const std::string_view> records;
};

// One lower-case id or alias of an embedded record, sorted by (table, name).
struct EmbeddedName {
  std::string_view table;
  std::string_view name;
  std::size_t file;
  std::size_t record;
};

// The data files compiled into the binary, in data/ order.
std::span<const EmbeddedFile> embedded_files() noexcept;

// Every id and alias of the embedded records, sorted for binary search.
std::span<const EmbeddedName> embedded_index() noexcept;

// First 12 hex digits of a hash over the embedded files, fixed at build time.
std::string_view embedded_data_version() noexcept;

} // namespace aifoot::detail
