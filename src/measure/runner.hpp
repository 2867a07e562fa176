#pragma once

#include "nvml.hpp"
#include "rapl.hpp"

#include <aifoot/measurement.hpp>

#include <csignal>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace aifoot::measure {

// The command could not be started (not found, not executable). `exit_code` follows the shell
// convention: 127 when not found, 126 otherwise.
class SpawnError : public std::runtime_error {
public:
  SpawnError(const std::string& message, int exit_code)
      : std::runtime_error(message),
        m_exit_code(exit_code) {}
  int exit_code() const noexcept { return m_exit_code; }

private:
  int m_exit_code;
};

// Blocks SIGCHLD, SIGINT, SIGQUIT, SIGTERM and SIGHUP in the calling thread for its lifetime, so
// that threads created meanwhile (NVML starts some) inherit the mask and run_measured() can wait
// for them with sigtimedwait. Create it before the samplers; the previous mask comes back on
// destruction, with any of these signals still pending discarded.
class SignalBlock {
public:
  SignalBlock();
  ~SignalBlock();
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;

  const sigset_t& blocked() const { return m_blocked; }
  const sigset_t& previous() const { return m_previous; }

private:
  sigset_t m_blocked{};
  sigset_t m_previous{};
};

// How the command ended.
struct ChildStatus {
  int exit_code = 0;         // its exit status, or 128 + signal number when killed by a signal
  std::optional<int> signal; // the signal that killed it
};

// A finished measured run.
struct RunResult {
  MeasuredEnergy energy;
  ChildStatus status;
  double sampler_cpu_s = 0; // CPU time this process (the sampler) used while the command ran
};

// Runs `command` (searched in PATH) as a child with the standard streams and environment passed
// through, reading `rapl` and `nvml` (either may be null or unavailable) every `interval_s`
// until it exits. SIGTERM and SIGHUP sent to aifoot are forwarded to the child; SIGINT and SIGQUIT
// from the terminal are left to the child (the terminal sends them to both, and aifoot waits to
// report, as time(1) does), while ones sent to aifoot alone with kill(2) are forwarded. `signals`
// must be alive for the whole call. Throws SpawnError when the command cannot be started.
RunResult run_measured(const std::vector<std::string>& command,
                       double interval_s,
                       RaplReader* rapl,
                       NvmlSampler* nvml,
                       const SignalBlock& signals);

// True when SIGINT or SIGTERM is pending (the user interrupted before the command started).
bool interrupt_pending(const SignalBlock& signals);

} // namespace aifoot::measure
