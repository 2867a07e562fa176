#include "nvml.hpp"

#include <aifoot/error.hpp>

#include <fmt/format.h>

#include <dlfcn.h>

#include <array>
#include <memory>

namespace aifoot::measure {
namespace {

// The few NVML declarations used, from the NVML API reference (nvml.h, CUDA 12): return codes
// are an int-sized enum, devices an opaque pointer.
using NvmlReturn = int;
using NvmlDevice = void*;
constexpr NvmlReturn k_nvml_success = 0;
constexpr unsigned k_nvml_name_length = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE

template <typename Function> Function load_symbol(void* library, const char* name) {
  // POSIX guarantees that a dlsym result converts to a function pointer (XSH dlsym, 2017).
  return reinterpret_cast<Function>(dlsym(library, name));
}

} // namespace

struct NvmlSampler::Api {
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  NvmlReturn (*device_count)(unsigned*) = nullptr;
  NvmlReturn (*device_by_index)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*device_name)(NvmlDevice, char*, unsigned) = nullptr;
  NvmlReturn (*power_usage)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*total_energy)(NvmlDevice, unsigned long long*) = nullptr;
  const char* (*error_string)(NvmlReturn) = nullptr;

  std::string describe(NvmlReturn code) const {
    const char* text = error_string != nullptr ? error_string(code) : nullptr;
    return text != nullptr ? fmt::format("{} (NVML error {})", text, code)
                           : fmt::format("NVML error {}", code);
  }
};

NvmlSampler::NvmlSampler(const std::string& library,
                         const std::optional<std::vector<unsigned>>& selection) {
  m_library = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (m_library == nullptr) {
    const char* why = dlerror();
    m_reason = fmt::format("{} (no NVIDIA driver on this machine?)",
                           why != nullptr ? why : fmt::format("cannot load {}", library));
    return;
  }
  auto api = std::make_unique<Api>();
  api->init = load_symbol<decltype(api->init)>(m_library, "nvmlInit_v2");
  api->shutdown = load_symbol<decltype(api->shutdown)>(m_library, "nvmlShutdown");
  api->device_count = load_symbol<decltype(api->device_count)>(m_library, "nvmlDeviceGetCount_v2");
  api->device_by_index =
      load_symbol<decltype(api->device_by_index)>(m_library, "nvmlDeviceGetHandleByIndex_v2");
  api->device_name = load_symbol<decltype(api->device_name)>(m_library, "nvmlDeviceGetName");
  api->power_usage = load_symbol<decltype(api->power_usage)>(m_library, "nvmlDeviceGetPowerUsage");
  api->total_energy =
      load_symbol<decltype(api->total_energy)>(m_library, "nvmlDeviceGetTotalEnergyConsumption");
  api->error_string = load_symbol<decltype(api->error_string)>(m_library, "nvmlErrorString");
  if (api->init == nullptr || api->shutdown == nullptr || api->device_count == nullptr
      || api->device_by_index == nullptr || api->power_usage == nullptr) {
    m_reason =
        fmt::format("{} lacks the NVML functions needed (nvmlInit_v2, nvmlDeviceGetCount_v2, "
                    "nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetPowerUsage)",
                    library);
    return;
  }
  m_api = api.release();
  if (const NvmlReturn rc = m_api->init(); rc != k_nvml_success) {
    m_reason = fmt::format("nvmlInit failed: {}", m_api->describe(rc));
    return;
  }
  m_initialised = true;
  try {
    select_gpus(selection);
  } catch (...) {
    release();
    throw;
  }
}

