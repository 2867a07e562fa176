#include "rapl.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

namespace aifoot::measure {
namespace {

namespace fs = std::filesystem;

// Reads a small sysfs file in one read(2): sysfs attributes are generated whole per read, and the
// counters are read many times a second, so no streams or allocation beyond the result.
std::optional<std::string> read_small_file(const std::string& path, int& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno;
    return std::nullopt;
  }
  std::array<char, 128> buffer{};
  const ssize_t n = ::read(fd, buffer.data(), buffer.size());
  error = n < 0 ? errno : 0;
  ::close(fd);
  if (n < 0) {
    return std::nullopt;
  }
  std::string text(buffer.data(), static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

std::optional<std::uint64_t> read_counter(const std::string& path, int& error) {
  const auto text = read_small_file(path, error);
  if (!text || text->empty()) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    error = EINVAL;
    return std::nullopt;
  }
  return value;
}

// "intel-rapl:0" -> "0", "intel-rapl:0:2" -> "0:2"; empty for other entries (including the
// "intel-rapl" control type itself and "intel-rapl-mmio:0").
std::string zone_index(const std::string& entry) {
  constexpr std::string_view k_prefix = "intel-rapl:";
  if (!entry.starts_with(k_prefix) || entry.size() == k_prefix.size()) {
    return {};
  }
  const std::string rest = entry.substr(k_prefix.size());
  const bool valid = std::all_of(
      rest.begin(), rest.end(), [](char c) { return (c >= '0' && c <= '9') || c == ':'; });
  return valid ? rest : std::string{};
}

// Zone directories under `root`: flat (as /sys/class/powercap lists them) and nested one level
// (as the zones' own directories hold their sub-zones), each once, sorted by name.
std::vector<std::pair<std::string, fs::path>> find_zones(const fs::path& root,
                                                         std::error_code& ec) {
  std::vector<std::pair<std::string, fs::path>> zones;
  auto add_from = [&](const fs::path& dir) {
    std::error_code inner;
    for (const auto& entry : fs::directory_iterator(dir, inner)) {
      const std::string name = entry.path().filename().string();
      if (zone_index(name).empty()) {
        continue;
      }
      const bool seen =
          std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.first == name; });
      if (!seen) {
        zones.emplace_back(name, entry.path());
      }
    }
  };
  {
    fs::directory_iterator probe(root, ec);
    if (ec) {
      return zones;
    }
  }
  add_from(root);
  const auto top = zones;
  for (const auto& [name, path] : top) {
    add_from(path);
  }
  std::sort(zones.begin(), zones.end());
  return zones;
}

} // namespace

std::uint64_t
counter_delta_uj(std::uint64_t previous_uj, std::uint64_t current_uj, std::uint64_t max_range_uj) {
  if (current_uj >= previous_uj) {
    return current_uj - previous_uj;
  }
  if (max_range_uj == 0 || previous_uj > max_range_uj) {
    return 0;
  }
  // The counter ran from `previous` up to the top of its range, restarted at 0 and reached
  // `current` (the convention of the kernel's own rapl tooling, e.g. turbostat).
  return (max_range_uj - previous_uj) + current_uj;
}

RaplReader::RaplReader(std::string root)
    : m_root(std::move(root)) {
  std::error_code ec;
  const auto zones = find_zones(m_root, ec);
  if (ec) {
    m_reason =
        fmt::format("no powercap tree at {} ({}): this kernel, CPU or container exposes no RAPL",
                    m_root,
                    ec.message());
    return;
  }
  std::string first_error;
  for (const auto& [entry, path] : zones) {
    int error = 0;
    const auto name = read_small_file((path / "name").string(), error);
    if (!name) {
      continue;
    }
    Domain domain;
    domain.name = *name;
    const std::string index = zone_index(entry);
    if (name->starts_with("package")) {
      domain.kind = MeasuredKind::cpu_package;
      domain.id = *name;
    } else if (*name == "dram") {
      domain.kind = MeasuredKind::dram;
      domain.id = fmt::format("dram-{}", index.substr(0, index.find(':')));
    } else {
      continue; // core, uncore (inside the package) and psys (overlaps it)
    }
    domain.energy_path = (path / "energy_uj").string();
    const auto value = read_counter(domain.energy_path, error);
    if (!value) {
      const std::string why =
          fmt::format("cannot read {}: {}{}",
                      domain.energy_path,
                      std::strerror(error),
                      error == EACCES || error == EPERM
                          ? " (since Linux 5.10 only root may read RAPL counters: run as root or "
                            "grant read access, e.g. 'sudo chmod a+r "
                            "/sys/class/powercap/intel-rapl:*/energy_uj')"
                          : "");
      m_skipped.push_back(why);
      if (first_error.empty()) {
        first_error = why;
      }
      continue;
    }
    int range_error = 0;
    domain.max_range_uj =
        read_counter((path / "max_energy_range_uj").string(), range_error).value_or(0);
    domain.last_uj = *value;
    if (std::none_of(m_domains.begin(), m_domains.end(), [&](const Domain& d) {
          return d.id == domain.id;
        })) {
      m_domains.push_back(std::move(domain));
    }
  }
  if (m_domains.empty()) {
    m_reason = first_error.empty() ? fmt::format("no RAPL package or DRAM zone under {}", m_root)
                                   : first_error;
  }
}

void RaplReader::start() {
  for (auto& domain : m_domains) {
    int error = 0;
    if (const auto value = read_counter(domain.energy_path, error)) {
      domain.last_uj = *value;
    }
    domain.first_time = std::chrono::steady_clock::now();
    domain.last_time = domain.first_time;
    domain.total_uj = 0;
    domain.samples = 1;
  }
}

void RaplReader::sample() {
  for (auto& domain : m_domains) {
    int error = 0;
    const auto value = read_counter(domain.energy_path, error);
    if (!value) {
      continue;
    }
    domain.total_uj += counter_delta_uj(domain.last_uj, *value, domain.max_range_uj);
    domain.last_uj = *value;
    domain.last_time = std::chrono::steady_clock::now();
    ++domain.samples;
  }
}

std::vector<MeasuredDevice> RaplReader::devices() const {
  std::vector<MeasuredDevice> out;
  for (const auto& domain : m_domains) {
    out.push_back({domain.id,
                   domain.kind,
                   domain.name,
                   "rapl_energy_counter",
                   static_cast<double>(domain.total_uj) * 1e-6,
                   domain.samples,
                   std::chrono::duration<double>(domain.last_time - domain.first_time).count()});
  }
  return out;
}

} // namespace aifoot::measure
