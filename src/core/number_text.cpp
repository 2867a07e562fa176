#include <aifoot/number_text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace aifoot {

namespace {

// The room a number's text is laid out in, at the end of the buffer: a sign, at most 17 digits,
// a point, up to 15 zeros or an exponent (e-324), and the slack of the 16-byte moves below.
constexpr std::size_t k_number_room = 48;

// The shortest decimal digits that read back as a finite, non-zero `magnitude`, found by
// Dragonbox as fmt's "{}" finds them: magnitude = significand x 10^exponent. fmt's public API
// gives them only laid out, by a general writer that takes hundreds of instructions per number;
// streams write tens of numbers per record, in two fixed layouts, straight from these digits.
struct ShortestDecimal {
  explicit ShortestDecimal(double magnitude) {
    const auto decimal = fmt::detail::dragonbox::to_decimal(magnitude);
    significand = decimal.significand;
    exponent = decimal.exponent;
    digit_count = fmt::detail::count_digits(significand);
  }

  // The decimal exponent of the first digit: 1234e-2 -> 1.
  int leading_exponent() const { return exponent + digit_count - 1; }

  void drop_trailing_zeros() {
    while (digit_count > 1 && significand % 10 == 0) {
      significand /= 10;
      ++exponent;
      --digit_count;
    }
  }

  std::uint64_t significand = 0;
  int exponent = 0;
  int digit_count = 0;
};

// The digits of `value` (`count` of them: count_digits) at `out`.
char* write_digits(char* out, std::uint64_t value, int count) {
  return fmt::detail::format_decimal(out, value, count).end;
}

// `count` zeros, at most 16: one fixed-size copy, no loop or call. The fixed layout has at most 15
// zeros after the digits (a leading exponent below 16) and 3 after the point (one above -5).
char* write_zeros(char* out, int count) {
  std::fill_n(out, 16, '0');
  return out + count;
}

// 1234e-2 -> 12.34, 1234e2 -> 123400, 1234e-6 -> 0.001234 (fmt's fixed layout).
char* write_fixed(char* out, const ShortestDecimal& decimal) {
  if (decimal.exponent >= 0) {
    out = write_digits(out, decimal.significand, decimal.digit_count);
    return write_zeros(out, decimal.exponent);
  }
  const int integer_digits = decimal.digit_count + decimal.exponent;
  if (integer_digits <= 0) {
    *out++ = '0';
    *out++ = '.';
    out = write_zeros(out, -integer_digits);
    return write_digits(out, decimal.significand, decimal.digit_count);
  }
  // The digits, then the fraction (at most 16 of them) moved one place right for the point: a
  // fixed-size move, two instructions rather than a call.
  char* const end = write_digits(out, decimal.significand, decimal.digit_count);
  char* const point = out + integer_digits;
  std::memmove(point + 1, point, 16);
  *point = '.';
  return end + 1;
}

// d[.ddd]e+XX, with at least two exponent digits (fmt's and nlohmann's exponent layout).
char* write_exponent_form(char* out, const ShortestDecimal& decimal) {
  char* end = write_digits(out, decimal.significand, decimal.digit_count);
  if (decimal.digit_count > 1) {
    std::memmove(out + 2, out + 1, 16);
    out[1] = '.';
    ++end;
  }
  const int leading = decimal.leading_exponent();
  *end++ = 'e';
  *end++ = leading < 0 ? '-' : '+';
  const int magnitude = std::abs(leading);
  if (magnitude < 10) {
    *end++ = '0';
  }
  const auto digits = static_cast<std::uint64_t>(magnitude);
  return write_digits(end, digits, fmt::detail::count_digits(digits));
}

} // namespace

void append_integer(TextBuffer& out, std::uint64_t value) {
  char* text = out.reserve(k_number_room);
  out.commit(write_digits(text, value, fmt::detail::count_digits(value)));
}

void append_shortest(TextBuffer& out, double value) {
  char* const text = out.reserve(k_number_room);
  char* end = text;
  if (std::signbit(value)) {
    *end++ = '-';
  }
  if (!std::isfinite(value)) {
    const std::string_view word = std::isnan(value) ? "nan" : "inf"; // as fmt's {} writes them
    end = std::copy(word.begin(), word.end(), end);
  } else if (value == 0.0) {
    *end++ = '0';
  } else {
    // fmt's general layout: fixed for a leading exponent from -4 to 15.
    const ShortestDecimal decimal(std::fabs(value));
    const int leading = decimal.leading_exponent();
    end = leading < -4 || leading >= 16 ? write_exponent_form(end, decimal)
                                        : write_fixed(end, decimal);
  }
  out.commit(end);
}

void append_json_number(TextBuffer& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0.0) {
    out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  char* const text = out.reserve(k_number_room);
  char* end = text;
  if (value < 0) {
    *end++ = '-';
  }
  // nlohmann's layout: fixed for a leading exponent from -4 to 14, with ".0" after an integer;
  // else the exponent form, without trailing zeros.
  ShortestDecimal decimal(std::fabs(value));
  const int leading = decimal.leading_exponent();
  if (-4 <= leading && leading <= 14) {
    end = write_fixed(end, decimal);
    if (decimal.exponent >= 0) {
      *end++ = '.';
      *end++ = '0';
    }
  } else {
    decimal.drop_trailing_zeros();
    end = write_exponent_form(end, decimal);
  }
  out.commit(end);
}

} // namespace aifoot
