// libFuzzer target: the CSV record reader. Splitting and re-joining with csv_field must give back
// the same fields.
#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.find_first_of("\r\n") != std::string_view::npos) {
    return 0; // records are single lines; the stream reader splits lines first
  }
  try {
    const auto fields = aifoot::split_csv_record(text);
    std::string joined;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      joined += i == 0 ? "" : ",";
      joined += aifoot::csv_field(fields[i]);
    }
    if (aifoot::split_csv_record(joined) != fields) {
      std::abort(); // the writer and the reader disagree
    }
  } catch (const aifoot::Error&) {
  }
  return 0;
}
