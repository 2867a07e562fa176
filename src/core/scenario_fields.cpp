#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

namespace aifoot {
namespace {

using Setter = void (*)(TrainingScenario&, std::string_view, std::string_view);

struct TrainingField {
  FieldSpec spec;
  Setter set;
};

std::string text_value(std::string_view value, std::string_view field) {
  std::string out(value);
  out.erase(0, out.find_first_not_of(" \t"));
  out.erase(out.find_last_not_of(" \t") + 1);
  if (out.empty()) {
    throw Error(ErrorKind::invalid_input, fmt::format("empty value for {}", field));
  }
  return out;
}

double positive(double value, std::string_view field, std::string_view text) {
  if (!(value > 0.0)) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("invalid value '{}' for {}: must be greater than 0", text, field));
  }
  return value;
}

// clang-format off
const std::array<TrainingField, 26> k_training_fields{{
  {{"model", "NAME", "model preset (parameters, architecture, training tokens): see 'aifoot list models'"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.model = text_value(v, f); }},
  {{"params", "N", "total parameters, e.g. 70B"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.params = positive(parse_count(v, f), f, v); }},
  {{"active-params", "N", "parameters active per token (mixture-of-experts), e.g. 37B"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.active_params = positive(parse_count(v, f), f, v); }},
  {{"tokens", "N", "training tokens, e.g. 15T"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.tokens = positive(parse_count(v, f), f, v); }},
  {{"flops", "N", "total training compute in FLOP, e.g. 3.14e23"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.flops = positive(parse_count(v, f), f, v); }},
  {{"seq-len", "N", "sequence length: adds the attention FLOPs term (needs --model)"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.seq_len = positive(parse_count(v, f), f, v); }},
  {{"mfu", "FRACTION", "model-FLOPs utilisation, e.g. 0.4 or 40%"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.mfu = positive(parse_fraction(v, f), f, v); }},
  {{"precision", "P", "compute precision: fp32, tf32, bf16, fp16, fp8, fp4"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.precision = parse_precision(text_value(v, f), f); }},
  {{"hardware", "NAME", "accelerator: see 'aifoot list hardware'"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device.hardware = text_value(v, f); }},
  {{"devices", "N", "number of accelerators"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.devices = positive(parse_count(v, f), f, v); }},
  {{"device-hours", "N", "accelerator-hours, e.g. 3.3M"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device_hours = positive(parse_count(v, f), f, v); }},
  {{"hours", "DURATION", "wall-clock time (bare number = hours), e.g. 36h, 14.8d"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.wall_hours = positive(parse_duration_h(v, f, "h"), f, v); }},
  {{"days", "DURATION", "wall-clock time (bare number = days)"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.wall_hours = positive(parse_duration_h(v, f, "d"), f, v); }},
  {{"region", "PROVIDER:REGION", "cloud region, e.g. aws:us-east-1: implies zone, PUE and WUE"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.region = text_value(v, f); }},
  {{"zone", "ZONE", "grid zone, e.g. FR, US-CA, JP-TK: see 'aifoot list zones'"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.zone = text_value(v, f); }},
  {{"avg-power", "POWER", "measured average power per device, e.g. 330W (host not added unless --host-power)"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device.avg_power_w = positive(parse_power_w(v, f), f, v); }},
  {{"power-fraction", "FRACTION", "average board power as a fraction of TDP"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device.power_fraction = positive(parse_number(v, f), f, v); }},
  {{"host-power", "POWER", "host (CPU, memory, network) power per device, e.g. 250W"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device.host_w_per_device = parse_power_w(v, f); }},
  {{"pue", "RATIO", "power usage effectiveness of the facility, e.g. 1.1"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.pue = parse_number(v, f); }},
  {{"ci", "INTENSITY", "grid carbon intensity, e.g. 429 or 429g/kWh"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.ci_gco2_per_kwh = parse_intensity_g_per_kwh(v, f); }},
  {{"cfe", "FRACTION|region", "carbon-free energy share to net out (market-based), or 'region' for the provider's figure"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) {
     if (v == "region") { s.site.cfe_from_region = true; } else { s.site.cfe_fraction = parse_fraction(v, f); }
   }},
  {{"wue", "L/KWH", "on-site water usage effectiveness, litres per IT kWh"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.wue_l_per_kwh = parse_number(v, f); }},
  {{"ewif", "L/KWH", "off-site water intensity of electricity, litres per kWh"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.site.ewif_l_per_kwh = parse_number(v, f); }},
  {{"lifetime", "DURATION", "device service life for embodied carbon (bare number = years), e.g. 4y"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) {
     s.device.lifetime_years = positive(parse_duration_h(v, f, "y"), f, v) / k_hours_per_year;
   }},
  {{"embodied", "KGCO2E", "embodied carbon per device incl. host share, kgCO2e"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.device.embodied_kgco2e_per_device = parse_number(v, f); }},
  {{"boundary", "B", "what the headline total includes: accelerator, server or facility"},
   [](TrainingScenario& s, std::string_view v, std::string_view f) { s.boundary = parse_boundary(text_value(v, f), f); }},
}};
// clang-format on

std::array<FieldSpec, k_training_fields.size()> make_specs() {
  std::array<FieldSpec, k_training_fields.size()> specs{};
  std::transform(k_training_fields.begin(), k_training_fields.end(), specs.begin(), [](const auto& f) {
    return f.spec;
  });
  return specs;
}

const std::array<FieldSpec, k_training_fields.size()> k_training_specs = make_specs();

} // namespace

std::span<const FieldSpec> training_field_specs() {
  return k_training_specs;
}

void set_training_field(TrainingScenario& scenario, std::string_view name, std::string_view value) {
  for (const auto& field : k_training_fields) {
    if (field.spec.name == name) {
      field.set(scenario, value, field.spec.name);
      return;
    }
  }
  std::vector<std::string> names;
  for (const auto& field : k_training_fields) {
    names.emplace_back(field.spec.name);
  }
  const auto matches = closest_matches(name, names, 1);
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown field '{}'", name),
              matches.empty() ? "see 'aifoot train --help' for the fields"
                              : fmt::format("did you mean '{}'?", matches.front()));
}

TrainingScenario training_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  TrainingScenario scenario;
  for (const auto& [name, value] : fields) {
    set_training_field(scenario, name, value);
  }
  return scenario;
}

} // namespace aifoot
