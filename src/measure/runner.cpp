#include "runner.hpp"

#include <fmt/format.h>

#include <spawn.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace aifoot::measure {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array k_handled_signals{SIGCHLD, SIGINT, SIGQUIT, SIGTERM, SIGHUP};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

timespec to_timespec(Clock::duration duration) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
  const auto clamped = ns < 0 ? 0 : ns;
  return {static_cast<time_t>(clamped / 1'000'000'000), static_cast<long>(clamped % 1'000'000'000)};
}

ChildStatus decode(int status) {
  ChildStatus out;
  if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
    out.exit_code = 128 + *out.signal; // the shell's convention
  }
  return out;
}

class SpawnAttributes {
public:
  explicit SpawnAttributes(const sigset_t& child_mask) {
    posix_spawnattr_init(&m_attr);
    // The child starts with aifoot's original mask and default dispositions, not the blocking we
    // use for waiting.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int sig : k_handled_signals) {
      sigaddset(&defaults, sig);
    }
    posix_spawnattr_setsigmask(&m_attr, &child_mask);
    posix_spawnattr_setsigdefault(&m_attr, &defaults);
    posix_spawnattr_setflags(&m_attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnAttributes() { posix_spawnattr_destroy(&m_attr); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  const posix_spawnattr_t* get() const { return &m_attr; }

private:
  posix_spawnattr_t m_attr{};
};

pid_t spawn(const std::vector<std::string>& command, const SignalBlock& signals) {
  std::vector<std::string> storage = command;
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (auto& arg : storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  const SpawnAttributes attributes(signals.previous());
  std::fflush(nullptr); // nothing of ours may reach the child's output out of order
  pid_t pid = 0;
  // glibc's posix_spawnp reports exec failures (not found, not executable) as its result.
  const int rc = posix_spawnp(&pid, argv[0], nullptr, attributes.get(), argv.data(), environ);
  if (rc != 0) {
    throw SpawnError(fmt::format("cannot run '{}': {}", command.front(), std::strerror(rc)),
                     rc == ENOENT ? 127 : 126);
  }
  return pid;
}

void sample_all(RaplReader* rapl, NvmlSampler* nvml) {
  if (rapl != nullptr) {
    rapl->sample();
  }
  if (nvml != nullptr) {
    nvml->sample();
  }
}

} // namespace

SignalBlock::SignalBlock() {
  sigemptyset(&m_blocked);
  for (const int sig : k_handled_signals) {
    sigaddset(&m_blocked, sig);
  }
  pthread_sigmask(SIG_BLOCK, &m_blocked, &m_previous);
}

SignalBlock::~SignalBlock() {
  // Discard what arrived while we waited for the child (an interrupt meant for it, or its own
  // SIGCHLD) so that unblocking does not act on it now.
  const timespec zero{0, 0};
  while (sigtimedwait(&m_blocked, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
}

bool interrupt_pending(const SignalBlock& signals) {
  static_cast<void>(signals);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1
         || sigismember(&pending, SIGHUP) == 1;
}

RunResult run_measured(const std::vector<std::string>& command,
                       double interval_s,
                       RaplReader* rapl,
                       NvmlSampler* nvml,
                       const SignalBlock& signals) {
  RunResult result;
  result.energy.interval_s = interval_s;
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_s));

  // The run's span encloses every reading: from before the baselines to after the last ones.
  const double cpu_before = cpu_seconds();
  const auto started = Clock::now();
  if (rapl != nullptr) {
    rapl->start();
  }
  if (nvml != nullptr) {
    nvml->start();
  }
  const pid_t pid = spawn(command, signals);
  result.energy.ticks = 1;

  auto next_tick = started + interval;
  int status = 0;
  for (;;) {
    const timespec timeout = to_timespec(next_tick - Clock::now());
    siginfo_t info{};
    const int sig = sigtimedwait(&signals.blocked(), &info, &timeout);
    // Termination requests are passed on. An interrupt typed at the terminal (si_code SI_KERNEL)
    // already reached the child through the process group; one sent with kill(2) to aifoot alone
    // (SI_USER) is passed on too.
    if (sig == SIGTERM || sig == SIGHUP
        || ((sig == SIGINT || sig == SIGQUIT)
            && (info.si_code == SI_USER || info.si_code == SI_QUEUE))) {
      kill(pid, sig);
    }
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) {
      break;
    }
    const auto now = Clock::now();
    if (now >= next_tick) {
      sample_all(rapl, nvml);
      ++result.energy.ticks;
      next_tick += interval;
      if (next_tick <= now) { // a stall (suspend, overload): resume the grid from now
        next_tick = now + interval;
      }
    }
  }
  if (rapl != nullptr) {
    rapl->sample();
  }
  if (nvml != nullptr) {
    nvml->stop();
  }
  ++result.energy.ticks;
  const auto finished = Clock::now();
  result.sampler_cpu_s = cpu_seconds() - cpu_before;
  result.energy.duration_s = std::chrono::duration<double>(finished - started).count();
  result.status = decode(status);
  if (rapl != nullptr) {
    for (auto& device : rapl->devices()) {
      result.energy.devices.push_back(std::move(device));
    }
  }
  if (nvml != nullptr) {
    auto gpus = nvml->devices();
    result.energy.devices.insert(result.energy.devices.begin(), gpus.begin(), gpus.end());
  }
  return result;
}

} // namespace aifoot::measure
