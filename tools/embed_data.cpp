// Build-time tool: compiles the catalog's JSON tables into C++ (see cmake/EmbedData.cmake).
//
//   aifoot_embed_data OUT.cpp FILE.json...
//
// Each file's records are stored as compact JSON strings, with a sorted index of every record's
// lower-case id and aliases, so that at run time a lookup parses one small record instead of whole
// tables (the difference between ~10 ms and well under 1 ms for a one-off estimate). The tool also
// rejects malformed tables, duplicate keys within an object, records without an id and duplicate
// names, so a bad data edit fails the build.

#include <aifoot/json_parse.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using nlohmann::json;

struct IndexEntry {
  std::string table;
  std::string name;
  std::size_t file;
  std::size_t record;
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return text;
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A C++ raw string literal holding `text`.
std::string literal(const std::string& text) {
  if (text.find(")aifoot\"") != std::string::npos) {
    throw std::runtime_error("data contains the raw-string delimiter )aifoot\"");
  }
  return "R\"aifoot(" + text + ")aifoot\"";
}

// Prints "aifoot_embed_data: error: " and the parts of the message; returns main's exit status.
int fail(std::initializer_list<std::string_view> message) {
  std::cerr << "aifoot_embed_data: error: ";
  for (const auto part : message) {
    std::cerr << part;
  }
  std::cerr << "\n";
  return 1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    return fail({"usage: aifoot_embed_data OUT.cpp FILE.json..."});
  }
  std::ostringstream files_out;
  std::vector<IndexEntry> index;
  std::map<std::pair<std::string, std::string>, std::string> seen; // (table, name) -> owner
  std::uint64_t hash = 14695981039346656037ULL;
  std::ostringstream records_out;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::string path = argv[i];
      const std::string name = base_name(path);
      const auto file_index = static_cast<std::size_t>(i - 2);
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        return fail({"cannot read ", path});
      }
      std::ostringstream content;
      content << in.rdbuf();
      for (const char c : name + content.str()) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      }
      json document;
      try {
        document =
            aifoot::parse_json_unique_keys<json>(content.str(), name, aifoot::ErrorKind::data);
      } catch (const json::exception& e) { // parse_error, or out_of_range for 1e400
        return fail({name, ": malformed JSON: ", e.what()});
      }
      if (!document.contains("table") || !document["table"].is_string()
          || !document.contains("records") || !document["records"].is_array()) {
        return fail({name, R"(: expected an object with "table" and "records")"});
      }
      const std::string table = document["table"].get<std::string>();
      // ewif records are keyed by the zone they describe.
      const std::string key = table == "ewif" ? "zone" : "id";
      const std::string licence = document.value("licence", "");
      records_out << "constexpr std::string_view k_records_" << file_index << "[] = {\n";
      const auto& records = document["records"];
      for (std::size_t r = 0; r < records.size(); ++r) {
        const auto& record = records[r];
        if (!record.is_object() || !record.contains(key) || !record[key].is_string()) {
          return fail({name, ": record ", std::to_string(r + 1), " has no string \"", key, "\""});
        }
        std::vector<std::string> names{record[key].get<std::string>()};
        if (record.contains("aliases") && record["aliases"].is_array()) {
          for (const auto& alias : record["aliases"]) {
            if (alias.is_string()) {
              names.push_back(alias.get<std::string>());
            }
          }
        }
        const std::string owner = record[key].get<std::string>();
        for (const auto& n : names) {
          if (n.empty() || n.size() > 96) { // find_embedded lowers names in a 96-byte buffer
            return fail({name, ": name '", n, "' must be 1 to 96 characters"});
          }
          const auto [it, inserted] = seen.emplace(std::make_pair(table, lower(n)), owner);
          if (!inserted && it->second != owner) {
            return fail({name,
                         ": name '",
                         n,
                         "' of '",
                         owner,
                         "' is already used by '",
                         it->second,
                         "' in table ",
                         table});
          }
          if (inserted) {
            index.push_back({table, lower(n), file_index, r});
          }
        }
        records_out << "    " << literal(record.dump()) << ",\n";
      }
      if (records.empty()) {
        records_out << "    {},\n";
      }
      records_out << "};\n";
      files_out << "    {" << literal(name) << ", " << literal(table) << ", " << literal(licence)
                << ", std::span<const std::string_view>(k_records_" << file_index << ", "
                << records.size() << ")},\n";
    }
  } catch (const std::exception& e) {
    return fail({e.what()});
  }
  std::sort(index.begin(), index.end(), [](const IndexEntry& a, const IndexEntry& b) {
    return std::tie(a.table, a.name) < std::tie(b.table, b.name);
  });

  std::ostringstream out;
  out << "// Generated by tools/embed_data.cpp from data/*.json. Do not edit.\n"
      << "#include <aifoot/embedded_data.hpp>\n\n"
      << "namespace aifoot::detail {\nnamespace {\n\n"
      << records_out.str() << "\nconstexpr EmbeddedFile k_files[] = {\n"
      << files_out.str() << "};\n\nconstexpr EmbeddedName k_index[] = {\n";
  for (const auto& entry : index) {
    out << "    {" << literal(entry.table) << ", " << literal(entry.name) << ", " << entry.file
        << ", " << entry.record << "},\n";
  }
  std::array<char, 17> version{};
  std::snprintf(version.data(), version.size(), "%016llx", static_cast<unsigned long long>(hash));
  out << "};\n\n} // namespace\n\n"
      << "std::span<const EmbeddedFile> embedded_files() noexcept { return k_files; }\n"
      << "std::span<const EmbeddedName> embedded_index() noexcept { return k_index; }\n"
      << "std::string_view embedded_data_version() noexcept { return \""
      << std::string_view(version.data(), 12) << "\"; }\n\n"
      << "} // namespace aifoot::detail\n";

  const std::string generated = out.str();
  std::ofstream result(argv[1], std::ios::binary);
  result << generated;
  return result ? 0 : fail({"cannot write ", argv[1]});
}
