// Build-time tool: compiles the catalog's JSON tables into C++ (see cmake/EmbedData.cmake).
//
//   aifoot_embed_data OUT.cpp FILE.json...
//
// Each file's records are stored parsed, as a pool of JSON values (plain integers and doubles:
// strings and member names are offsets into one text pool), with a sorted index of every record's
// lower-case id and aliases, so that at run time a lookup reads one record with no parsing at all
// and a whole table costs only the reading (see include/aifoot/embedded_data.hpp). The tool also
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

// The parsed records: every JSON value in a pool, the children of an array or object consecutive
// (an object's in member-name order, as nlohmann keeps them), every string once in a text pool.
class ValuePool {
public:
  // Adds one record and everything in it; returns the index of its value.
  std::uint32_t add(const json& record) {
    const std::uint32_t index = reserve(1);
    fill(index, record, "");
    return index;
  }

  // The pool as the C++ definitions of k_text and k_values.
  std::string definitions() const {
    std::ostringstream out;
    // One literal longer than the 65,536 bytes the standard asks compilers to support: g++ and
    // clang take it; clang's -Wpedantic says so, hence the pragma.
    out << "#ifdef __clang__\n#pragma clang diagnostic ignored \"-Woverlength-strings\"\n#endif\n"
        << "constexpr char k_text[] =\n";
    for (std::size_t begin = 0; begin < m_text.size(); begin += 96) {
      out << "    \"" << escaped(std::string_view(m_text).substr(begin, 96)) << "\"\n";
    }
    out << "    \"\";\n\nusing K = EmbeddedKind;\nconstexpr EmbeddedValue k_values[] = {\n";
    for (const auto& v : m_values) {
      out << "    {" << number_literal(v.number) << ", " << v.key << ", " << v.text << ", "
          << v.size << ", " << v.key_size
          << ", K::" << k_kind_names.at(static_cast<std::size_t>(v.kind)) << "},\n";
    }
    out << "};\n";
    return out.str();
  }

private:
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  static constexpr std::array<std::string_view, 6> k_kind_names{
      "null", "boolean", "number", "string", "array", "object"};
  struct Value {
    double number = 0;
    std::uint32_t key = 0;
    std::uint32_t text = 0;
    std::uint32_t size = 0;
    std::uint32_t key_size = 0;
    Kind kind = Kind::null;
  };

  std::uint32_t reserve(std::size_t count) {
    const std::size_t first = m_values.size();
    m_values.resize(first + count);
    return checked(first);
  }

  static std::uint32_t checked(std::size_t value) {
    if (value > 0xffffffffU) {
      throw std::runtime_error("the embedded data is larger than 4 GiB");
    }
    return static_cast<std::uint32_t>(value);
  }

public:
  // The offset of `text` in the text pool, adding it when new.
  std::uint32_t intern(const std::string& text) {
    const auto [it, inserted] = m_offsets.emplace(text, checked(m_text.size()));
    if (inserted) {
      m_text += text;
    }
    return it->second;
  }

private:
  void fill(std::uint32_t index, const json& value, const std::string& key) {
    Value v;
    if (key.size() > 0xffffU) {
      throw std::runtime_error("a member name is longer than 65535 bytes");
    }
    v.key = key.empty() ? 0 : intern(key);
    v.key_size = static_cast<std::uint32_t>(key.size());
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      v = with(v, Kind::string, intern(text), checked(text.size()));
    } else if (value.is_number()) {
      v.kind = Kind::number;
      v.number = value.get<double>();
    } else if (value.is_boolean()) {
      v.kind = Kind::boolean;
      v.number = value.get<bool>() ? 1.0 : 0.0;
    } else if (value.is_array() || value.is_object()) {
      const std::uint32_t first = reserve(value.size());
      v = with(v, value.is_array() ? Kind::array : Kind::object, first, checked(value.size()));
      std::uint32_t child = first;
      for (const auto& [name, item] : value.items()) {
        fill(child++, item, value.is_object() ? name : std::string());
      }
    }
    m_values[index] = v;
  }

  static Value with(Value v, Kind kind, std::uint32_t text, std::uint32_t size) {
    v.kind = kind;
    v.text = text;
    v.size = size;
    return v;
  }

  // A double literal that reads back as exactly `value`.
  static std::string number_literal(double value) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.17g", value);
    std::string text(buffer.data());
    if (text.find_first_of(".e") == std::string::npos) {
      text += ".0";
    }
    return text;
  }

  // `text` inside a C++ string literal: printable ASCII as is, other bytes as 3-digit octal.
  static std::string escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\' && c != '?') {
        out += c;
      } else {
        std::array<char, 5> buffer{};
        std::snprintf(buffer.data(), buffer.size(), "\\%03o", byte);
        out += buffer.data();
      }
    }
    return out;
  }

  std::vector<Value> m_values;
  std::string m_text;
  std::map<std::string, std::uint32_t> m_offsets;
};

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
  ValuePool pool;
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
      records_out << "constexpr std::uint32_t k_records_" << file_index << "[] = {\n";
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
        records_out << "    " << pool.add(record) << ",\n";
      }
      if (records.empty()) {
        records_out << "    0,\n";
      }
      records_out << "};\n";
      files_out << "    {" << literal(name) << ", " << literal(table) << ", " << literal(licence)
                << ", std::span<const std::uint32_t>(k_records_" << file_index << ", "
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
    out << "    {" << pool.intern(entry.name) << ", " << entry.name.size() << ", " << entry.file
        << ", " << entry.record << "},\n";
  }
  std::array<char, 17> version{};
  std::snprintf(version.data(), version.size(), "%016llx", static_cast<unsigned long long>(hash));
  out << "};\n\n"
      << pool.definitions() << "\n} // namespace\n\n"
      << "std::span<const EmbeddedFile> embedded_files() noexcept { return k_files; }\n"
      << "std::span<const EmbeddedName> embedded_index() noexcept { return k_index; }\n"
      << "std::span<const EmbeddedValue> embedded_values() noexcept { return k_values; }\n"
      << "std::string_view embedded_text() noexcept { return {k_text, sizeof(k_text) - 1}; }\n"
      << "std::string_view embedded_data_version() noexcept { return \""
      << std::string_view(version.data(), 12) << "\"; }\n\n"
      << "} // namespace aifoot::detail\n";

  const std::string generated = out.str();
  std::ofstream result(argv[1], std::ios::binary);
  result << generated;
  return result ? 0 : fail({"cannot write ", argv[1]});
}
