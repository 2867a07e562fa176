#include "options.hpp"

#include "result_output.hpp"

#include <aifoot/error.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

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
  return UncertaintyOptions{sample_count(), seed};
}

std::size_t GlobalOptions::sample_count() const {
  if (samples < 0) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("samples must be between 10 and 1,000,000 (got {})", samples));
  }
  return static_cast<std::size_t>(samples);
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

namespace {

// Everything left on descriptor `fd`; a read error is an I/O error naming `shown`, never a short
// input (a failing standard input used to read as end of input, exit 0).
std::string read_all(int fd, std::string_view shown) {
  std::string content;
  std::array<char, 1U << 16U> block{};
  while (true) {
    const ssize_t got = read(fd, block.data(), block.size());
    if (got == 0) {
      return content;
    }
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw Error(ErrorKind::io, fmt::format("cannot read {}: {}", shown, std::strerror(errno)));
    }
    content.append(block.data(), static_cast<std::size_t>(got));
  }
}

} // namespace

std::string read_input(const std::string& path) {
  require_not_output(path);
  if (path == "-") {
    if (isatty(STDIN_FILENO) != 0) {
      throw UsageError("expected input on standard input, but it is a terminal (pipe a file in, "
                       "or pass a file name instead of '-')");
    }
    return read_all(STDIN_FILENO, "standard input");
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw Error(ErrorKind::io, fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  }
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    close(fd);
    // A directory opens, then reads nothing: say so instead of "malformed JSON".
    throw Error(ErrorKind::io, fmt::format("cannot read '{}': {}", path, std::strerror(EISDIR)));
  }
  try {
    std::string content = read_all(fd, fmt::format("'{}'", path));
    close(fd);
    return content;
  } catch (...) {
    close(fd);
    throw;
  }
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
