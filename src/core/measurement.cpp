#include "site.hpp"

#include <aifoot/error.hpp>
#include <aifoot/measurement.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace aifoot {

using detail::catalog_origin;
using detail::require_range;

namespace {

constexpr const char* k_origin_nvml = "measured:nvml";
constexpr const char* k_origin_rapl = "measured:rapl";

void add(Footprint& footprint, Assumption assumption) {
  footprint.assumptions.push_back(std::move(assumption));
}

const UnavailableSource* find_unavailable(const MeasuredEnergy& measured, std::string_view source) {
  for (const auto& entry : measured.unavailable) {
    if (entry.source == source) {
      return &entry;
    }
  }
  return nullptr;
}

std::string unavailable_reason(const MeasuredEnergy& measured,
                               std::string_view source,
                               std::string_view fallback) {
  const UnavailableSource* entry = find_unavailable(measured, source);
  return entry ? entry->reason : std::string(fallback);
}

// The accelerator profile that sets the host share and embodied carbon: the user's, else the one
// every measured GPU name matches.
const Hardware* resolve_hardware(const MeasuredEnergy& measured,
                                 const MeasureScenario& scenario,
                                 const Catalog& catalog,
                                 Footprint& footprint) {
  if (scenario.hardware) {
    const Hardware& hw = catalog.require_hardware(*scenario.hardware);
    add(footprint, {"hardware", 0, hw.id, "", "user", hw.sources, hw.name});
    return &hw;
  }
  const Hardware* common = nullptr;
  std::string unmatched;
  for (const auto& device : measured.devices) {
    if (device.kind != MeasuredKind::gpu) {
      continue;
    }
    const Hardware* hw = match_gpu_name(device.name, catalog);
    if (hw == nullptr || (common != nullptr && common != hw)) {
      unmatched = device.name;
      break;
    }
    common = hw;
  }
  if (!unmatched.empty()) {
    footprint.notes.push_back(fmt::format(
        "GPU '{}' matches no single catalog profile: catalog defaults are used for the host share "
        "and embodied carbon; give --hardware ID",
        unmatched));
    return nullptr;
  }
  if (common != nullptr) {
    add(footprint,
        {"hardware",
         0,
         common->id,
         "",
         catalog_origin("hardware", common->id),
         common->sources,
         fmt::format("matched from the GPU name NVML reports ({})", common->name)});
  }
  return common;
}

// Power of the host parts that neither NVML nor RAPL measured, W for the whole machine.
double rest_of_host_w(const MeasuredEnergy& measured,
                      const MeasureScenario& scenario,
                      const Hardware* hw,
                      const Catalog& catalog,
                      Footprint& footprint) {
  if (scenario.rest_of_host_w) {
    require_range(*scenario.rest_of_host_w, "host-rest-power");
    add(footprint,
        {"rest_of_host_power",
         *scenario.rest_of_host_w,
         "",
         "W",
         "user",
         {},
         "host parts not measured (NIC, storage, fans, power-supply losses)"});
    return *scenario.rest_of_host_w;
  }
  const std::size_t gpus = measured.count(MeasuredKind::gpu);
  if (gpus == 0) {
    add(footprint,
        {"rest_of_host_power",
         0,
         "",
         "W",
         "default:no accelerators measured",
         {},
         "the catalog's host figures are per accelerator; give --host-rest-power W to add the "
         "unmeasured parts of this machine"});
    return 0;
  }
  double per_device_w = 0;
  std::string origin;
  std::vector<std::string> sources;
  if (hw != nullptr && hw->host_w_per_device) {
    per_device_w = *hw->host_w_per_device;
    origin = fmt::format("estimated:{}", catalog_origin("hardware", hw->id));
    sources = hw->sources;
  } else {
    const Default& fallback = catalog.require_default("host_w_per_device");
    per_device_w = fallback.value;
    origin = fmt::format("estimated:default:{}", fallback.why);
    sources = fallback.sources;
  }
  const double host_share_w = per_device_w * static_cast<double>(gpus);
  const double rapl_j =
      measured.energy_j(MeasuredKind::cpu_package) + measured.energy_j(MeasuredKind::dram);
  const double rapl_w = measured.duration_s > 0 ? rapl_j / measured.duration_s : 0.0;
  // The catalog host share covers CPU, DRAM, NIC and storage per accelerator (docs/design.md §2.1);
  // what RAPL measured replaces its CPU and DRAM part, the rest stays an estimate.
  const double rest_w = std::max(0.0, host_share_w - rapl_w);
  std::string note;
  if (rapl_j > 0) {
    note = fmt::format("catalog host share {} x {:.0f} W less the {:.1f} W RAPL measured{}",
                       gpus,
                       per_device_w,
                       rapl_w,
                       rest_w == 0 ? " (RAPL measured more than the share: taken as 0)" : "");
  } else {
    note = fmt::format(
        "catalog host share {} x {:.0f} W (CPU and DRAM not measured)", gpus, per_device_w);
  }
  add(footprint, {"rest_of_host_power", rest_w, "", "W", origin, sources, note});
  return rest_w;
}

// Embodied carbon per accelerator (board + host share), as estimate_training allocates it.
double embodied_kg_per_device(const MeasureScenario& scenario,
                              const Hardware* hw,
                              const Catalog& catalog,
                              Footprint& footprint) {
  if (scenario.embodied_kgco2e_per_device) {
    require_range(*scenario.embodied_kgco2e_per_device, "embodied");
    add(footprint,
        {"embodied_per_device",
         *scenario.embodied_kgco2e_per_device,
         "",
         "kgCO2e",
         "user",
         {},
         ""});
    return *scenario.embodied_kgco2e_per_device;
  }
  const Default* fallback = nullptr;
  double accelerator_kg = 0;
  std::string origin;
  std::vector<std::string> sources;
  if (hw != nullptr && hw->embodied_kgco2e) {
    accelerator_kg = *hw->embodied_kgco2e;
    origin = catalog_origin("hardware", hw->id);
    sources = hw->sources;
  } else {
    fallback = &catalog.require_default("embodied_kgco2e_per_accelerator");
    accelerator_kg = fallback->value;
    origin = fmt::format("default:{}", fallback->why);
    sources = fallback->sources;
  }
  const double host_kg = hw != nullptr && hw->host_embodied_kgco2e_per_device
                             ? *hw->host_embodied_kgco2e_per_device
                             : catalog.require_default("host_embodied_kgco2e_per_device").value;
  const double total_kg = accelerator_kg + host_kg;
  add(footprint,
      {"embodied_per_device",
       total_kg,
       "",
       "kgCO2e",
       origin,
       sources,
       fmt::format("accelerator {:.0f} kg + host share {:.0f} kg", accelerator_kg, host_kg)});
  return total_kg;
}

// Service life over which embodied carbon is amortised, hours.
double lifetime_h(const MeasureScenario& scenario, const Catalog& catalog, Footprint& footprint) {
  if (scenario.lifetime_years) {
    require_range(*scenario.lifetime_years, "lifetime");
    add(footprint, {"lifetime", *scenario.lifetime_years, "", "years", "user", {}, ""});
    return *scenario.lifetime_years * k_hours_per_year;
  }
  const Default& lifetime = catalog.require_default("lifetime_years");
  add(footprint,
      {"lifetime",
       lifetime.value,
       "",
       "years",
       fmt::format("default:{}", lifetime.why),
       lifetime.sources,
       ""});
  return lifetime.value * k_hours_per_year;
}

void add_measured_energies(const MeasuredEnergy& measured, Footprint& footprint) {
  const std::size_t gpus = measured.count(MeasuredKind::gpu);
  if (gpus > 0) {
    std::vector<std::string> methods;
    for (const auto& device : measured.devices) {
      if (device.kind == MeasuredKind::gpu) {
        methods.push_back(fmt::format("{} {} ({})", device.id, device.name, device.method));
      }
    }
    add(footprint,
        {"gpu_energy",
         measured.energy_j(MeasuredKind::gpu) / k_joules_per_kwh,
         "",
         "kWh",
         k_origin_nvml,
         {},
         fmt::format("{} GPU(s): {}", gpus, fmt::join(methods, ", "))});
  } else {
    add(footprint,
        {"gpu_energy",
         0,
         "",
         "kWh",
         "unavailable:nvml",
         {},
         fmt::format("not measured: {}",
                     unavailable_reason(measured, "nvml", "no GPU was measured"))});
  }
  const std::size_t packages = measured.count(MeasuredKind::cpu_package);
  if (packages > 0) {
    add(footprint,
        {"cpu_energy",
         measured.energy_j(MeasuredKind::cpu_package) / k_joules_per_kwh,
         "",
         "kWh",
         k_origin_rapl,
         {},
         fmt::format("{} CPU package(s), RAPL energy counters", packages)});
    if (measured.count(MeasuredKind::dram) > 0) {
      add(footprint,
          {"dram_energy",
           measured.energy_j(MeasuredKind::dram) / k_joules_per_kwh,
           "",
           "kWh",
           k_origin_rapl,
           {},
           "RAPL DRAM domain"});
    } else {
      add(footprint,
          {"dram_energy",
           0,
           "",
           "kWh",
           "unavailable:rapl",
           {},
           "not measured: this machine's RAPL has no DRAM domain (common on AMD and client CPUs)"});
    }
  } else {
    const std::string reason = fmt::format(
        "not measured: {}", unavailable_reason(measured, "rapl", "no RAPL domain was measured"));
    add(footprint, {"cpu_energy", 0, "", "kWh", "unavailable:rapl", {}, reason});
    add(footprint, {"dram_energy", 0, "", "kWh", "unavailable:rapl", {}, reason});
  }
}

} // namespace

