#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/uncertainty.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot::cli {

enum class Format { table, json, jsonl, csv, markdown };
enum class ColorMode { auto_detect, always, never };

// Options every subcommand understands.
struct GlobalOptions {
  std::string format_name = "table";
  bool json = false;
  bool explain = false;
  bool quiet = false;
  int verbosity = 0;
  std::string color_name = "auto";
  std::string output = "-";
  std::string data_dir;
  std::vector<std::string> catalog_files;
  // Signed, so that "--samples -1" reads as -1 (and is rejected as such), not as 2^64 - 1.
  std::int64_t samples = static_cast<std::int64_t>(UncertaintyOptions{}.samples);
  std::uint64_t seed = UncertaintyOptions{}.seed;
  bool no_uncertainty = false;

  // The Monte Carlo settings, or nothing with --no-uncertainty.
  std::optional<UncertaintyOptions> uncertainty() const;
  // --samples as a count; throws Error(invalid_input) for a negative one.
  std::size_t sample_count() const;

  Format format() const;
  // The format asked for by name: "json" for --json, "markdown" for "md", else --format's value.
  std::string format_id() const;
  ColorMode color() const;
};

// A command-line mistake CLI11 cannot see (exit 2), with the fix when there is a specific one.
class UsageError : public std::runtime_error {
public:
  explicit UsageError(const std::string& message, std::string hint = {})
      : std::runtime_error(message),
        m_hint(std::move(hint)) {}
  const std::string& hint() const { return m_hint; }

private:
  std::string m_hint;
};

// Throws UsageError when the format the options ask for (--format, --json) is not one of
// `accepted`, which lists what `command` can write; "md" counts as "markdown".
void require_format(const GlobalOptions& options,
                    std::string_view command,
                    std::initializer_list<std::string_view> accepted);

// Loads the catalog the options ask for: built-in, --data-dir (or AIFOOT_DATA_DIR), --catalog.
Catalog load_catalog(const GlobalOptions& options);

// Reads a whole file; "-" is standard input (a usage error when it is a terminal).
std::string read_input(const std::string& path);

} // namespace aifoot::cli