void NvmlSampler::select_gpus(const std::optional<std::vector<unsigned>>& selection) {
  unsigned count = 0;
  if (const NvmlReturn rc = m_api->device_count(&count); rc != k_nvml_success) {
    m_reason = fmt::format("nvmlDeviceGetCount failed: {}", m_api->describe(rc));
    return;
  }
  std::vector<unsigned> indexes;
  if (selection) {
    for (const unsigned index : *selection) {
      if (index >= count) {
        throw Error(
            ErrorKind::invalid_input,
            fmt::format(
                "--gpus: no GPU {} (NVML reports {} GPU{})", index, count, count == 1 ? "" : "s"),
            count == 0 ? "drop --gpus" : fmt::format("use indexes 0 to {}, or all", count - 1));
      }
      indexes.push_back(index);
    }
  } else {
    for (unsigned index = 0; index < count; ++index) {
      indexes.push_back(index);
    }
  }
  for (const unsigned index : indexes) {
    Gpu gpu;
    gpu.index = index;
    if (const NvmlReturn rc = m_api->device_by_index(index, &gpu.handle); rc != k_nvml_success) {
      m_reason =
          fmt::format("GPU {}: nvmlDeviceGetHandleByIndex failed: {}", index, m_api->describe(rc));
      continue;
    }
    std::array<char, k_nvml_name_length> name{};
    if (m_api->device_name == nullptr
        || m_api->device_name(gpu.handle, name.data(), k_nvml_name_length) != k_nvml_success) {
      gpu.name = fmt::format("GPU {}", index);
    } else {
      gpu.name = name.data();
    }
    m_gpus.push_back(std::move(gpu));
  }
  if (m_gpus.empty() && m_reason.empty()) {
    m_reason = count == 0 ? "NVML reports no GPU" : "no GPU selected";
  }
}

NvmlSampler::~NvmlSampler() {
  release();
}

void NvmlSampler::release() noexcept {
  if (m_initialised) {
    m_api->shutdown();
    m_initialised = false;
  }
  delete m_api;
  m_api = nullptr;
  if (m_library != nullptr) {
    dlclose(m_library);
    m_library = nullptr;
  }
  m_gpus.clear();
}

void NvmlSampler::read_power(Gpu& gpu, std::chrono::steady_clock::time_point now) {
  unsigned milliwatts = 0;
  if (m_api->power_usage(gpu.handle, &milliwatts) != k_nvml_success) {
    return; // the next reading covers this interval
  }
  const double watts = static_cast<double>(milliwatts) / 1000.0;
  if (!gpu.last_power_w) {
    gpu.first_time = now;
  } else {
    const double seconds = std::chrono::duration<double>(now - gpu.last_time).count();
    gpu.energy_j += (*gpu.last_power_w + watts) / 2.0 * seconds;
  }
  gpu.last_power_w = watts;
  gpu.last_time = now;
  ++gpu.samples;
}

void NvmlSampler::start() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& gpu : m_gpus) {
    gpu.energy_j = 0;
    gpu.samples = 0;
    gpu.last_power_w.reset();
    unsigned long long millijoules = 0;
    gpu.has_counter = m_api->total_energy != nullptr
                      && m_api->total_energy(gpu.handle, &millijoules) == k_nvml_success;
    if (gpu.has_counter) {
      gpu.start_mj = millijoules;
      gpu.last_mj = millijoules;
      gpu.first_time = std::chrono::steady_clock::now();
      gpu.last_time = gpu.first_time;
      gpu.samples = 1;
    } else {
      read_power(gpu, now);
    }
  }
}

void NvmlSampler::sample() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& gpu : m_gpus) {
    if (!gpu.has_counter) {
      read_power(gpu, now);
    }
  }
}

void NvmlSampler::stop() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& gpu : m_gpus) {
    if (gpu.has_counter) {
      unsigned long long millijoules = 0;
      if (m_api->total_energy(gpu.handle, &millijoules) == k_nvml_success
          && millijoules >= gpu.start_mj) {
        gpu.last_mj = millijoules;
        gpu.last_time = std::chrono::steady_clock::now();
        ++gpu.samples;
      }
      gpu.energy_j = static_cast<double>(gpu.last_mj - gpu.start_mj) / 1000.0;
    } else {
      read_power(gpu, now);
    }
  }
}

std::vector<MeasuredDevice> NvmlSampler::devices() const {
  std::vector<MeasuredDevice> out;
  for (const auto& gpu : m_gpus) {
    out.push_back({fmt::format("gpu{}", gpu.index),
                   MeasuredKind::gpu,
                   gpu.name,
                   gpu.has_counter ? "nvml_energy_counter" : "nvml_power_samples",
                   gpu.energy_j,
                   gpu.samples,
                   std::chrono::duration<double>(gpu.last_time - gpu.first_time).count()});
  }
  return out;
}

} // namespace aifoot::measure