std::string_view to_string(MeasuredKind kind) {
  switch (kind) {
  case MeasuredKind::gpu:
    return "gpu";
  case MeasuredKind::cpu_package:
    return "cpu_package";
  case MeasuredKind::dram:
    return "dram";
  }
  return "gpu";
}

double MeasuredEnergy::energy_j(MeasuredKind kind) const {
  double total = 0;
  for (const auto& device : devices) {
    if (device.kind == kind) {
      total += device.energy_j;
    }
  }
  return total;
}

std::size_t MeasuredEnergy::count(MeasuredKind kind) const {
  return static_cast<std::size_t>(std::count_if(
      devices.begin(), devices.end(), [kind](const MeasuredDevice& d) { return d.kind == kind; }));
}

const Hardware* match_gpu_name(std::string_view gpu_name, const Catalog& catalog) {
  std::string name;
  for (const char c : gpu_name) {
    name.push_back(c == ' ' || c == '_'
                       ? '-'
                       : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (const std::string_view vendor : {"nvidia-", "tesla-", "amd-"}) {
    if (name.starts_with(vendor)) {
      name.erase(0, vendor.size());
    }
  }
  while (!name.empty()) {
    if (const Hardware* hw = catalog.find_hardware(name)) {
      return hw;
    }
    const auto dash = name.rfind('-');
    if (dash == std::string::npos) {
      break;
    }
    name.erase(dash);
  }
  return nullptr;
}

Footprint footprint_from_measurement(const MeasuredEnergy& measured,
                                     const MeasureScenario& scenario,
                                     const Catalog& catalog) {
  if (!(measured.duration_s >= 0)) {
    throw Error(ErrorKind::internal, "measured duration is negative");
  }
  Footprint footprint;
  footprint.kind = "measurement";
  footprint.boundary = scenario.boundary;
  footprint.compute.route = "measured";

  const double duration_h = measured.duration_s / k_seconds_per_hour;
  add(footprint,
      {"duration",
       measured.duration_s,
       "",
       "s",
       "measured:clock",
       {},
       fmt::format("{} sampling rounds, every {} s", measured.ticks, measured.interval_s)});
  add_measured_energies(measured, footprint);

  const Hardware* hw = resolve_hardware(measured, scenario, catalog, footprint);
  const double rest_w = rest_of_host_w(measured, scenario, hw, catalog, footprint);
  const double rest_kwh = rest_w * duration_h / k_wh_per_kwh;
  add(footprint,
      {"rest_of_host_energy", rest_kwh, "", "kWh", "derived", {}, "rest-of-host power x duration"});

  const double rapl_j =
      measured.energy_j(MeasuredKind::cpu_package) + measured.energy_j(MeasuredKind::dram);
  footprint.energy.accelerators_kwh = measured.energy_j(MeasuredKind::gpu) / k_joules_per_kwh;
  footprint.energy.host_kwh = rapl_j / k_joules_per_kwh + rest_kwh;

  const std::size_t gpus = measured.count(MeasuredKind::gpu);
  footprint.time.wall_hours = duration_h;
  if (gpus > 0) {
    footprint.time.devices = static_cast<double>(gpus);
    footprint.time.device_hours = static_cast<double>(gpus) * duration_h;
  }

  if (measured.devices.empty()) {
    std::vector<std::string> reasons;
    for (const auto& entry : measured.unavailable) {
      reasons.push_back(fmt::format("{}: {}", entry.source, entry.reason));
    }
    footprint.notes.push_back(
        fmt::format("nothing could be measured{}{}: the measured energy is unknown, not 0",
                    reasons.empty() ? "" : " (",
                    reasons.empty() ? "" : fmt::format("{})", fmt::join(reasons, "; "))));
  } else {
    for (const auto& entry : measured.unavailable) {
      footprint.notes.push_back(fmt::format("{} not measured: {}", entry.source, entry.reason));
    }
  }

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  // Embodied carbon: the run's share of the measured accelerators' service life (docs/design.md
  // §2.3).
  double embodied_kg = 0;
  if (gpus > 0) {
    const double per_device_kg = embodied_kg_per_device(scenario, hw, catalog, footprint);
    embodied_kg =
        footprint.time.device_hours * per_device_kg / lifetime_h(scenario, catalog, footprint);
  } else {
    add(footprint,
        {"embodied_per_device",
         0,
         "",
         "kgCO2e",
         "default:no accelerators measured",
         {},
         "embodied carbon is allocated per accelerator; none was measured"});
  }
  detail::complete_footprint(footprint, site, embodied_kg);
  return footprint;
}

namespace {

// Sets the numbers in `node` to null, recursively, except those under an "embodied" key.
void null_numbers(nlohmann::ordered_json& node) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (node.is_object() && it.key().find("embodied") != std::string::npos) {
      continue;
    }
    if (it->is_number()) {
      *it = nullptr;
    } else if (it->is_structured()) {
      null_numbers(*it);
    }
  }
}

} // namespace

