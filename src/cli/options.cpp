#include "options.hpp"

#include <aifoot/error.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace aifoot::cli {

Format GlobalOptions::format() const {
  if (json) {
    return Format::json;
  }
  if (format_name == "json") {
    return Format::json;
  }
  if (format_name == "jsonl") {
    return Format::jsonl;
  }
  if (format_name == "csv") {
    return Format::csv;
  }
  if (format_name == "markdown" || format_name == "md") {
    return Format::markdown;
  }
  return Format::table;
}

void require_format(const GlobalOptions& options,
                    std::string_view command,
                    std::initializer_list<std::string_view> accepted) {
  const std::string asked = options.format_id();
  if (std::find(accepted.begin(), accepted.end(), asked) != accepted.end()) {
    return;
  }
  throw UsageError(fmt::format("'aifoot {}' cannot write --format {}", command, asked),
                   fmt::format("'aifoot {}' writes {}", command, fmt::join(accepted, ", ")));
}

std::string GlobalOptions::format_id() const {
  if (json) {
    return "json";
  }
  return format_name == "md" ? "markdown" : format_name;
}

std::optional<UncertaintyOptions> GlobalOptions::uncertainty() const {
  if (no_uncertainty) {
    return std::nullopt;
  }
  return UncertaintyOptions{samples, seed};
}

ColorMode GlobalOptions::color() const {
  if (color_name == "always") {
    return ColorMode::always;
  }
  if (color_name == "never") {
    return ColorMode::never;
  }
  return ColorMode::auto_detect;
}

std::string read_input(const std::string& path) {
  if (path == "-") {
    if (isatty(STDIN_FILENO) != 0) {
      throw UsageError("expected input on standard input, but it is a terminal (pipe a file in, "
                       "or pass a file name instead of '-')");
    }
    std::ostringstream content;
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::io, fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  }
  if (std::error_code ec; std::filesystem::is_directory(path, ec)) {
    // ifstream opens a directory, then reads nothing: say so instead of "malformed JSON".
    throw Error(ErrorKind::io, fmt::format("cannot read '{}': {}", path, std::strerror(EISDIR)));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Catalog load_catalog(const GlobalOptions& options) {
  std::string dir = options.data_dir;
  if (dir.empty()) {
    if (const char* env = std::getenv("AIFOOT_DATA_DIR"); env != nullptr) {
      dir = env;
    }
  }
  Catalog catalog = dir.empty() ? Catalog::builtin() : Catalog::from_directory(dir);
  for (const auto& path : options.catalog_files) {
    catalog.add_user_file({path, read_input(path)});
  }
  return catalog;
}

} // namespace aifoot::cli
