#pragma once

#include <aifoot/catalog.hpp>

#include <optional>
#include <string>

namespace aifoot {

// What the headline energy total includes (DESIGN §2.1). The breakdown is always reported.
enum class Boundary {
  accelerator, // accelerator boards only (what nvidia-smi style measurements cover)
  server,      // accelerators + host (IT energy)
  facility,    // IT energy x PUE (default)
};

std::string_view to_string(Boundary boundary);
// Parses "accelerator", "server" or "facility"; throws Error(invalid_input) otherwise.
Boundary parse_boundary(std::string_view text, std::string_view field);

// Where the work runs, and what the user knows better than the catalog about it. Every field is
// optional: an absent value comes from the region, then the zone, then a documented default.
struct SiteInputs {
  std::optional<std::string> region; // "provider:region", e.g. "aws:us-east-1"
  std::optional<std::string> zone;   // grid zone id, e.g. "FR", "US-CA"
  std::optional<double> pue;
  std::optional<double> ci_gco2_per_kwh;
  std::optional<double> cfe_fraction;   // carbon-free energy share to net out (market-based view)
  bool cfe_from_region = false;         // use the region's published CFE share
  std::optional<double> wue_l_per_kwh;  // on-site water per IT kWh
  std::optional<double> ewif_l_per_kwh; // off-site water per kWh of electricity
};

// Per-device power and embodied-carbon inputs shared by training and inference.
struct DeviceInputs {
  std::optional<std::string> hardware; // hardware id or alias
  std::optional<double> avg_power_w;   // measured average power per device
  std::optional<double> power_fraction;
  std::optional<double> host_w_per_device;
  std::optional<double> lifetime_years;
  std::optional<double> embodied_kgco2e_per_device; // accelerator + host share
};

// One training run (DESIGN §2.1). Device time comes from the first route the inputs allow:
// device-hours; devices x wall time; or compute / (peak x MFU).
struct TrainingScenario {
  std::optional<std::string> model;  // preset id: gives parameters and, with `tokens`, compute
  std::optional<double> params;      // total parameters
  std::optional<double> active_params;
  std::optional<double> tokens;
  std::optional<double> flops;
  std::optional<double> seq_len;     // with a model preset, adds the attention FLOPs term
  std::optional<double> mfu;
  std::optional<Precision> precision;
  std::optional<double> devices;
  std::optional<double> device_hours;
  std::optional<double> wall_hours;
  DeviceInputs device;
  SiteInputs site;
  Boundary boundary = Boundary::facility;
};

} // namespace aifoot
