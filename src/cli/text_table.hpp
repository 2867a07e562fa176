#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aifoot::cli {

// The columns `text` takes in a terminal: code points, not bytes, so "m³", "–" and the bars of
// compare's table take one column each.
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (never cut).
std::string pad(std::string_view text, std::size_t width);

} // namespace aifoot::cli
