#include "catch.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/uncertainty.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace {

std::string number(double value) {
  aifoot::TextBuffer out;
  aifoot::append_json_number(out, value);
  return std::string(out.view());
}

std::string string(std::string_view text) {
  aifoot::TextBuffer out;
  aifoot::append_json_string(out, text);
  return std::string(out.view());
}

// The members append_footprint_members writes, in braces.
std::string object_of(const aifoot::Footprint& footprint,
                      std::string_view data_version,
                      bool with_assumptions = true) {
  aifoot::TextBuffer out;
  out += '{';
  aifoot::append_footprint_members(out, footprint, data_version, with_assumptions);
  out += '}';
  return std::string(out.view());
}

} // namespace

TEST_CASE("numbers are written as nlohmann::json writes them") {
  for (const double value : {0.0,
                             1.0,
                             -1.0,
                             1500.0,
                             999.1800000000001,
                             0.32,
                             0.0001,
                             0.00012345,
                             1e-5,
                             -2.5e-7,
                             2.16e20,
                             1e15,
                             123456789012345.0,
                             1234567890123456.0,
                             1.7976931348623157e308,
                             5e-324,
                             33.882705479452056}) {
    CAPTURE(value);
    const std::string written = number(value);
    CHECK(written == nlohmann::json(value).dump());
    CHECK(nlohmann::json::parse(written).get<double>() == value); // reads back exactly
  }
  // nlohmann's Grisu2 may print more digits than needed; the shortest form reads back the same.
  CHECK(number(4.1653199999999997e+21) == "4.16532e+21");
  CHECK(nlohmann::json::parse(number(4.1653199999999997e+21)).get<double>()
        == 4.1653199999999997e+21);
  CHECK(number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(number(std::nan("")) == "null");
}

TEST_CASE("strings are escaped and always valid UTF-8") {
  CHECK(string("h100-sxm") == "\"h100-sxm\"");
  CHECK(string("a \"b\" \\ c") == R"("a \"b\" \\ c")");
  CHECK(string("tab\tline\nend\x01") == R"("tab\tline\nend\u0001")");
  CHECK(string("TDP × fraction") == "\"TDP × fraction\"");
  CHECK(string("bad \xff\xfe byte") == "\"bad \xEF\xBF\xBD\xEF\xBF\xBD byte\"");
  CHECK(string("cut \xE2\x82") == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK_NOTHROW(nlohmann::json::parse(string("x\xC0\xAFy\xED\xA0\x80z")));
}

TEST_CASE("to_json parses the directly written members") {
  const auto catalog = aifoot::Catalog::builtin();
  const auto scenario = aifoot::parse_scenario_json(
      R"({"hardware": "h100-sxm", "devices": 512, "days": 3, "region": "aws:us-east-1"})", "t");
  const auto footprint = aifoot::estimate_scenario(scenario, catalog);
  const auto json = aifoot::to_json(footprint, "v1");
  CHECK(json["schema"] == aifoot::k_footprint_schema);
  CHECK(json["energy_kwh"]["total"].get<double>() == footprint.energy.total_kwh);
  CHECK(json["assumptions"].size() == footprint.assumptions.size());
  CHECK(json["data_version"] == "v1");
  // The whole object is the members in braces; indented, it is what nlohmann lays out for the
  // same document, also with ranges, sensitivity shares, inputs and notes to escape.
  CHECK(aifoot::footprint_json(footprint, "v1").view() == object_of(footprint, "v1"));
  const aifoot::UncertaintyOptions ranges{64, 7};
  auto uncertain = aifoot::estimate_scenario(scenario, catalog, &ranges);
  uncertain.notes = {"a \"quoted\" note \\ with\na line break", ""};
  for (const auto& f : {footprint, uncertain}) {
    const auto document = aifoot::to_json(f, "v1");
    CHECK(aifoot::footprint_json(f, "v1", 2).view() == document.dump(2));
    CHECK(aifoot::footprint_json(f, "v1", 4).view() == document.dump(4));
    CHECK(aifoot::footprint_json(f, "v1", 0).view() == document.dump(0));
  }
  uncertain.notes.clear();
  CHECK(aifoot::footprint_json(uncertain, "v1", 2).view()
        == aifoot::to_json(uncertain, "v1").dump(2));
  CHECK_FALSE(nlohmann::json::parse(object_of(footprint, "v1", false)).contains("assumptions"));
}

TEST_CASE("an estimate without its trail has the same numbers") {
  const auto catalog = aifoot::Catalog::builtin();
  for (
      const char* text :
      {R"({"model": "llama-3.1-70b", "tokens": "15T", "hardware": "h100-sxm", "devices": 1024, "region": "gcp:us-central1"})",
       R"({"hardware": "a100-80gb", "device-hours": 1000, "zone": "FR", "avg-power": 300})",
       R"({"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "DE"})"}) {
    CAPTURE(text);
    const auto scenario = aifoot::parse_scenario_json(text, "t");
    const auto full = aifoot::estimate_scenario(scenario, catalog);
    const auto numbers = aifoot::estimate_scenario(scenario, catalog, nullptr, aifoot::Trail::none);
    CHECK(numbers.trail == aifoot::Trail::none);
    CHECK(numbers.assumptions.empty());
    CHECK_FALSE(full.assumptions.empty());
    CHECK(object_of(full, "v", false) == object_of(numbers, "v", false));
  }
}

TEST_CASE("picked fields are the record's members at those paths") {
  const auto catalog = aifoot::Catalog::builtin();
  const aifoot::UncertaintyOptions headline{256, 1, false};
  for (
      const char* text :
      {R"({"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "DE"})",
       R"({"kind": "generation", "model": "flux.1-dev", "hardware": "h100-sxm", "steps": 28, "zone": "FR"})",
       R"({"hardware": "a100-80gb", "device-hours": 1000, "ci": 50})"}) {
    CAPTURE(text);
    const auto footprint =
        aifoot::estimate_scenario(aifoot::parse_scenario_json(text, "t"), catalog, &headline);
    const auto record = nlohmann::json::parse(object_of(footprint, "v1"));
    const auto paths = aifoot::footprint_field_paths(aifoot::uncertainty_metric_names());
    CHECK(std::find(paths.begin(), paths.end(), "uncertainty.co2e_kg.total.p95") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "grid.year") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "notes") == paths.end()); // an array
    std::vector<aifoot::FieldValue> values;
    aifoot::pick_footprint_fields(footprint, "v1", paths, values);
    REQUIRE(values.size() == paths.size());
    std::size_t present = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      CAPTURE(paths[i]);
      // "uncertainty.energy_kwh.total.p5" is /uncertainty/energy_kwh.total/p5 in the document.
      std::string pointer = "/" + paths[i];
      if (paths[i].rfind("uncertainty.", 0) == 0) {
        pointer = "/uncertainty/" + paths[i].substr(12, paths[i].rfind('.') - 12) + "/"
                  + paths[i].substr(paths[i].rfind('.') + 1);
      } else {
        std::replace(pointer.begin(), pointer.end(), '.', '/');
      }
      const nlohmann::json::json_pointer at(pointer);
      const auto& value = values[i];
      if (!record.contains(at)) {
        CHECK(value.type == aifoot::FieldValue::Type::absent);
        continue;
      }
      ++present;
      const auto& expected = record.at(at);
      switch (value.type) {
      case aifoot::FieldValue::Type::number:
        CHECK(expected.get<double>() == value.number);
        break;
      case aifoot::FieldValue::Type::integer:
        CHECK(expected.get<std::uint64_t>() == value.integer);
        break;
      case aifoot::FieldValue::Type::text:
        CHECK(expected.get<std::string>() == value.text);
        break;
      case aifoot::FieldValue::Type::null:
        CHECK(expected.is_null());
        break;
      default:
        FAIL("no value picked for a member the record has");
      }
    }
    CHECK(present > 40);
  }
}

TEST_CASE("TextBuffer keeps its text as it grows, and writes in place") {
  aifoot::TextBuffer buffer;
  buffer += std::string_view(); // nothing into no room: no copy (UBSan)
  CHECK(buffer.empty());
  std::string expected;
  for (int i = 0; i < 3000; ++i) { // well past the first room of 4096 characters
    const std::string piece = std::to_string(i) + ",";
    buffer += piece;
    expected += piece;
  }
  char* room = buffer.reserve(3);
  room[0] = 'x';
  room[1] = 'y';
  buffer.commit(room + 2); // only what was written is kept
  expected += "xy";
  buffer.push_back('!');
  expected += '!';
  CHECK(buffer.view() == expected);
  CHECK(buffer.size() == expected.size());
  buffer.clear();
  CHECK(buffer.empty());
  buffer += "again";
  CHECK(buffer.view() == "again");
}
