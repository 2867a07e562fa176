#include <aifoot/number_text.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace aifoot {

namespace {

// A number's text is laid out on the stack and appended once: a sign, at most 17 digits, a point,
// up to 16 zeros or an exponent (e-324).
using NumberText = std::array<char, 48>;

// The shortest decimal digits that read back as a finite, non-zero `magnitude`, found by
// Dragonbox as fmt's "{}" finds them: magnitude = digits x 10^exponent. fmt's public API gives
// them only laid out, by a general writer that takes hundreds of instructions per number; streams
// write tens of numbers per record, in two fixed layouts.
class ShortestDecimal {
public:
  explicit ShortestDecimal(double magnitude)
      : m_decimal(fmt::detail::dragonbox::to_decimal(magnitude)),
        m_text(m_decimal.significand) {}

  std::string_view digits() const { return {m_text.data(), m_text.size()}; }
  int exponent() const { return m_decimal.exponent; }
  // The decimal exponent of the first digit: 1234e-2 -> 1.
  int leading_exponent() const { return m_decimal.exponent + static_cast<int>(m_text.size()) - 1; }

private:
  fmt::detail::dragonbox::decimal_fp<double> m_decimal;
  fmt::format_int m_text;
};

char* write(char* out, std::string_view text) {
  return std::copy(text.begin(), text.end(), out);
}

// 1234e-2 -> 12.34, 1234e2 -> 123400, 1234e-6 -> 0.001234 (fmt's fixed layout).
char* write_fixed(char* out, std::string_view digits, int exponent) {
  const int integer_digits = static_cast<int>(digits.size()) + exponent;
  if (exponent >= 0) {
    return std::fill_n(write(out, digits), exponent, '0');
  }
  if (integer_digits > 0) {
    out = write(out, digits.substr(0, static_cast<std::size_t>(integer_digits)));
    *out++ = '.';
    return write(out, digits.substr(static_cast<std::size_t>(integer_digits)));
  }
  out = write(out, "0.");
  return write(std::fill_n(out, -integer_digits, '0'), digits);
}

// d[.ddd]e+XX, with at least two exponent digits (fmt's and nlohmann's exponent layout).
char* write_exponent_form(char* out, std::string_view digits, int leading_exponent) {
  *out++ = digits.front();
  if (digits.size() > 1) {
    *out++ = '.';
    out = write(out, digits.substr(1));
  }
  *out++ = 'e';
  *out++ = leading_exponent < 0 ? '-' : '+';
  const int magnitude = std::abs(leading_exponent);
  if (magnitude < 10) {
    *out++ = '0';
  }
  const fmt::format_int exponent(magnitude);
  return write(out, {exponent.data(), exponent.size()});
}

} // namespace

void append_integer(std::string& out, std::uint64_t value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

void append_shortest(std::string& out, double value) {
  if (!std::isfinite(value)) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), value);
    return;
  }
  NumberText text;
  char* end = text.data();
  if (std::signbit(value)) {
    *end++ = '-';
  }
  if (value == 0.0) {
    *end++ = '0';
  } else {
    // fmt's general layout: fixed for a leading exponent from -4 to 15.
    const ShortestDecimal decimal(std::fabs(value));
    const int leading = decimal.leading_exponent();
    end = leading < -4 || leading >= 16 ? write_exponent_form(end, decimal.digits(), leading)
                                        : write_fixed(end, decimal.digits(), decimal.exponent());
  }
  out.append(text.data(), end);
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0.0) {
    out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  NumberText text;
  char* end = text.data();
  if (value < 0) {
    *end++ = '-';
  }
  // nlohmann's layout: fixed for a leading exponent from -4 to 14, with ".0" after an integer;
  // else the exponent form, without trailing zeros.
  const ShortestDecimal decimal(std::fabs(value));
  const int leading = decimal.leading_exponent();
  if (-4 <= leading && leading <= 14) {
    end = write_fixed(end, decimal.digits(), decimal.exponent());
    if (decimal.exponent() >= 0) {
      end = write(end, ".0");
    }
  } else {
    std::string_view digits = decimal.digits();
    while (digits.size() > 1 && digits.back() == '0') {
      digits.remove_suffix(1);
    }
    end = write_exponent_form(end, digits, leading);
  }
  out.append(text.data(), end);
}

} // namespace aifoot
