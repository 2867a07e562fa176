#include "interrupt.hpp"

#include <csignal>

namespace aifoot::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
struct sigaction g_previous {};

extern "C" void on_interrupt(int /*signal*/) {
  g_interrupted = 1;
}

} // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted = 0;
  struct sigaction current {};
  if (sigaction(SIGINT, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) {
    return;
  }
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a read blocked on a pipe returns, so the stream loop sees the flag at once.
  // SA_RESETHAND: a second Ctrl-C terminates as it would without us.
  action.sa_flags = static_cast<int>(SA_RESETHAND); // 0x80000000u in glibc
  m_installed = sigaction(SIGINT, &action, &g_previous) == 0;
}

InterruptGuard::~InterruptGuard() {
  if (m_installed) {
    sigaction(SIGINT, &g_previous, nullptr);
  }
}

bool InterruptGuard::interrupted() const {
  return g_interrupted != 0;
}

} // namespace aifoot::cli
