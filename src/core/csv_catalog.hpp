#pragma once

#include <aifoot/catalog.hpp>

#include <nlohmann/json_fwd.hpp>

namespace aifoot::detail {

// A user catalog in CSV as the JSON document a catalog file holds ({"table": NAME, "records":
// [...]}): a first line "# table: NAME", a header row of field names, then one record per row.
// List fields (aliases, sources, ...) separate items with ';'; a dotted column such as
// "peak_tflops.bf16" fills a nested object; numbers and true/false are typed, the rest is text,
// and empty cells are left out. Throws Error(data) "FILE: line N: WHY" for a malformed file
// (duplicate or clashing columns, a row with the wrong number of cells) or an empty one.
nlohmann::json parse_csv_catalog(const DataFile& file);

} // namespace aifoot::detail
