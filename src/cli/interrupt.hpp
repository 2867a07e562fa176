#pragma once

namespace aifoot::cli {

// Catches SIGINT (Ctrl-C) while it lives, so that a long command can stop at a record boundary,
// close its output and exit with ExitCode::interrupted instead of dying mid-record. A second
// SIGINT kills as usual (the handler is one-shot). When SIGINT is ignored on entry (nohup, a
// background job of a non-interactive shell) it stays ignored. Not re-entrant: one guard at a time.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  InterruptGuard(InterruptGuard&&) = delete;
  InterruptGuard& operator=(InterruptGuard&&) = delete;

  // True once SIGINT has arrived.
  bool interrupted() const;

private:
  bool m_installed = false;
};

} // namespace aifoot::cli
