#pragma once

#include <aifoot/error.hpp>

namespace aifoot::cli {

// Documented exit codes (docs/usage.md "Exit codes", docs/design.md §5): append, never renumber.
enum class ExitCode {
  ok = 0,
  budget_exceeded = 1, // ran fine, but a --max-... budget was exceeded; the result is printed
  usage = 2,           // unknown or missing flag, bad choice, no subcommand
  invalid_input = 3,   // value out of range, unknown model/hardware/region, bad scenario
  data = 4,            // built-in or user catalog table malformed
  io = 5,              // cannot read input or write output
  internal = 70,       // a bug (sysexits EX_SOFTWARE)
  interrupted = 130,   // SIGINT: a stream stopped after the record in progress (128 + SIGINT)
};

inline constexpr const char* k_exit_code_help =
    "Exit codes: 0 ok, 1 budget exceeded, 2 usage, 3 invalid input, 4 data error, 5 I/O error, "
    "70 internal error, 130 interrupted.";

// The documented exit code of a core error kind.
inline ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::invalid_input:
    return ExitCode::invalid_input;
  case ErrorKind::data:
    return ExitCode::data;
  case ErrorKind::io:
    return ExitCode::io;
  case ErrorKind::internal:
    return ExitCode::internal;
  }
  return ExitCode::internal;
}

} // namespace aifoot::cli
