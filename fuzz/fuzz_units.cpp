// libFuzzer target: the quantity/units parsers. The first byte picks the parser, the rest is the
// text. Every input must either parse to a finite, non-negative number or throw aifoot::Error.
#include <aifoot/error.hpp>
#include <aifoot/units.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  double value = 0;
  try {
    switch (data[0] % 8) {
    case 0:
      value = aifoot::parse_count(text, "count");
      break;
    case 1:
      value = aifoot::parse_duration_h(text, "duration", "h");
      break;
    case 2:
      value = aifoot::parse_power_w(text, "power");
      break;
    case 3:
      value = aifoot::parse_energy_j(text, "energy", "J");
      break;
    case 4:
      value = aifoot::parse_intensity_g_per_kwh(text, "ci");
      break;
    case 5:
      value = aifoot::parse_fraction(text, "fraction");
      break;
    case 6:
      value = aifoot::parse_rate_per_s(text, "rate");
      break;
    default:
      value = aifoot::parse_number(text, "number");
      break;
    }
  } catch (const aifoot::Error&) {
    return 0;
  }
  if (!std::isfinite(value) || value < 0) {
    std::abort(); // a parser accepted a value it promises to reject
  }
  return 0;
}
