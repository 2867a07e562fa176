#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace aifoot {

// What went wrong, from the user's point of view. The CLI maps each kind to a documented exit
// code: append new kinds, never renumber.
enum class ErrorKind {
  invalid_input, // a value is out of range, a field is missing or an id is unknown (exit 3)
  data,          // a built-in or user catalog table is missing, malformed or inconsistent (exit 4)
  io,            // a file could not be read or written (exit 5)
  internal,      // an invariant failed: a bug (exit 70)
};

// `text` as one printable line: control characters (a newline, a carriage return, NUL, ESC ...)
// become visible escapes ("\n", "\x00"). Messages echo user input (names, values, paths), and a
// raw newline would start a line without the "aifoot:" prefix (or inject a GitHub workflow
// command), a NUL would cut the message short wherever it is read as a C string.
inline std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if ((byte < 0x20U && c != '\t') || byte == 0x7fU) {
      constexpr std::string_view k_hex = "0123456789abcdef";
      out += "\\x";
      out.push_back(k_hex[byte >> 4U]);
      out.push_back(k_hex[byte & 0xfU]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The only exception the core throws on purpose. what() is meant for the user and names the
// offending field; hint() optionally says how to fix it. Both are kept to one printable line
// (one_line), whatever user input they quote.
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message, const std::string& hint = {})
      : std::runtime_error(one_line(message)),
        m_kind(kind),
        m_hint(one_line(hint)) {}

  ErrorKind kind() const noexcept { return m_kind; }
  const std::string& hint() const noexcept { return m_hint; }

private:
  ErrorKind m_kind;
  std::string m_hint;
};

} // namespace aifoot
