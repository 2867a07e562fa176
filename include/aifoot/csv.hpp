#pragma once

#include <aifoot/text_buffer.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// Splits one CSV record (RFC 4180: comma-separated, fields optionally in double quotes with ""
// for a quote) into its fields. A trailing CR is ignored. Throws Error(invalid_input) for an
// unterminated quote or text after a closing quote. A quoted field may hold line breaks (join the
// lines of a record first, see csv_record_complete).
std::vector<std::string> split_csv_record(std::string_view line);
// The same into `fields`, whose strings are reused (a stream splits every record into one vector).
void split_csv_record(std::string_view line, std::vector<std::string>& fields);

// Whether `text` (one or more lines read so far) ends a record: false while a quoted field is
// still open, so the next line belongs to the same record (RFC 4180 allows CR/LF inside quotes).
bool csv_record_complete(std::string_view text);

// `text` as one CSV field: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);
// The same appended to `out`.
void append_csv_field(TextBuffer& out, std::string_view text);

} // namespace aifoot
