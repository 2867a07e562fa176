// libFuzzer target: the CSV record reader. Splitting and re-joining with csv_field must give back
// the same fields, and a re-joined record must read as complete (RFC 4180: quoted fields may hold
// line breaks, so the stream reader joins lines until csv_record_complete).
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto fields = aifoot::split_csv_record(text);
    std::string joined;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      joined += i == 0 ? "" : ",";
      joined += aifoot::csv_field(fields[i]);
    }
    if (!aifoot::csv_record_complete(joined) || aifoot::split_csv_record(joined) != fields) {
      std::abort(); // the writer and the reader disagree
    }
  } catch (const aifoot::Error&) {
  }
  return 0;
}
