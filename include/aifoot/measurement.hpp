#pragma once

#include <aifoot/catalog.hpp>
#include <aifoot/footprint.hpp>
#include <aifoot/scenario.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace aifoot {

// What a measured energy figure covers.
enum class MeasuredKind {
  gpu,         // one accelerator board (NVML)
  cpu_package, // one CPU package: cores, caches, uncore (RAPL "package-N")
  dram,        // DRAM attached to one package (RAPL "dram")
};

// "gpu", "cpu_package" or "dram".
std::string_view to_string(MeasuredKind kind);

// The energy one power domain drew while a command ran.
struct MeasuredDevice {
  std::string id; // stable id within the run: "gpu0", "package-0", "dram-0"
  MeasuredKind kind = MeasuredKind::gpu;
  std::string name;   // what the driver calls it: "NVIDIA H100 80GB HBM3", "package-0"
  std::string method; // "nvml_energy_counter", "nvml_power_samples" or "rapl_energy_counter"
  double energy_j = 0;
  std::size_t samples = 0; // readings that went into `energy_j`
  double window_s = 0;     // time between the first and last of those readings
};

// A measurement source that could not be read, and why (shown to the user, never a silent 0 W).
struct UnavailableSource {
  std::string source; // "nvml" or "rapl"
  std::string reason; // e.g. "libnvidia-ml.so.1 not found (no NVIDIA driver)"
};

// Everything a measurement run observed: per-domain energies over `duration_s` of wall time.
struct MeasuredEnergy {
  double duration_s = 0; // wall time from the first to the last reading
  double interval_s = 0; // sampling interval asked for
  std::size_t ticks = 0; // sampling rounds, including the first and last reading
  std::vector<MeasuredDevice> devices;
  std::vector<UnavailableSource> unavailable;

  // Sum of `energy_j` over the devices of `kind`.
  double energy_j(MeasuredKind kind) const;
  // Number of devices of `kind`.
  std::size_t count(MeasuredKind kind) const;
};

// How to turn a measurement into a footprint: the site (for PUE, carbon and water, exactly as an
// estimate resolves it) and what the catalog should assume for the parts nobody measured.
struct MeasureScenario {
  SiteInputs site;
  Boundary boundary = Boundary::facility;
  // Accelerator profile for the host share and embodied carbon per GPU. When absent, the GPU
  // names NVML reports are matched against the catalog, else the catalog defaults are used.
  std::optional<std::string> hardware;
  // Power of the host parts neither NVML nor RAPL see (NIC, storage, fans, power-supply losses),
  // in W for the whole machine. When absent it is estimated from the catalog (see below).
  std::optional<double> rest_of_host_w;
  std::optional<double> lifetime_years;             // service life for embodied carbon
  std::optional<double> embodied_kgco2e_per_device; // accelerator + host share, kgCO2e
};

// The footprint of a measured run (kind "measurement"). Accelerator energy is the measured GPU
// energy; host energy is the measured RAPL CPU + DRAM energy plus an estimate of the rest of the
// host: the catalog host share per accelerator (CPU, DRAM, NIC, storage; `host_w_per_device`)
// times the measured GPUs, less the average power RAPL measured, never below 0. Without
// accelerators the catalog has no host figure, so the rest of the host is 0 unless
// `rest_of_host_w` is given. PUE, carbon and water are resolved and applied as in
// estimate_training. Every number is in the assumption trail with origin "measured:nvml",
// "measured:rapl", "unavailable:<source>" or "estimated:catalog:..." / "estimated:default:...".
// Throws Error(invalid_input) for unknown names or out-of-range values.
Footprint footprint_from_measurement(const MeasuredEnergy& measured,
                                     const MeasureScenario& scenario,
                                     const Catalog& catalog);

// The catalog accelerator a GPU name from the driver denotes ("NVIDIA H100 80GB HBM3" ->
// h100-sxm, via the alias "h100-80gb"): the name lower-cased without vendor words, spaces as
// dashes, then shortened one dash-separated word at a time until an id or alias matches.
// nullptr when nothing matches.
const Hardware* match_gpu_name(std::string_view gpu_name, const Catalog& catalog);

// When `measured` holds no device (no readable NVML or RAPL), sets every energy, carbon and water
// figure of the JSON `result` (to_json plus "measurement") to null, the embodied share excepted:
// nothing was measured, and a 0 would pass every budget. A budget on such a metric then fails
// (check_budget throws Error(invalid_input)). Does nothing when a device was measured.
void null_unmeasured(nlohmann::ordered_json& result, const MeasuredEnergy& measured);

// The "measurement" object of the JSON result: duration, samples, per-device energy and average
// power, totals by kind (measured, and the estimated rest of the host taken from `footprint`),
// and the unavailable sources with their reasons.
nlohmann::ordered_json measurement_to_json(const MeasuredEnergy& measured,
                                           const Footprint& footprint);

} // namespace aifoot
