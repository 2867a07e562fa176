#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace aifoot {

// What went wrong, from the user's point of view. The CLI maps each kind to a documented exit
// code: append new kinds, never renumber.
enum class ErrorKind {
  invalid_input, // a value is out of range, a field is missing or an id is unknown (exit 3)
  data,          // a built-in or user catalog table is missing, malformed or inconsistent (exit 4)
  io,            // a file could not be read or written (exit 5)
  internal,      // an invariant failed: a bug (exit 70)
};

// The only exception the core throws on purpose. what() is meant for the user and names the
// offending field; hint() optionally says how to fix it.
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message, std::string hint = {})
      : std::runtime_error(message),
        m_kind(kind),
        m_hint(std::move(hint)) {}

  ErrorKind kind() const noexcept { return m_kind; }
  const std::string& hint() const noexcept { return m_hint; }

private:
  ErrorKind m_kind;
  std::string m_hint;
};

} // namespace aifoot
