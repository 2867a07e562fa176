// libFuzzer target: scenario text -> estimate -> every output format, as the CLI renders them.
#include "output.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/scenario_file.hpp>

#include <cstdint>
#include <cstdio>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const aifoot::Catalog catalog = aifoot::Catalog::builtin();
  static std::FILE* sink = std::fopen("/dev/null", "w");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto footprint =
        aifoot::estimate_scenario(aifoot::parse_scenario_json(text, "fuzz"), catalog);
    for (const char* format : {"table", "json", "jsonl", "csv", "markdown"}) {
      aifoot::cli::GlobalOptions options;
      options.format_name = format;
      options.explain = true;
      aifoot::cli::write_footprint(sink, footprint, catalog, options, "fuzz");
    }
  } catch (const aifoot::Error&) {
  }
  return 0;
}
