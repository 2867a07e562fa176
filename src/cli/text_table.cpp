#include "text_table.hpp"

#include <algorithm>

namespace aifoot::cli {

std::size_t display_width(std::string_view text) {
  // A UTF-8 continuation byte (10xxxxxx) starts no code point.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(std::string_view text, std::size_t width) {
  const std::size_t used = display_width(text);
  std::string out(text);
  out.append(width > used ? width - used : 0, ' ');
  return out;
}

} // namespace aifoot::cli
