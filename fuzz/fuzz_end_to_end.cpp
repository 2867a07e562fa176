// libFuzzer target: scenario text -> estimate -> every output format, as the CLI renders them.
#include "output.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// The report escapers keep any name inside its cell, property or message (no line breaks, no
// unescaped '|', no control character XML cannot hold), and an error message on one line.
void check_escaping(std::string_view name) {
  const std::string cell = aifoot::cli::markdown_cell(name);
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\n' || cell[i] == '\r' || (cell[i] == '|' && (i == 0 || cell[i - 1] != '\\'))) {
      std::abort();
    }
  }
  for (const std::string& command :
       {aifoot::cli::github_message(name), aifoot::cli::github_property(name)}) {
    if (command.find_first_of("\r\n") != std::string::npos) {
      std::abort();
    }
  }
  if (aifoot::cli::github_property(name).find_first_of(":,") != std::string::npos) {
    std::abort();
  }
  for (const char c : aifoot::cli::xml_escape(name)) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20U && c != '\t' && c != '\n' && c != '\r') || c == '<' || c == '"') {
      std::abort();
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  static std::FILE* sink = std::fopen("/dev/null", "w");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_escaping(text);
  try {
    const auto scenario = aifoot::parse_scenario_json(text, "fuzz");
    check_escaping(scenario.name);
    const auto footprint = aifoot::estimate_scenario(scenario, catalog);
    for (const char* format : {"table", "json", "jsonl", "csv", "markdown"}) {
      aifoot::cli::GlobalOptions options;
      options.format_name = format;
      options.explain = true;
      aifoot::cli::write_footprint(sink, footprint, catalog, options, "fuzz");
    }
  } catch (const aifoot::Error& e) {
    if (std::string_view(e.what()).find_first_of("\r\n") != std::string_view::npos) {
      std::abort(); // an error message must stay one line (aifoot::one_line)
    }
  }
  return 0;
}
