#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <algorithm>

namespace aifoot {

namespace {

// The quoted field that starts at line[i] (after its opening quote), unquoted into `field`; i ends
// after the closing quote.
void read_quoted_field(std::string_view line, std::size_t& i, std::string& field) {
  while (i < line.size()) {
    const std::size_t quote = line.find('"', i);
    if (quote == std::string_view::npos) {
      break;
    }
    field.append(line.substr(i, quote - i));
    i = quote + 1;
    if (i < line.size() && line[i] == '"') {
      field.push_back('"');
      ++i;
      continue;
    }
    if (i < line.size() && line[i] != ',') {
      throw Error(ErrorKind::invalid_input,
                  "text after a closing quote in a CSV field",
                  "quote the whole field, doubling quotes inside it");
    }
    return;
  }
  throw Error(ErrorKind::invalid_input, "unterminated quoted CSV field", "close the quote");
}

} // namespace

void split_csv_record(std::string_view line, std::vector<std::string>& fields) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  std::size_t count = 0;
  std::size_t i = 0;
  while (true) {
    // The strings of an earlier record are reused: a stream splits every record into one vector.
    if (count == fields.size()) {
      fields.emplace_back();
    }
    std::string& field = fields[count++];
    field.clear();
    if (i < line.size() && line[i] == '"') {
      ++i;
      read_quoted_field(line, i, field);
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      field.assign(line.substr(i, end - i));
      i = end;
    }
    if (i >= line.size()) {
      break;
    }
    ++i; // the comma
  }
  fields.resize(count);
}

std::vector<std::string> split_csv_record(std::string_view line) {
  std::vector<std::string> fields;
  split_csv_record(line, fields);
  return fields;
}

bool csv_record_complete(std::string_view text) {
  // A doubled quote inside a field counts twice, so the parity of all quotes says whether one is
  // open.
  return std::count(text.begin(), text.end(), '"') % 2 == 0;
}

void append_csv_field(TextBuffer& out, std::string_view text) {
  if (std::none_of(text.begin(), text.end(), [](char c) {
        return c == ',' || c == '"' || c == '\r' || c == '\n';
      })) {
    out += text;
    return;
  }
  out.push_back('"');
  for (std::size_t quote = text.find('"'); quote != std::string_view::npos;
       quote = text.find('"')) {
    out += text.substr(0, quote + 1);
    out += '"';
    text.remove_prefix(quote + 1);
  }
  out += text;
  out += '"';
}

std::string csv_field(std::string_view text) {
  TextBuffer out;
  append_csv_field(out, text);
  return std::string(out.view());
}

} // namespace aifoot
