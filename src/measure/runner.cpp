#include "runner.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace aifoot::measure {
namespace {

using Clock = std::chrono::steady_clock;

// Signals aifoot waits for (SIGCHLD) or passes on to the command instead of dying from them while
// the command runs on: the termination requests, and the ones whose default action would kill
// aifoot alone (USR1, USR2, ALRM, PIPE sent with kill(2)).
constexpr std::array k_handled_signals{
    SIGCHLD, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE};

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

// The child's half of spawn(), between fork and exec: only async-signal-safe calls (aifoot may
// have NVML threads). Never returns: on failure it reports errno through `error_fd` and exits.
[[noreturn]] void
exec_child(char* const* argv, const sigset_t& child_mask, pid_t parent, int error_fd) {
  // The command must not outlive aifoot: killed (even by SIGKILL, which nothing can forward), the
  // parent's death sends the child SIGTERM. A parent that died before this line is caught by the
  // getppid() check.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) {
    _exit(128 + SIGTERM);
  }
  // The child starts with default dispositions and aifoot's original mask, not the blocking we
  // use for waiting.
  for (const int sig : k_handled_signals) {
    signal(sig, SIG_DFL);
  }
  pthread_sigmask(SIG_SETMASK, &child_mask, nullptr);
  execvp(argv[0], argv);
  const int error = errno;
  const ssize_t written = write(error_fd, &error, sizeof error);
  static_cast<void>(written);
  _exit(error == ENOENT ? 127 : 126);
}

pid_t spawn(const std::vector<std::string>& command, const SignalBlock& signals) {
  std::vector<std::string> storage = command;
  std::vector<char*> argv;
  argv.reserve(storage.size() + 1);
  for (auto& arg : storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  // exec failures (not found, not executable) come back through a close-on-exec pipe: it reads
  // empty once exec succeeded.
  std::array<int, 2> pipe_fds{};
  if (pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    throw SpawnError(fmt::format("cannot run '{}': {}", command.front(), std::strerror(errno)),
                     126);
  }
  std::fflush(nullptr); // nothing of ours may reach the child's output out of order
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    exec_child(argv.data(), signals.previous(), parent, pipe_fds[1]);
  }
  const int fork_error = errno;
  close(pipe_fds[1]);
  if (pid < 0) {
    close(pipe_fds[0]);
    throw SpawnError(fmt::format("cannot run '{}': {}", command.front(), std::strerror(fork_error)),
                     126);
  }
  int exec_error = 0;
  ssize_t got = 0;
  do {
    got = read(pipe_fds[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  close(pipe_fds[0]);
  if (got == static_cast<ssize_t>(sizeof exec_error)) {
    int status = 0;
    waitpid(pid, &status, 0);
    throw SpawnError(fmt::format("cannot run '{}': {}", command.front(), std::strerror(exec_error)),
                     exec_error == ENOENT ? 127 : 126);
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
    // USR1, USR2, ALRM and PIPE are passed on when someone sent them (a kernel SIGPIPE would be
    // aifoot's own write, which reports the error itself).
    const bool sent = info.si_code == SI_USER || info.si_code == SI_QUEUE;
    if (sig == SIGTERM || sig == SIGHUP || (sig > 0 && sig != SIGCHLD && sent)) {
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
