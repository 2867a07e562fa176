#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <algorithm>

namespace aifoot {

std::vector<std::string> split_csv_record(std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  std::vector<std::string> fields;
  std::string field;
  std::size_t i = 0;
  while (true) {
    field.clear();
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (!closed) {
        throw Error(ErrorKind::invalid_input, "unterminated quoted CSV field", "close the quote");
      }
      if (i < line.size() && line[i] != ',') {
        throw Error(ErrorKind::invalid_input,
                    "text after a closing quote in a CSV field",
                    "quote the whole field, doubling quotes inside it");
      }
    } else {
      while (i < line.size() && line[i] != ',') {
        field.push_back(line[i++]);
      }
    }
    fields.push_back(field);
    if (i >= line.size()) {
      break;
    }
    ++i; // the comma
  }
  return fields;
}

bool csv_record_complete(std::string_view text) {
  // A doubled quote inside a field counts twice, so the parity of all quotes says whether one is
  // open.
  return std::count(text.begin(), text.end(), '"') % 2 == 0;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

} // namespace aifoot
