#pragma once

// The one JSON parse every reader uses (scenario files and streams, budgets, check baselines, user
// and --data-dir catalogs, and the build-time catalog embedder). nlohmann's parse() silently keeps
// the last of two equal keys in an object, which hides mistakes such as a scenario that says
// "devices" twice or a catalog record with two "tdp_w": here that is an error naming the key.
// Header-only so that tools/embed_data.cpp, which builds before the core, checks the built-in
// tables the same way.

#include <aifoot/error.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// The deepest nesting of objects and arrays any aifoot input may have. Real inputs (scenarios,
// budgets, baselines, catalogs) nest at most 4 levels; the limit keeps every recursive walk over a
// parsed document (flattening budget limits, dumping, comparing) far from the stack's end: a budget
// nested 15,000 levels deep used to crash `check`.
inline constexpr int k_max_json_depth = 64;

// Parses `text` like Json::parse (nlohmann::json or nlohmann::ordered_json), so malformed text
// throws Json::parse_error and a number beyond a double (1e400) Json::out_of_range, for the caller
// to word. A key repeated within one object throws Error(kind, "SOURCE: duplicate key 'KEY'"), with
// the key escaped as in JSON; nesting deeper than k_max_json_depth throws Error(kind, "SOURCE:
// nested deeper than 64 levels").
template <class Json>
Json parse_json_unique_keys(std::string_view text, std::string_view source, ErrorKind kind) {
  // Keys seen so far in the open object at each nesting depth. The parser reports an object's
  // start at the depth of its parent and the object's keys one level deeper.
  std::vector<std::set<std::string>> keys_by_depth;
  std::string duplicate;
  const typename Json::parser_callback_t check_duplicates = [&](int depth,
                                                                typename Json::parse_event_t event,
                                                                Json& parsed) {
    const auto level = static_cast<std::size_t>(depth);
    if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start)
        && depth >= k_max_json_depth) {
      throw Error(kind,
                  std::string(source)
                      .append(": nested deeper than ")
                      .append(std::to_string(k_max_json_depth))
                      .append(" levels"));
    }
    if (event == Json::parse_event_t::object_start) {
      if (keys_by_depth.size() <= level + 1) {
        keys_by_depth.resize(level + 2);
      }
      keys_by_depth[level + 1].clear();
    } else if (event == Json::parse_event_t::key && duplicate.empty()) {
      if (keys_by_depth.size() <= level) {
        keys_by_depth.resize(level + 1);
      }
      const auto& key = parsed.template get_ref<const std::string&>();
      if (!keys_by_depth[level].insert(key).second) {
        duplicate = key;
      }
    }
    return true;
  };
  Json document = Json::parse(text, check_duplicates);
  if (!duplicate.empty()) {
    // The key as JSON writes it, less the quotes, so a key holding a newline stays on one line.
    const std::string shown = Json(duplicate).dump();
    throw Error(kind,
                std::string(source)
                    .append(": duplicate key '")
                    .append(shown, 1, shown.size() - 2)
                    .append("'"));
  }
  return document;
}

} // namespace aifoot
