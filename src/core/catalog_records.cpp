#include "catalog_records.hpp"

#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>

namespace aifoot {

namespace {

constexpr std::array<std::pair<Precision, std::string_view>, 9> k_precision_names{{
    {Precision::fp64, "fp64"},
    {Precision::fp32, "fp32"},
    {Precision::tf32, "tf32"},
    {Precision::bf16, "bf16"},
    {Precision::fp16, "fp16"},
    {Precision::fp8, "fp8"},
    {Precision::int8, "int8"},
    {Precision::int4, "int4"},
    {Precision::fp4, "fp4"},
}};

} // namespace

std::string_view to_string(Precision precision) {
  for (const auto& [value, name] : k_precision_names) {
    if (value == precision) {
      return name;
    }
  }
  return "unknown";
}

Precision parse_precision(std::string_view text, std::string_view field) {
  const auto name = detail::lower(text);
  for (const auto& [value, known] : k_precision_names) {
    if (known == name) {
      return value;
    }
  }
  if (name == "bfloat16") {
    return Precision::bf16;
  }
  if (name == "float16" || name == "half") {
    return Precision::fp16;
  }
  if (name == "float32") {
    return Precision::fp32;
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown precision '{}' for {}", text, field),
              "use fp32, tf32, bf16, fp16, fp8, int8, int4 or fp4");
}

double bytes_per_value(Precision precision) {
  switch (precision) {
  case Precision::fp64:
    return 8.0;
  case Precision::fp32:
  case Precision::tf32:
    return 4.0;
  case Precision::bf16:
  case Precision::fp16:
    return 2.0;
  case Precision::fp8:
  case Precision::int8:
    return 1.0;
  case Precision::int4:
  case Precision::fp4:
    return 0.5;
  }
  return 2.0;
}

namespace detail {

namespace {

// One field of a grid basis: `text` must be one of `names` (the enum's values in order).
template <class Enum, std::size_t N>
Enum read_basis_field(const RecordReader& r,
                      const std::string& field,
                      const std::array<std::string_view, N>& names) {
  const std::string text = r.string(field);
  for (std::size_t i = 0; i < N; ++i) {
    if (text == names[i]) {
      return static_cast<Enum>(i);
    }
  }
  r.fail(field, fmt::format("must be one of {} (got '{}')", fmt::join(names, ", "), text));
}

// The basis of a grid factor: every factor states scope, allocation, gases, data year and dataset
// (fields `prefix`emissions, `prefix`allocation, ...), so that a comparison can tell them apart.
GridBasis read_grid_basis(const RecordReader& r, const std::string& prefix) {
  GridBasis basis;
  basis.scope = read_basis_field<EmissionScope>(
      r, prefix + "emissions", std::array<std::string_view, 2>{"lifecycle", "direct"});
  basis.allocation = read_basis_field<GridAllocation>(
      r,
      prefix + "allocation",
      std::array<std::string_view, 3>{"consumption", "production", "unstated"});
  basis.gases = read_basis_field<GreenhouseGases>(
      r, prefix + "gases", std::array<std::string_view, 2>{"co2e", "co2"});
  const auto year = r.optional_int(prefix + "year");
  if (!year || *year < 1990 || *year > 2100) {
    r.fail(prefix + "year", "must give the data year of the factor, e.g. 2024");
  }
  basis.year = *year;
  basis.dataset = r.string(prefix + "dataset");
  if (basis.dataset.empty()) {
    r.fail(prefix + "dataset", "must name the dataset, e.g. \"ember\"");
  }
  return basis;
}

// The bounds-table entry a default is checked against: the field it stands in for, or the kind
// of quantity an infer_* model constant is; empty for an id this table does not know (such a
// default is only required to be a finite non-negative number).
std::string_view default_quantity(std::string_view id) {
  static constexpr auto k_quantities =
      std::to_array<std::pair<std::string_view, std::string_view>>({
          {"lifetime_years", "lifetime"},
          {"train_power_fraction", "power-fraction"},
          {"train_mfu", "mfu"},
          {"host_w_per_device", "host-power"},
          {"embodied_kgco2e_per_accelerator", "embodied"},
          {"host_embodied_kgco2e_per_device", "embodied"},
          {"infer_bw_efficiency", "efficiency"},
          {"infer_mfu_decode", "efficiency"},
          {"infer_mfu_prefill", "efficiency"},
          {"infer_power_floor", "efficiency"},
          {"infer_power_slope", "efficiency"},
          {"infer_low_precision_efficiency", "efficiency"},
          {"infer_memory_fraction", "efficiency"},
          {"infer_tp_layer_us", "step_us"},
          {"infer_ep_layer_us", "step_us"},
          {"infer_seq_us", "step_us"},
          {"infer_step_ms", "step_ms"},
          {"infer_input_tokens", "tokens_per_request"},
          {"infer_batch", "sequences"},
      });
  for (const auto& [default_id, quantity] : k_quantities) {
    if (default_id == id) {
      return quantity;
    }
  }
  return {};
}

// "peak_tflops": {"bf16": 989.5, ...} as FLOP/s per precision; each precision name known, each
// value positive and within the bounds table.
std::map<Precision, double> read_peak_flop_per_s(const RecordReader& r) {
  std::map<Precision, double> out;
  for (const auto& [key, value] :
       r.number_members("peak_tflops", "must be an object of precision: TFLOP/s")) {
    const auto name = lower(key);
    const auto match = std::find_if(k_precision_names.begin(),
                                    k_precision_names.end(),
                                    [&](const auto& entry) { return entry.second == name; });
    if (match == k_precision_names.end()) {
      r.fail("peak_tflops", fmt::format("has unknown precision '{}'", key));
    }
    if (!value || !(*value > 0.0)) {
      r.fail("peak_tflops", fmt::format("'{}' must be a positive number", key));
    }
    r.check_bounds("peak_tflops." + key, *value, "peak_tflops");
    out[match->first] = *value * 1e12;
  }
  return out;
}

// Off-site water records (ewif_*.json) take precedence over a zone's own derived value.
void apply_ewif(Zone& zone, ValueRef document, const std::string& file, std::size_t index) {
  const RecordReader r(document, file, index);
  zone.ewif_l_per_kwh = r.number("ewif_l_per_kwh");
  zone.ewif_sources = r.sources();
  zone.ewif_origin = fmt::format("{} ({})", file, r.optional_int("year").value_or(0));
}

} // namespace

Hardware RecordTraits<Hardware>::read(const RecordReader& r, const std::string& /*file*/) {
  Hardware h;
  h.id = r.string("id");
  h.aliases = r.strings("aliases");
  h.vendor = r.string_or("vendor", "");
  h.name = r.string_or("name", h.id);
  h.kind = r.string_or("kind", "gpu");
  h.year = r.optional_int("year").value_or(0);
  h.tdp_w = r.number("tdp_w");
  r.check_bounds("tdp_w", h.tdp_w, "tdp_w");
  h.idle_w = r.bounded_number("idle_w", "idle_w");
  if (h.idle_w && *h.idle_w > h.tdp_w) {
    r.fail("idle_w", fmt::format("must not exceed tdp_w ({} W)", h.tdp_w));
  }
  h.memory_gb = r.bounded_number("memory_gb", "memory_gb");
  h.mem_bw_gb_s = r.bounded_number("mem_bw_gb_s", "mem_bw_gb_s");
  h.scaleup_gb_s = r.optional_number("scaleup_gb_s");
  h.scaleout_gb_s = r.optional_number("scaleout_gb_s");
  h.scaleup_domain = r.optional_int("scaleup_domain");
  h.peak_flop_per_s = read_peak_flop_per_s(r);
  h.train_mfu = r.bounded_number("train_mfu", "mfu");
  h.train_power_fraction = r.bounded_number("train_power_fraction", "power-fraction");
  h.host_w_per_device = r.bounded_number("host_w_per_device", "host-power");
  h.embodied_kgco2e = r.bounded_number("embodied_kgco2e", "embodied");
  h.host_embodied_kgco2e_per_device =
      r.bounded_number("host_embodied_kgco2e_per_device", "embodied");
  h.confidence = r.string_or("confidence", "medium");
  h.low_confidence_fields = r.strings("low_confidence_fields");
  h.notes = r.string_or("notes", "");
  h.sources = r.sources();
  if (!(h.tdp_w > 0.0)) {
    r.fail("tdp_w", "must be positive");
  }
  if (h.train_mfu && (*h.train_mfu <= 0.0 || *h.train_mfu > 1.0)) {
    r.fail("train_mfu", "must be in (0, 1]");
  }
  for (const auto& [field, value] :
       {std::pair{"scaleup_gb_s", h.scaleup_gb_s}, std::pair{"scaleout_gb_s", h.scaleout_gb_s}}) {
    if (value && !(*value > 0.0)) {
      r.fail(field, "must be positive");
    }
  }
  if (h.scaleup_domain && *h.scaleup_domain < 1) {
    r.fail("scaleup_domain", "must be at least 1");
  }
  return h;
}

Zone RecordTraits<Zone>::read(const RecordReader& r, const std::string& file) {
  Zone z;
  z.id = r.string("id");
  z.name = r.string_or("name", z.id);
  z.country = r.string_or("country", "");
  z.gco2_per_kwh = r.number("gco2_per_kwh");
  r.check_bounds("gco2_per_kwh", z.gco2_per_kwh, "ci");
  z.basis = read_grid_basis(r, "");
  z.ewif_l_per_kwh = r.bounded_number("ewif_l_per_kwh", "ewif");
  z.ewif_origin = r.string_or("ewif_origin", "");
  if (z.ewif_l_per_kwh) {
    z.ewif_sources = r.strings("ewif_sources");
  }
  z.notes = r.string_or("notes", "");
  z.sources = r.sources();
  if (z.ewif_l_per_kwh && z.ewif_sources.empty()) {
    z.ewif_sources = z.sources;
  }
  z.file = file;
  return z;
}

void RecordTraits<Zone>::complete_record(Zone& zone) {
  if (const auto* ewif = find_embedded("ewif", zone.id)) {
    apply_ewif(
        zone, embedded_record(*ewif), std::string(embedded_files()[ewif->file].name), ewif->record);
  }
}

void RecordTraits<Zone>::complete_table(Indexed<Zone>& zones, const std::vector<DataSlot>& slots) {
  for_each_record(
      slots, "ewif", [&](ValueRef document, const std::string& file, std::size_t i, bool) {
        const RecordReader r(document, file, i);
        const auto zone_id = r.string("zone");
        const auto it = zones.by_name.find(lower(zone_id));
        if (it == zones.by_name.end()) {
          r.fail("zone", fmt::format("'{}' is not a known zone", zone_id));
        }
        apply_ewif(zones.records[it->second], document, file, i);
      });
}

Provider RecordTraits<Provider>::read(const RecordReader& r, const std::string& /*file*/) {
  Provider p;
  p.id = r.string("id");
  p.name = r.string_or("name", p.id);
  p.pue = r.bounded_number("pue", "pue"); // at least 1.0: the bounds table's minimum
  p.wue_l_per_kwh = r.bounded_number("wue_l_per_kwh", "wue");
  p.year = r.optional_int("year").value_or(0);
  p.notes = r.string_or("notes", "");
  p.sources = r.sources();
  return p;
}

Region RecordTraits<Region>::read(const RecordReader& r, const std::string& /*file*/) {
  Region g;
  g.id = r.string("id");
  g.aliases = r.strings("aliases");
  g.provider = r.string("provider");
  g.name = r.string_or("name", g.id);
  g.zone = r.string("zone");
  g.pue = r.bounded_number("pue", "pue");
  g.wue_l_per_kwh = r.bounded_number("wue_l_per_kwh", "wue");
  g.gco2_per_kwh = r.bounded_number("gco2_per_kwh", "ci");
  if (g.gco2_per_kwh) {
    g.gco2_basis = read_grid_basis(r, "gco2_");
  }
  g.cfe_fraction = r.bounded_number("cfe_fraction", "cfe");
  g.notes = r.string_or("notes", "");
  g.sources = r.sources();
  return g;
}

Model RecordTraits<Model>::read(const RecordReader& r, const std::string& /*file*/) {
  Model m;
  m.id = r.string("id");
  m.aliases = r.strings("aliases");
  m.family = r.string_or("family", "");
  m.estimate = r.boolean_or("estimate", false);
  m.params_total_low = r.optional_number("params_total_low");
  m.params_total_high = r.optional_number("params_total_high");
  // Closed models carry third-party estimates: the middle of the range stands in for the size, and
  // a model nobody has estimated has none (the user must give --params).
  if (const auto total = r.bounded_number("params_total", "params")) {
    m.params_total = *total;
  } else if (m.estimate) {
    if (m.params_total_low && m.params_total_high) {
      m.params_total = (*m.params_total_low + *m.params_total_high) / 2.0;
    }
  } else {
    r.fail("params_total", "is missing");
  }
  m.params_active = r.bounded_number("params_active", "params").value_or(m.params_total);
  m.layers = r.optional_int("layers");
  m.d_model = r.optional_int("d_model");
  m.heads = r.optional_int("heads");
  m.kv_heads = r.optional_int("kv_heads");
  m.head_dim = r.optional_int("head_dim");
  m.kv_latent_dim = r.optional_int("kv_latent_dim");
  m.sliding_window = r.optional_number("sliding_window");
  m.sliding_window_share =
      r.optional_number("sliding_window_share").value_or(m.sliding_window ? 1.0 : 0.0);
  if (m.sliding_window_share > 1.0) {
    r.fail("sliding_window_share", "must be between 0 and 1");
  }
  if (const auto precision = r.optional_string("release_precision")) {
    try {
      m.release_precision = parse_precision(*precision, "release_precision");
    } catch (const Error& e) {
      r.fail("release_precision", e.what());
    }
  }
  m.experts_total = r.optional_int("experts_total");
  m.experts_active = r.optional_int("experts_active");
  m.experts_shared = r.optional_int("experts_shared");
  m.context_tokens = r.bounded_number("context_tokens", "context_tokens");
  m.training_tokens = r.bounded_number("training_tokens", "tokens");
  m.open_weights = r.boolean_or("open_weights", true);
  m.year = r.optional_int("year").value_or(0);
  m.notes = r.string_or("notes", "");
  m.sources = r.sources();
  if (!(m.params_total > 0.0) && !m.estimate) {
    r.fail("params_total", "must be positive");
  }
  if (m.params_active > m.params_total && m.params_total > 0.0) {
    r.fail("params_active", "must not exceed params_total");
  }
  if (!m.head_dim && m.d_model && m.heads && *m.heads > 0) {
    m.head_dim = *m.d_model / *m.heads;
  }
  return m;
}

Source RecordTraits<Source>::read(const RecordReader& r, const std::string& /*file*/) {
  Source s;
  s.id = r.string("id");
  s.citation = r.string("citation");
  s.url = r.string_or("url", "");
  s.vintage = r.string_or("vintage", "");
  s.licence = r.string_or("licence", "");
  return s;
}

Default RecordTraits<Default>::read(const RecordReader& r, const std::string& /*file*/) {
  Default d;
  d.id = r.string("id");
  d.value = r.number("value");
  if (const std::string_view quantity = default_quantity(d.id); !quantity.empty()) {
    r.check_bounds("value", d.value, quantity);
  }
  d.unit = r.string_or("unit", "");
  d.why = r.string("why");
  d.sources = r.sources();
  return d;
}

UncertaintyRange RecordTraits<UncertaintyRange>::read(const RecordReader& r,
                                                      const std::string& /*file*/) {
  UncertaintyRange u;
  u.id = r.string("id");
  const std::string factor = r.string("factor");
  const auto parsed = parse_factor(factor);
  if (!parsed) {
    r.fail("factor",
           fmt::format("names no uncertain factor ('{}'): use one of {}", factor, factor_names()));
  }
  u.factor = *parsed;
  u.origin = r.string_or("origin", "");
  u.low = r.number("low");
  u.high = r.number("high");
  u.why = r.string("why");
  u.sources = r.sources();
  if (!(u.low > 0.0) || u.low > 1.0 || u.high < 1.0) {
    r.fail("low", "and high must bracket 1 (low in (0, 1], high >= 1)");
  }
  return u;
}

// A diffusion preset; the geometry must be usable as divisors and the counts as multipliers, so a
// malformed table fails at load, not as a NaN in an estimate.
DiffusionModel RecordTraits<DiffusionModel>::read(const RecordReader& r,
                                                  const std::string& /*file*/) {
  DiffusionModel m;
  m.id = r.string("id");
  m.aliases = r.strings("aliases");
  m.name = r.string_or("name", m.id);
  m.kind = r.string("kind");
  if (m.kind != "image" && m.kind != "video") {
    r.fail("kind", "must be image or video");
  }
  m.denoiser = r.string_or("denoiser", "dit");
  m.params = r.number("params");
  m.flop_share = r.optional_number("flop_share").value_or(1.0);
  m.layers = r.optional_int("layers").value_or(0);
  m.hidden = r.optional_int("hidden").value_or(0);
  const std::string attention = r.string_or("attention", "full");
  if (attention != "full" && attention != "linear") {
    r.fail("attention", "must be full or linear");
  }
  m.linear_attention = attention == "linear";
  m.vae_spatial = r.optional_int("vae_spatial").value_or(8);
  m.vae_temporal = r.optional_int("vae_temporal").value_or(1);
  m.patch = r.optional_int("patch").value_or(1);
  m.patch_temporal = r.optional_int("patch_temporal").value_or(1);
  m.joint_text_tokens = r.optional_number("joint_text_tokens").value_or(0.0);
  m.cross_text_tokens = r.optional_number("cross_text_tokens").value_or(0.0);
  m.cfg_passes = r.optional_int("cfg_passes").value_or(1);
  m.text_encoder_params = r.optional_number("text_encoder_params").value_or(0.0);
  m.text_tokens = r.optional_number("text_tokens").value_or(0.0);
  m.width_px = r.number("width");
  m.height_px = r.number("height");
  m.frames = r.optional_number("frames").value_or(1.0);
  m.steps = r.number("steps");
  m.efficiency = r.optional_number("efficiency");
  m.year = r.optional_int("year").value_or(0);
  m.notes = r.string_or("notes", "");
  m.sources = r.sources();
  if (!(m.params >= 1e6) || m.params > 1e13) {
    r.fail("params", "must be between 1e6 and 1e13");
  }
  if (!(m.flop_share > 0.0) || m.flop_share > 1.0) {
    r.fail("flop_share", "must be in (0, 1]");
  }
  for (const auto& [field, value] : {std::pair{"vae_spatial", m.vae_spatial},
                                     std::pair{"vae_temporal", m.vae_temporal},
                                     std::pair{"patch", m.patch},
                                     std::pair{"patch_temporal", m.patch_temporal}}) {
    if (value < 1 || value > 64) {
      r.fail(field, "must be a whole number from 1 to 64");
    }
  }
  if (m.cfg_passes < 1 || m.cfg_passes > 4) {
    r.fail("cfg_passes", "must be 1 (no guidance or guidance-distilled) to 4");
  }
  if (m.layers > 10000 || m.hidden > 1000000) {
    r.fail("layers", "and hidden are out of range");
  }
  // Bounds that keep squared sequence lengths and products of counts finite for any input.
  for (const auto& [field, value] : {std::pair{"joint_text_tokens", m.joint_text_tokens},
                                     std::pair{"cross_text_tokens", m.cross_text_tokens},
                                     std::pair{"text_tokens", m.text_tokens}}) {
    if (value > 1e6) {
      r.fail(field, "must be at most 1e6 tokens");
    }
  }
  if (m.text_encoder_params > 1e13) {
    r.fail("text_encoder_params", "must be at most 1e13");
  }
  if (m.width_px > 16384 || m.height_px > 16384 || m.frames > 10000 || m.steps > 1000) {
    r.fail("width",
           "height, frames and steps must be within what 'aifoot generate' accepts "
           "(16384 px, 10000 frames, 1000 steps)");
  }
  if (m.efficiency && (!(*m.efficiency > 0.0) || *m.efficiency > 1.0)) {
    r.fail("efficiency", "must be in (0, 1]");
  }
  if (!(m.width_px >= 1.0) || !(m.height_px >= 1.0) || !(m.frames >= 1.0) || !(m.steps >= 1.0)) {
    r.fail("width", "height, frames and steps must be at least 1");
  }
  return m;
}

} // namespace detail

} // namespace aifoot
