#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// Splits one CSV record (RFC 4180: comma-separated, fields optionally in double quotes with ""
// for a quote) into its fields. A trailing CR is ignored. Throws Error(invalid_input) for an
// unterminated quote or text after a closing quote. Records span one line: a quoted field may
// not contain a line break.
std::vector<std::string> split_csv_record(std::string_view line);

// `text` as one CSV field: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);

} // namespace aifoot
