#pragma once

#include <span>
#include <string_view>

namespace aifoot::detail {

// One data file compiled into the binary (see cmake/EmbedData.cmake).
struct EmbeddedFile {
  std::string_view name;    // file name, e.g. "hardware.json"
  std::string_view content; // the file's bytes
};

// The data files compiled into the binary, in data/ order.
std::span<const EmbeddedFile> embedded_files() noexcept;

// First 12 hex digits of a SHA-256 over the embedded files, fixed at build time.
std::string_view embedded_data_version() noexcept;

} // namespace aifoot::detail
