#include "catch.hpp"

#include <aifoot/number_text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

std::string shortest(double value) {
  aifoot::TextBuffer out;
  aifoot::append_shortest(out, value);
  return std::string(out.view());
}

std::string json_number(double value) {
  aifoot::TextBuffer out;
  aifoot::append_json_number(out, value);
  return std::string(out.view());
}

// The text with every digit replaced by 'd': its layout.
std::string shape(std::string text) {
  for (char& c : text) {
    c = c >= '0' && c <= '9' ? 'd' : c;
  }
  return text;
}

// Doubles of every magnitude and digit count: random bit patterns, round decimals (the values
// streams print most: 1500, 0.32, 1e+16) and the edges of each layout.
std::vector<double> varied_doubles() {
  std::vector<double> values{0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             0.0001,
                             0.00001,
                             0.00012345,
                             1e15,
                             9.999999999999998e14,
                             1e16,
                             1234567890123456.0,
                             12345678901234567.0,
                             1.7976931348623157e308,
                             std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::epsilon(),
                             4.1653199999999997e+21,
                             0.00012345678901234567,
                             1.2345678901234567e-5,
                             123456789012345.67,
                             0.1,
                             9.5,
                             1e100,
                             1e-100,
                             1.5e-310};
  std::mt19937_64 random(20261202);
  std::uniform_int_distribution<int> exponent(-30, 30);
  std::uniform_int_distribution<std::uint64_t> significand(1, 99999999);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isfinite(value)) {
      values.push_back(value);
    }
    values.push_back(static_cast<double>(significand(random)) * std::pow(10.0, exponent(random)));
  }
  return values;
}

} // namespace

TEST_CASE("append_shortest writes what fmt's {} writes") {
  for (const double value : varied_doubles()) {
    CAPTURE(value);
    REQUIRE(shortest(value) == fmt::format("{}", value));
  }
  CHECK(shortest(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(shortest(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(shortest(std::nan("")) == "nan");
  CHECK(shortest(1500.0) == "1500");
  CHECK(shortest(-0.0) == "-0");
}

TEST_CASE("append_json_number writes nlohmann's layout with the shortest digits") {
  for (const double value : varied_doubles()) {
    CAPTURE(value);
    const std::string written = json_number(value);
    REQUIRE(nlohmann::json::parse(written).get<double>() == value); // reads back exactly
    // nlohmann's layout (fixed or exponent, where the point goes), with digits never longer
    // than its Grisu2 digits; between two shortest candidates as close as each other, Grisu2 and
    // Dragonbox may pick differently (999999999999999.7 and .8 for 999999999999999.75).
    const std::string theirs = nlohmann::json(value).dump();
    REQUIRE(written.size() <= theirs.size());
    if (written.size() == theirs.size()) {
      REQUIRE(shape(written) == shape(theirs));
    }
  }
}

TEST_CASE("append_integer writes decimal digits") {
  aifoot::TextBuffer out;
  aifoot::append_integer(out, 0);
  out.push_back(',');
  aifoot::append_integer(out, std::numeric_limits<std::uint64_t>::max());
  CHECK(out.view() == "0,18446744073709551615");
}
