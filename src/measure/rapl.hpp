#pragma once

#include <aifoot/measurement.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace aifoot::measure {

// The default root of the Linux power-capping framework in sysfs.
inline constexpr const char* k_default_powercap_root = "/sys/class/powercap";

// Energy between two readings of a RAPL counter that counts up to `max_range_uj` and then
// restarts at 0 (Linux powercap sysfs ABI: energy_uj, max_energy_range_uj). At most one
// wrap-around between readings is assumed, which holds when readings are taken well within the
// wrap period (minutes at full load for a 2^32 or 2^38 µJ range). A `max_range_uj` of 0 means
// "unknown": a decrease then counts as 0 (the interval is lost rather than invented).
std::uint64_t
counter_delta_uj(std::uint64_t previous_uj, std::uint64_t current_uj, std::uint64_t max_range_uj);

// Reads the RAPL package and DRAM energy counters of a powercap tree (`root`, normally
// /sys/class/powercap; tests pass a directory of fake files). Core and uncore sub-zones are
// skipped (the package contains them), so are "psys" (the whole platform, overlapping the
// package) and the intel-rapl-mmio duplicate of the package counter.
class RaplReader {
public:
  // Finds and reads every zone once. Never throws for an absent or unreadable tree: available()
  // is then false and unavailable_reason() says why (e.g. permissions since Linux 5.10).
  explicit RaplReader(std::string root);

  bool available() const { return !m_domains.empty(); }
  const std::string& unavailable_reason() const { return m_reason; }
  // Zones found but not readable while others are (empty when all are fine).
  const std::vector<std::string>& skipped() const { return m_skipped; }

  // Takes the baseline reading: energy counts from here.
  void start();
  // Reads every counter and adds the energy since the previous reading. A reading that fails
  // (file briefly missing or garbled) is skipped; the next one covers its interval.
  void sample();

  // Energy per zone since start(), as measurement records.
  std::vector<MeasuredDevice> devices() const;

private:
  struct Domain {
    std::string id;   // "package-0", "dram-0"
    std::string name; // the zone's own name file: "package-0", "dram"
    MeasuredKind kind = MeasuredKind::cpu_package;
    std::string energy_path;
    std::uint64_t max_range_uj = 0;
    std::uint64_t last_uj = 0;
    std::uint64_t total_uj = 0;
    std::size_t samples = 0;
    std::chrono::steady_clock::time_point first_time;
    std::chrono::steady_clock::time_point last_time;
  };
  std::string m_root;
  std::vector<Domain> m_domains;
  std::vector<std::string> m_skipped;
  std::string m_reason;
};

} // namespace aifoot::measure