void null_unmeasured(nlohmann::ordered_json& result, const MeasuredEnergy& measured) {
  if (!measured.devices.empty()) {
    return;
  }
  for (const char* key :
       {"energy_kwh", "co2e_kg", "water_l", "per_request", "per_million_tokens"}) {
    if (const auto it = result.find(key); it != result.end()) {
      null_numbers(*it);
    }
  }
  if (const auto it = result.find("measurement");
      it != result.end() && it->contains("energy_kwh")) {
    null_numbers((*it)["energy_kwh"]);
  }
}

nlohmann::ordered_json measurement_to_json(const MeasuredEnergy& measured,
                                           const Footprint& footprint) {
  using nlohmann::ordered_json;
  ordered_json out;
  out["duration_s"] = measured.duration_s;
  out["interval_s"] = measured.interval_s;
  out["samples"] = measured.ticks;
  ordered_json sources = ordered_json::array();
  if (measured.count(MeasuredKind::gpu) > 0) {
    sources.push_back("nvml");
  }
  if (measured.count(MeasuredKind::cpu_package) + measured.count(MeasuredKind::dram) > 0) {
    sources.push_back("rapl");
  }
  out["measured"] = std::move(sources);
  ordered_json devices = ordered_json::array();
  for (const auto& device : measured.devices) {
    ordered_json d;
    d["id"] = device.id;
    d["kind"] = std::string(to_string(device.kind));
    d["name"] = device.name;
    d["method"] = device.method;
    d["energy_j"] = device.energy_j;
    d["energy_kwh"] = device.energy_j / k_joules_per_kwh;
    // Over the span the device's own readings cover: the run's duration adds the moments between
    // reading this device and the others.
    const double window_s = device.window_s > 0 ? device.window_s : measured.duration_s;
    d["average_power_w"] = window_s > 0 ? device.energy_j / window_s : 0.0;
    d["samples"] = device.samples;
    devices.push_back(std::move(d));
  }
  out["devices"] = std::move(devices);
  const Assumption* rest = find_assumption(footprint, "rest_of_host_energy");
  out["energy_kwh"] = {{"gpu", measured.energy_j(MeasuredKind::gpu) / k_joules_per_kwh},
                       {"cpu", measured.energy_j(MeasuredKind::cpu_package) / k_joules_per_kwh},
                       {"dram", measured.energy_j(MeasuredKind::dram) / k_joules_per_kwh},
                       {"rest_of_host_estimated", rest != nullptr ? rest->value : 0.0}};
  ordered_json unavailable = ordered_json::array();
  for (const auto& entry : measured.unavailable) {
    unavailable.push_back({{"source", entry.source}, {"reason", entry.reason}});
  }
  out["unavailable"] = std::move(unavailable);
  return out;
}

} // namespace aifoot
