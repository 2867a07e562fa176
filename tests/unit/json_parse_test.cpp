#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/json_parse.hpp>

#include <nlohmann/json.hpp>

#include <string>

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// The message of the Error that parsing `text` throws, or "" when it parses.
template <class Json> std::string error_of(const std::string& text) {
  try {
    (void)aifoot::parse_json_unique_keys<Json>(text, "in.json", aifoot::ErrorKind::data);
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::data);
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("parse_json_unique_keys: parses like nlohmann", "[json_parse]") {
  const auto document = aifoot::parse_json_unique_keys<ordered_json>(
      R"({"b": 1, "a": [{"x": 1}, {"x": 2}], "c": {"x": {"x": 3}}})",
      "in.json",
      aifoot::ErrorKind::data);
  CHECK(document.dump() == R"({"b":1,"a":[{"x":1},{"x":2}],"c":{"x":{"x":3}}})");
  CHECK_THROWS_AS(aifoot::parse_json_unique_keys<json>("{", "in.json", aifoot::ErrorKind::data),
                  json::parse_error);
  CHECK_THROWS_AS(aifoot::parse_json_unique_keys<json>("1e400", "in.json", aifoot::ErrorKind::data),
                  json::out_of_range);
}

TEST_CASE("parse_json_unique_keys: a key repeated in one object names the key", "[json_parse]") {
  CHECK(error_of<json>(R"({"a": 1, "a": 2})") == "in.json: duplicate key 'a'");
  CHECK(error_of<ordered_json>(R"({"a": 1, "a": 2})") == "in.json: duplicate key 'a'");
  // At any depth, in objects inside arrays, and after a nested object closed.
  CHECK(error_of<json>(R"({"r": [{"id": 1}, {"id": 2, "w": 1, "w": 2}]})")
        == "in.json: duplicate key 'w'");
  CHECK(error_of<json>(R"({"a": {"x": 1}, "b": 2, "a": 3})") == "in.json: duplicate key 'a'");
  CHECK(error_of<json>(R"([[{"k": {"k": 1, "k": 2}}]])") == "in.json: duplicate key 'k'");
  // The first duplicate is reported; keys stay on one line.
  CHECK(error_of<json>(R"({"b": 1, "a": 1, "a": 2, "b": 2})") == "in.json: duplicate key 'a'");
  CHECK(error_of<json>(R"({"a\nb": 1, "a\nb": 2})") == R"(in.json: duplicate key 'a\nb')");
}

TEST_CASE("parse_json_unique_keys: equal keys in different objects are fine", "[json_parse]") {
  CHECK(error_of<json>(R"({"a": {"x": 1}, "b": {"x": 2}, "x": 3})").empty());
  CHECK(error_of<json>(R"([{"id": 1}, {"id": 2}, {"id": {"id": 3}}])").empty());
  CHECK(error_of<json>(R"({"a": {"b": {"c": 1}}, "d": {"b": {"c": 2}}})").empty());
}
