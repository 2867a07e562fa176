#pragma once

#include <aifoot/measurement.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aifoot::measure {

// The NVIDIA driver's management library, loaded at run time: no build-time CUDA dependency.
inline constexpr const char* k_default_nvml_library = "libnvidia-ml.so.1";

// Reads GPU energy through NVML, loaded with dlopen from `library`. Per GPU it uses the
// total-energy counter (nvmlDeviceGetTotalEnergyConsumption, mJ since driver load; Volta and
// newer) read at start and stop, else integrates power samples (nvmlDeviceGetPowerUsage, mW;
// on recent drivers a one-second average) with the trapezoidal rule over the sampling ticks.
class NvmlSampler {
public:
  // Loads and initialises NVML and selects the GPUs with indexes in `selection` (all when
  // nullopt). Never throws for a missing library, driver or GPU: available() is then false and
  // unavailable_reason() says why. Throws Error(invalid_input) for a selected index NVML does not
  // have.
  NvmlSampler(const std::string& library, const std::optional<std::vector<unsigned>>& selection);
  ~NvmlSampler();
  NvmlSampler(const NvmlSampler&) = delete;
  NvmlSampler& operator=(const NvmlSampler&) = delete;

  bool available() const { return !m_gpus.empty(); }
  const std::string& unavailable_reason() const { return m_reason; }

  // Baseline readings: energy counts from here.
  void start();
  // Reads the power of GPUs without an energy counter (counters need only start and stop).
  void sample();
  // Final readings.
  void stop();

  std::vector<MeasuredDevice> devices() const;

private:
  struct Api;
  struct Gpu {
    unsigned index = 0;
    void* handle = nullptr;
    std::string name;
    bool has_counter = false;
    unsigned long long start_mj = 0;
    unsigned long long last_mj = 0;
    double energy_j = 0;
    std::optional<double> last_power_w;
    std::chrono::steady_clock::time_point first_time;
    std::chrono::steady_clock::time_point last_time;
    std::size_t samples = 0;
  };
  void read_power(Gpu& gpu, std::chrono::steady_clock::time_point now);
  void select_gpus(const std::optional<std::vector<unsigned>>& selection);
  void release() noexcept;

  void* m_library = nullptr;
  Api* m_api = nullptr;
  bool m_initialised = false;
  std::vector<Gpu> m_gpus;
  std::string m_reason;
};

} // namespace aifoot::measure
