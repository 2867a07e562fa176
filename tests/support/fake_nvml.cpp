// A stand-in for libnvidia-ml.so.1 with the handful of NVML functions aifoot uses, for testing
// `aifoot measure` on machines without a GPU. It is loaded through the same dlopen path
// (--nvml-library or AIFOOT_NVML_LIBRARY) and scripted with environment variables:
//   FAKE_NVML_WATTS      per-GPU power, comma-separated ("300,150": two GPUs); default "300"
//   FAKE_NVML_NAMES      per-GPU names, comma-separated; default "Fake GPU N"
//   FAKE_NVML_NO_ENERGY  "1": no total-energy counter (NOT_SUPPORTED), so power samples are used
//   FAKE_NVML_INIT_ERROR an NVML return code for nvmlInit_v2 to fail with
// The energy counter advances with wall time at the scripted power, from an arbitrary offset.

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using NvmlReturn = int;
constexpr NvmlReturn k_success = 0;
constexpr NvmlReturn k_invalid_argument = 2;
constexpr NvmlReturn k_not_supported = 3;
constexpr NvmlReturn k_uninitialized = 1;
constexpr NvmlReturn k_insufficient_size = 7;
constexpr unsigned long long k_counter_offset_mj = 123'456'789'000ULL;

struct FakeGpu {
  double watts = 0;
  std::string name;
};

std::vector<std::string> split(const char* text) {
  std::vector<std::string> out;
  if (text == nullptr) {
    return out;
  }
  std::string item;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item.push_back(*c);
    }
  }
  out.push_back(item);
  return out;
}

struct State {
  bool initialised = false;
  std::vector<FakeGpu> gpus;
  std::chrono::steady_clock::time_point origin = std::chrono::steady_clock::now();
};

State& state() {
  static State instance;
  return instance;
}

FakeGpu* gpu_of(void* handle) {
  auto& gpus = state().gpus;
  auto* gpu = static_cast<FakeGpu*>(handle);
  if (!state().initialised || gpus.empty() || gpu < gpus.data()
      || gpu >= gpus.data() + gpus.size()) {
    return nullptr;
  }
  return gpu;
}

} // namespace

// The functions carry NVML's C API names, which the project naming rules cannot match.
// NOLINTBEGIN(readability-identifier-naming)
extern "C" {

NvmlReturn nvmlInit_v2() {
  if (const char* error = std::getenv("FAKE_NVML_INIT_ERROR"); error != nullptr && *error != '\0') {
    return std::atoi(error);
  }
  State& s = state();
  s.gpus.clear();
  const auto watts = split(std::getenv("FAKE_NVML_WATTS"));
  const auto names = split(std::getenv("FAKE_NVML_NAMES"));
  const std::vector<std::string> effective =
      watts.empty() ? std::vector<std::string>{"300"} : watts;
  for (std::size_t i = 0; i < effective.size(); ++i) {
    FakeGpu gpu;
    gpu.watts = std::strtod(effective[i].c_str(), nullptr);
    gpu.name = i < names.size() ? names[i] : "Fake GPU " + std::to_string(i);
    s.gpus.push_back(gpu);
  }
  s.initialised = true;
  return k_success;
}

NvmlReturn nvmlShutdown() {
  state().initialised = false;
  return k_success;
}

NvmlReturn nvmlDeviceGetCount_v2(unsigned* count) {
  if (!state().initialised) {
    return k_uninitialized;
  }
  *count = static_cast<unsigned>(state().gpus.size());
  return k_success;
}

NvmlReturn nvmlDeviceGetHandleByIndex_v2(unsigned index, void** device) {
  if (!state().initialised) {
    return k_uninitialized;
  }
  if (index >= state().gpus.size()) {
    return k_invalid_argument;
  }
  *device = &state().gpus[index];
  return k_success;
}

NvmlReturn nvmlDeviceGetName(void* device, char* name, unsigned length) {
  const FakeGpu* gpu = gpu_of(device);
  if (gpu == nullptr) {
    return k_invalid_argument;
  }
  if (gpu->name.size() + 1 > length) {
    return k_insufficient_size;
  }
  std::memcpy(name, gpu->name.c_str(), gpu->name.size() + 1);
  return k_success;
}

NvmlReturn nvmlDeviceGetPowerUsage(void* device, unsigned* milliwatts) {
  const FakeGpu* gpu = gpu_of(device);
  if (gpu == nullptr) {
    return k_invalid_argument;
  }
  *milliwatts = static_cast<unsigned>(gpu->watts * 1000.0);
  return k_success;
}

NvmlReturn nvmlDeviceGetTotalEnergyConsumption(void* device, unsigned long long* millijoules) {
  const FakeGpu* gpu = gpu_of(device);
  if (gpu == nullptr) {
    return k_invalid_argument;
  }
  if (const char* no_energy = std::getenv("FAKE_NVML_NO_ENERGY");
      no_energy != nullptr && *no_energy == '1') {
    return k_not_supported;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - state().origin).count();
  *millijoules =
      k_counter_offset_mj + static_cast<unsigned long long>(gpu->watts * seconds * 1000.0);
  return k_success;
}

const char* nvmlErrorString(NvmlReturn result) {
  switch (result) {
  case k_success:
    return "Success";
  case k_uninitialized:
    return "Uninitialized";
  case k_invalid_argument:
    return "Invalid Argument";
  case k_not_supported:
    return "Not Supported";
  default:
    return "Unknown Error";
  }
}

} // extern "C"
// NOLINTEND(readability-identifier-naming)
