#pragma once

// Numbers as text, with the shortest digits that read back as the same double: what streams
// write for every number of every record.

#include <aifoot/text_buffer.hpp>

#include <cstdint>

namespace aifoot {

// Appends `value` as a JSON number in the layout nlohmann::json prints (1500.0, 0.0001, 2.16e+20)
// with the shortest digits that read back as `value`, or null when it is not finite.
void append_json_number(TextBuffer& out, double value);

// Appends `value` as fmt's "{}" prints it (1500, 0.0001, 2.16e+20, inf), with the same shortest
// digits: the numbers of CSV output.
void append_shortest(TextBuffer& out, double value);

// Appends `value` in decimal digits.
void append_integer(TextBuffer& out, std::uint64_t value);

} // namespace aifoot
