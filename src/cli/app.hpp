#pragma once

namespace aifoot::cli {

// Parses argv, runs the subcommand and returns the process exit code. Never throws: every error
// is reported on stderr as "aifoot: error: ..." and mapped to a documented exit code.
int run(int argc, char** argv) noexcept;

} // namespace aifoot::cli
