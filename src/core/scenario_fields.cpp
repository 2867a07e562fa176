#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/field_bounds.hpp>
#include <aifoot/generation.hpp>
#include <aifoot/number_text.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <optional>
#include <type_traits>

namespace aifoot {
namespace {

template <class Scenario> using Setter = void (*)(Scenario&, std::string_view, std::string_view);

template <class Scenario> struct Field {
  FieldSpec spec;
  Setter<Scenario> set;
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

// clang-format off
// The bounds table (see field_bounds.hpp), in the unit each value is stored in. The limits are
// plausibility limits, not physics: they keep a typo (an extra 000, a unit slip) from passing as
// an estimate and keep every product of inputs finite. Where no source fixes a limit it is a
// judgement, stated next to it, and lies beyond every value in the built-in catalog (data/*.json)
// and the published cases (tests/calibration).
constexpr auto k_field_bounds = std::to_array<FieldBounds>({
  // Model and workload. params: judgement, 1e3 (toy models) to 1e14 (50x the largest published
  // estimate, 1.8T for GPT-4); train and infer share it.
  {"params", 1e3, 1e14, "parameters"},
  {"active-params", 1e3, 1e14, "parameters"},
  {"tokens", 1.0, 1e18, "tokens"},
  {"flops", 1.0, 1e32, "FLOP"},
  {"seq-len", 1.0, 1e8, "tokens"},
  {"mfu", 0.001, 1.0, ""},
  {"devices", 1.0, 1e8, "devices"},
  {"device-hours", 1e-6, 1e13, "h"},
  {"hours", 1e-6, 1e6, "h"},
  {"days", 1e-6, 1e6, "h"},
  {"input-tokens", 0.0, 1e8, "tokens"},
  {"output-tokens", 1.0, 1e7, "tokens"},
  {"reasoning-tokens", 0.0, 1e7, "tokens"},
  {"cached-fraction", 0.0, 1.0, ""},
  {"batch", 1.0, 1e5, "sequences"},
  {"devices-per-replica", 1.0, 1024.0, "devices"},
  {"sparsity", 0.0, 0.95, ""},
  {"tokens-per-second", 1e-3, 1e9, "tokens/s"},
  {"joules-per-token", 1e-6, 1e6, "J"},
  // requests: from one request in about 30 years up to 1e12 per second, over a hundred a second
  // for every person alive and millions of times the load of any published service; near 1e300/s
  // the period totals overflow to inf.
  {"requests", 1e-9, 1e12, "requests/s"},
  {"fleet-utilization", 0.01, 1.0, ""},
  // Deployment units (docs/inference.md): as devices-per-replica. Service targets: judgement,
  // 0.1 ms (faster than any decode step) to a minute.
  {"prefill-devices", 1.0, 1024.0, "devices"},
  {"decode-devices", 1.0, 1024.0, "devices"},
  {"tpot", 1e-4, 60.0, "s"},
  {"ttft", 1e-4, 60.0, "s"},
  // Image and video generation (docs/generation.md): judgement, 4x the largest preset resolution
  // (16,384 px) and frame count beyond any released video model; count as tokens.
  {"width", 1.0, 65536.0, "px"},
  {"height", 1.0, 65536.0, "px"},
  {"frames", 1.0, 1e5, "frames"},
  {"steps", 1.0, 1e4, "steps"},
  {"count", 1.0, 1e18, "items"},
  // Device and site. avg-power and host-power: judgement, 20 kW per device is 14x the largest
  // accelerator TDP in data/hardware.json (1,400 W). pue: 1 is the physical floor, 3 about twice
  // the worst fleet figure in data/providers.json (1.56). ci: 2,000 g/kWh is 1.5x the dirtiest
  // grid zone in data/zones_*.json (1,306 g/kWh). ewif: 5x the largest catalog value (18.6 L/kWh).
  // lifetime: judgement, 0.1 to 50 years.
  {"avg-power", 1.0, 20000.0, "W"},
  {"power-fraction", 0.01, 1.5, ""},
  {"host-power", 0.0, 20000.0, "W"},
  {"pue", 1.0, 3.0, ""},
  {"ci", 0.0, 2000.0, "gCO2e/kWh"},
  {"cfe", 0.0, 1.0, ""},
  {"wue", 0.0, 20.0, "L/kWh"},
  {"ewif", 0.0, 100.0, "L/kWh"},
  {"lifetime", 0.1, 50.0, "years"},
  {"embodied", 0.0, 1e6, "kgCO2e"},
  // measure's rest-of-host power (all non-accelerator power of the machine).
  {"host-rest-power", 0.0, 1e6, "W"},
  // Catalog quantities without a flag of their own. tdp_w/idle_w: as avg-power. peak_tflops:
  // judgement, 1e-3 to 1e7 TFLOP/s (50x a Cerebras WSE-3's 125 PFLOP/s). memory and bandwidth:
  // judgement, 100x the largest catalog entry (288 GB, 8,000 GB/s). context_tokens: 100x the
  // largest catalog context (10M). The infer_* defaults are efficiencies and shares in (0, 1].
  {"tdp_w", 1.0, 20000.0, "W"},
  {"idle_w", 0.0, 20000.0, "W"},
  {"peak_tflops", 1e-3, 1e7, "TFLOP/s"},
  {"memory_gb", 0.1, 1e5, "GB"},
  {"mem_bw_gb_s", 1.0, 1e6, "GB/s"},
  {"context_tokens", 1.0, 1e9, "tokens"},
  {"efficiency", 1e-3, 1.0, ""},
  {"step_us", 0.0, 1e6, "us"},
  {"step_ms", 0.0, 1e6, "ms"},
  {"tokens_per_request", 0.0, 1e8, "tokens"},
  {"sequences", 1.0, 1e5, "sequences"},
});
// clang-format on

// `value` parsed from `text` for `field`, checked against the field's bounds.
double bounded(double value, std::string_view field, std::string_view text) {
  const FieldBounds& b = field_bounds(field);
  if (!(value >= b.min && value <= b.max)) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("invalid value '{}' for {}: must be between {} and {}{}{}",
                            text,
                            field,
                            b.min,
                            b.max,
                            b.unit.empty() ? "" : " ",
                            b.unit));
  }
  return value;
}

// "2:4" (structured sparsity) or a pruned share of the weights ("0.3", "30%").
void set_sparsity(Sparsity& sparsity, std::string_view value, std::string_view field) {
  const std::string text = text_value(value, field);
  if (text == "2:4") {
    sparsity.two_four = true;
    return;
  }
  if (text.find(':') != std::string::npos) {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format("invalid value '{}' for {}: only 2:4 structured sparsity runs on sparse "
                    "tensor cores",
                    text,
                    field),
        "give 2:4, or a pruned fraction like 0.3 or 30%");
  }
  sparsity.pruned_fraction = bounded(parse_fraction(text, field), field, text);
}

// clang-format off
// Device and site fields: the same names, help and parsers for every kind of scenario.
template <class S>
constexpr std::array<Field<S>, 17> k_shared_fields{{
  {{"hardware", "NAME", "accelerator: see 'aifoot list hardware'"},
   [](S& s, std::string_view v, std::string_view f) { s.device.hardware = text_value(v, f); }},
  {{"region", "PROVIDER:REGION", "cloud region, e.g. aws:us-east-1: implies zone, PUE and WUE"},
   [](S& s, std::string_view v, std::string_view f) { s.site.region = text_value(v, f); }},
  {{"zone", "ZONE", "grid zone, e.g. FR, US-CA, JP-TK: see 'aifoot list zones'"},
   [](S& s, std::string_view v, std::string_view f) { s.site.zone = text_value(v, f); }},
  {{"provider", "NAME", "operator of a site that is not a listed region, e.g. gcp, azure, meta: its fleet PUE and WUE apply"},
   [](S& s, std::string_view v, std::string_view f) { s.site.provider = text_value(v, f); }},
  {{"avg-power", "POWER", "measured average power per device, e.g. 330W (host not added unless --host-power)"},
   [](S& s, std::string_view v, std::string_view f) { s.device.avg_power_w = bounded(parse_power_w(v, f), f, v); }},
  {{"power-fraction", "FRACTION", "average board power as a fraction of TDP"},
   [](S& s, std::string_view v, std::string_view f) { s.device.power_fraction = bounded(parse_number(v, f), f, v); }},
  {{"host-power", "POWER", "host (CPU, memory, network) power per device, e.g. 250W"},
   [](S& s, std::string_view v, std::string_view f) { s.device.host_w_per_device = bounded(parse_power_w(v, f), f, v); }},
  {{"pue", "RATIO", "power usage effectiveness of the facility, e.g. 1.1"},
   [](S& s, std::string_view v, std::string_view f) { s.site.pue = bounded(parse_number(v, f), f, v); }},
  {{"ci", "INTENSITY", "grid carbon intensity, e.g. 429 or 429g/kWh"},
   [](S& s, std::string_view v, std::string_view f) { s.site.ci_gco2_per_kwh = bounded(parse_intensity_g_per_kwh(v, f), f, v); }},
  {{"cfe", "FRACTION|region", "carbon-free energy share to net out (market-based), or 'region' for the provider's figure"},
   [](S& s, std::string_view v, std::string_view f) {
     if (v == "region") { s.site.cfe_from_region = true; } else { s.site.cfe_fraction = bounded(parse_fraction(v, f), f, v); }
   }},
  {{"wue", "L/KWH", "on-site water usage effectiveness, litres per IT kWh"},
   [](S& s, std::string_view v, std::string_view f) { s.site.wue_l_per_kwh = bounded(parse_number(v, f), f, v); }},
  {{"ewif", "L/KWH", "off-site water intensity of electricity, litres per kWh"},
   [](S& s, std::string_view v, std::string_view f) { s.site.ewif_l_per_kwh = bounded(parse_number(v, f), f, v); }},
  {{"lifetime", "DURATION", "device service life for embodied carbon (bare number = years), e.g. 4y"},
   [](S& s, std::string_view v, std::string_view f) {
     s.device.lifetime_years = bounded(parse_duration_h(v, f, "y") / k_hours_per_year, f, v);
   }},
  {{"embodied", "KGCO2E", "embodied carbon per device incl. host share, kgCO2e"},
   [](S& s, std::string_view v, std::string_view f) { s.device.embodied_kgco2e_per_device = bounded(parse_number(v, f), f, v); }},
  {{"boundary", "B", "what the headline total includes: accelerator, server or facility"},
   [](S& s, std::string_view v, std::string_view f) { s.boundary = parse_boundary(text_value(v, f), f); }},
  {{"grid-basis", "BASIS", "grid intensities: lifecycle (default: the zone's lifecycle factor for every provider) or provider (the provider's published region figure, else the zone's own factor as published)"},
   [](S& s, std::string_view v, std::string_view f) { s.site.grid_basis = parse_grid_basis(text_value(v, f), f); }},
  {{"water-scope", "SCOPE", "what the headline water counts: onsite (cooling), offsite (electricity generation) or total (default)"},
   [](S& s, std::string_view v, std::string_view f) { s.site.water_scope = parse_water_scope(text_value(v, f), f); }},
}};

using T = TrainingScenario;
constexpr std::array<Field<T>, 13> k_training_own_fields{{
  {{"model", "NAME", "model preset (parameters, architecture, training tokens): see 'aifoot list models'"},
   [](T& s, std::string_view v, std::string_view f) { s.model = text_value(v, f); }},
  {{"params", "N", "total parameters, e.g. 70B"},
   [](T& s, std::string_view v, std::string_view f) { s.params = bounded(parse_count(v, f), f, v); }},
  {{"active-params", "N", "parameters active per token (mixture-of-experts), e.g. 37B"},
   [](T& s, std::string_view v, std::string_view f) { s.active_params = bounded(parse_count(v, f), f, v); }},
  {{"tokens", "N", "training tokens, e.g. 15T"},
   [](T& s, std::string_view v, std::string_view f) { s.tokens = bounded(parse_count(v, f), f, v); }},
  {{"flops", "N", "total training compute in FLOP, e.g. 3.14e23"},
   [](T& s, std::string_view v, std::string_view f) { s.flops = bounded(parse_count(v, f), f, v); }},
  {{"seq-len", "N", "sequence length: adds the attention FLOPs term (needs --model)"},
   [](T& s, std::string_view v, std::string_view f) { s.seq_len = bounded(parse_count(v, f), f, v); }},
  {{"mfu", "FRACTION", "model-FLOPs utilisation, e.g. 0.4 or 40%"},
   [](T& s, std::string_view v, std::string_view f) { s.mfu = bounded(parse_fraction(v, f), f, v); }},
  {{"precision", "P", "compute precision: fp32, tf32, bf16, fp16, fp8, fp4"},
   [](T& s, std::string_view v, std::string_view f) { s.precision = parse_precision(text_value(v, f), f); }},
  {{"devices", "N", "number of accelerators"},
   [](T& s, std::string_view v, std::string_view f) { s.devices = bounded(parse_count(v, f), f, v); }},
  {{"device-hours", "N", "accelerator-hours, e.g. 3.3M"},
   [](T& s, std::string_view v, std::string_view f) { s.device_hours = bounded(parse_count(v, f), f, v); }},
  {{"hours", "DURATION", "wall-clock time (bare number = hours), e.g. 36h, 14.8d"},
   [](T& s, std::string_view v, std::string_view f) { s.wall_hours = bounded(parse_duration_h(v, f, "h"), f, v); }},
  {{"days", "DURATION", "wall-clock time (bare number = days)"},
   [](T& s, std::string_view v, std::string_view f) { s.wall_hours = bounded(parse_duration_h(v, f, "d"), f, v); }},
  {{"scope", "S", "what device time derived from compute covers: pretraining (default) or full (with context extension and post-training)"},
   [](T& s, std::string_view v, std::string_view f) { s.scope = parse_training_scope(text_value(v, f), f); }},
}};

using I = InferenceScenario;
constexpr std::array<Field<I>, 22> k_inference_own_fields{{
  {{"model", "NAME", "model preset (parameters, layers, KV heads, experts): see 'aifoot list models'"},
   [](I& s, std::string_view v, std::string_view f) { s.model = text_value(v, f); }},
  {{"params", "N", "total parameters of a model without a preset, e.g. 70B (no KV cache modelled)"},
   [](I& s, std::string_view v, std::string_view f) { s.params = bounded(parse_count(v, f), f, v); }},
  {{"active-params", "N", "parameters active per token (mixture-of-experts), e.g. 37B"},
   [](I& s, std::string_view v, std::string_view f) { s.active_params = bounded(parse_count(v, f), f, v); }},
  {{"input-tokens", "N", "prompt tokens per request"},
   [](I& s, std::string_view v, std::string_view f) { s.input_tokens = bounded(parse_count(v, f), f, v); }},
  {{"output-tokens", "N", "visible output tokens per request"},
   [](I& s, std::string_view v, std::string_view f) { s.output_tokens = bounded(parse_count(v, f), f, v); }},
  {{"reasoning-tokens", "N", "hidden reasoning tokens per request (generated like output, reported apart)"},
   [](I& s, std::string_view v, std::string_view f) { s.reasoning_tokens = bounded(parse_count(v, f), f, v); }},
  {{"cached-fraction", "FRACTION", "share of prompt tokens served from a prefix cache (no prefill compute)"},
   [](I& s, std::string_view v, std::string_view f) { s.cached_fraction = bounded(parse_fraction(v, f), f, v); }},
  {{"batch", "N", "concurrent sequences per replica or decode unit (default: the largest that meets --tpot)"},
   [](I& s, std::string_view v, std::string_view f) { s.batch = bounded(parse_count(v, f), f, v); }},
  {{"devices-per-replica", "N", "accelerators per model replica (default: fewest that hold weights + KV cache)"},
   [](I& s, std::string_view v, std::string_view f) { s.devices_per_replica = bounded(parse_count(v, f), f, v); }},
  {{"precision", "P", "weight precision: bf16, fp16, fp8, int8, int4, fp4"},
   [](I& s, std::string_view v, std::string_view f) { s.precision = parse_precision(text_value(v, f), f); }},
  {{"kv-precision", "P", "KV-cache precision: bf16, fp8, int8, int4, fp4"},
   [](I& s, std::string_view v, std::string_view f) { s.kv_precision = parse_precision(text_value(v, f), f); }},
  {{"sparsity", "2:4|FRACTION", "2:4 structured sparsity, or the share of weights pruned (e.g. 0.3)"},
   [](I& s, std::string_view v, std::string_view f) { set_sparsity(s.sparsity, v, f); }},
  {{"tokens-per-second", "N", "measured output tokens/s per replica: replaces the modelled step time"},
   [](I& s, std::string_view v, std::string_view f) { s.tokens_per_s = bounded(parse_number(v, f), f, v); }},
  {{"joules-per-token", "ENERGY", "measured accelerator energy per output token (bare number = J), e.g. 0.12"},
   [](I& s, std::string_view v, std::string_view f) { s.joules_per_token = bounded(parse_energy_j(v, f, "J"), f, v); }},
  {{"requests", "RATE", "request rate, e.g. 1M/day, 50/s: totals cover --days"},
   [](I& s, std::string_view v, std::string_view f) { s.requests_per_s = bounded(parse_rate_per_s(v, f), f, v); }},
  {{"days", "DURATION", "period of the totals (bare number = days), default 365 with --requests"},
   [](I& s, std::string_view v, std::string_view f) { s.period_hours = bounded(parse_duration_h(v, f, "d"), f, v); }},
  {{"fleet-utilization", "FRACTION", "busy share of provisioned devices; the rest is idle capacity (default: a diurnal load with --requests, else 1)"},
   [](I& s, std::string_view v, std::string_view f) { s.fleet_utilization = bounded(parse_fraction(v, f), f, v); }},
  {{"deployment", "KIND", "replica (one tensor-parallel replica, the benchmark shape) or expert-parallel (prefill/decode pools); default from the demand"},
   [](I& s, std::string_view v, std::string_view f) { s.deployment = parse_deployment(text_value(v, f), f); }},
  {{"prefill-devices", "N", "devices per prefill unit of an expert-parallel deployment (default 32)"},
   [](I& s, std::string_view v, std::string_view f) { s.prefill_devices = bounded(parse_count(v, f), f, v); }},
  {{"decode-devices", "N", "devices per decode unit of an expert-parallel deployment (default 144)"},
   [](I& s, std::string_view v, std::string_view f) { s.decode_devices = bounded(parse_count(v, f), f, v); }},
  {{"tpot", "DURATION", "service target: time per output token (bare number = ms), e.g. 50ms; sets the batch"},
   [](I& s, std::string_view v, std::string_view f) { s.tpot_s = bounded(parse_duration_h(v, f, "ms") * k_seconds_per_hour, f, v); }},
  {{"ttft", "DURATION", "service target: time to first token (bare number = ms); a note when prefill misses it"},
   [](I& s, std::string_view v, std::string_view f) { s.ttft_s = bounded(parse_duration_h(v, f, "ms") * k_seconds_per_hour, f, v); }},
}};

using G = GenerationScenario;
constexpr std::array<Field<G>, 10> k_generation_own_fields{{
  {{"model", "NAME", "diffusion model preset: see 'aifoot list diffusion-models'"},
   [](G& s, std::string_view v, std::string_view f) { s.model = text_value(v, f); }},
  {{"width", "PX", "output width in pixels (default: the model's)"},
   [](G& s, std::string_view v, std::string_view f) { s.width_px = bounded(parse_count(v, f), f, v); }},
  {{"height", "PX", "output height in pixels (default: the model's)"},
   [](G& s, std::string_view v, std::string_view f) { s.height_px = bounded(parse_count(v, f), f, v); }},
  {{"frames", "N", "video frames per item (video models; default: the model's)"},
   [](G& s, std::string_view v, std::string_view f) { s.frames = bounded(parse_count(v, f), f, v); }},
  {{"steps", "N", "denoising steps (default: the model's)"},
   [](G& s, std::string_view v, std::string_view f) { s.steps = bounded(parse_count(v, f), f, v); }},
  {{"batch", "N", "images or videos denoised together per replica, default 1"},
   [](G& s, std::string_view v, std::string_view f) { s.batch = bounded(parse_count(v, f), f, v); }},
  {{"devices-per-replica", "N", "accelerators per replica, splitting the sequence (Ulysses/ring), default 1"},
   [](G& s, std::string_view v, std::string_view f) { s.devices_per_replica = bounded(parse_count(v, f), f, v); }},
  {{"count", "N", "images or videos in the totals, default 1"},
   [](G& s, std::string_view v, std::string_view f) { s.count = bounded(parse_count(v, f), f, v); }},
  {{"requests", "RATE", "items per period, e.g. 100k/day, 5/s: totals cover --days"},
   [](G& s, std::string_view v, std::string_view f) { s.items_per_s = bounded(parse_rate_per_s(v, f), f, v); }},
  {{"days", "DURATION", "period of the totals (bare number = days), default 365 with --requests"},
   [](G& s, std::string_view v, std::string_view f) { s.period_hours = bounded(parse_duration_h(v, f, "d"), f, v); }},
}};
// clang-format on

template <class S, std::size_t A, std::size_t B>
constexpr std::array<Field<S>, A + B> concat(const std::array<Field<S>, A>& a,
                                             const std::array<Field<S>, B>& b) {
  std::array<Field<S>, A + B> out{};
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(b.begin(), b.end(), out.begin() + static_cast<std::ptrdiff_t>(A));
  return out;
}

template <class S, std::size_t N>
constexpr std::array<FieldSpec, N> specs_of(const std::array<Field<S>, N>& fields) {
  std::array<FieldSpec, N> specs{};
  std::transform(fields.begin(), fields.end(), specs.begin(), [](const auto& f) { return f.spec; });
  return specs;
}

constexpr auto k_training_fields = concat(k_training_own_fields, k_shared_fields<TrainingScenario>);
constexpr auto k_training_specs = specs_of(k_training_fields);
constexpr auto k_inference_fields =
    concat(k_inference_own_fields, k_shared_fields<InferenceScenario>);
constexpr auto k_inference_specs = specs_of(k_inference_fields);
constexpr auto k_generation_fields =
    concat(k_generation_own_fields, k_shared_fields<GenerationScenario>);
constexpr auto k_generation_specs = specs_of(k_generation_fields);

// Fields that accept a range "LOW..HIGH": the factor the range applies to (the name of the
// assumption it widens), and how to read
// the parsed value back (in the unit a bare number is read in).
template <class S>
std::optional<std::pair<Factor, std::optional<double>>> range_target(const S& s,
                                                                     std::string_view field) {
  using Result = std::pair<Factor, std::optional<double>>;
  if (field == "pue") {
    return Result{Factor::pue, s.site.pue};
  }
  if (field == "ci") {
    return Result{Factor::grid_intensity, s.site.ci_gco2_per_kwh};
  }
  if (field == "wue") {
    return Result{Factor::wue, s.site.wue_l_per_kwh};
  }
  if (field == "ewif") {
    return Result{Factor::ewif, s.site.ewif_l_per_kwh};
  }
  if (field == "avg-power") {
    return Result{Factor::device_power, s.device.avg_power_w};
  }
  if (field == "power-fraction") {
    return Result{Factor::power_fraction, s.device.power_fraction};
  }
  if (field == "host-power") {
    return Result{Factor::host_power, s.device.host_w_per_device};
  }
  if (field == "embodied") {
    return Result{Factor::embodied_per_device, s.device.embodied_kgco2e_per_device};
  }
  if (field == "lifetime") {
    return Result{Factor::lifetime, s.device.lifetime_years};
  }
  if constexpr (std::is_same_v<S, TrainingScenario>) {
    if (field == "mfu") {
      return Result{Factor::mfu, s.mfu};
    }
  } else if constexpr (std::is_same_v<S, InferenceScenario>) {
    if (field == "tokens-per-second") {
      return Result{Factor::tokens_per_s, s.tokens_per_s};
    }
    if (field == "joules-per-token") {
      return Result{Factor::joules_per_token, s.joules_per_token};
    }
  }
  return std::nullopt;
}

// Applies "LOW..HIGH" to a range-capable field: the point value is the midpoint and the range is
// recorded for the uncertainty analysis.
template <class S> void set_range(const Field<S>& field, S& scenario, std::string_view value) {
  const auto dots = value.find("..");
  const std::string_view low_text = value.substr(0, dots);
  const std::string_view high_text = value.substr(dots + 2);
  S scratch;
  field.set(scratch, low_text, field.spec.name);
  const auto low = range_target(scratch, field.spec.name);
  field.set(scratch, high_text, field.spec.name);
  const auto high = range_target(scratch, field.spec.name);
  if (!low || !low->second || !high || !high->second) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{} does not take a range ('{}')", field.spec.name, value),
                "give one value");
  }
  if (*low->second > *high->second) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("invalid range '{}' for {}: the low end is above the high end",
                            value,
                            field.spec.name),
                "write LOW..HIGH, e.g. 0.3..0.5");
  }
  const double mid = (*low->second + *high->second) / 2.0;
  field.set(scenario, fmt::format("{}", mid), field.spec.name);
  scenario.ranges[low->first] = {*low->second, *high->second};
}

template <class S, std::size_t N>
void set_field(const std::array<Field<S>, N>& fields,
               S& scenario,
               std::string_view name,
               std::string_view value,
               std::string_view command) {
  for (const auto& field : fields) {
    if (field.spec.name == name) {
      if (value.find("..") != std::string_view::npos && range_target(scenario, name)) {
        set_range(field, scenario, value);
      } else {
        field.set(scenario, value, field.spec.name);
      }
      return;
    }
  }
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (const auto& field : fields) {
    names.emplace_back(field.spec.name);
  }
  const auto matches = closest_matches(name, names, 1);
  throw Error(ErrorKind::invalid_input,
              fmt::format("unknown field '{}'", name),
              matches.empty() ? fmt::format("see 'aifoot {} --help' for the fields", command)
                              : fmt::format("did you mean '{}'?", matches.front()));
}

} // namespace

std::span<const FieldBounds> field_bounds_table() {
  return k_field_bounds;
}

const FieldBounds* find_field_bounds(std::string_view name) {
  const auto* it = std::find_if(k_field_bounds.begin(),
                                k_field_bounds.end(),
                                [&](const FieldBounds& bounds) { return bounds.name == name; });
  return it == k_field_bounds.end() ? nullptr : &*it;
}

const FieldBounds& field_bounds(std::string_view name) {
  if (const FieldBounds* bounds = find_field_bounds(name)) {
    return *bounds;
  }
  throw Error(ErrorKind::internal, fmt::format("no bounds for field '{}'", name));
}

std::string field_help(std::string_view help, std::string_view field) {
  const FieldBounds* bounds = find_field_bounds(field);
  std::string text(help);
  if (bounds != nullptr) {
    text += ' ';
    text += field_bounds_text(*bounds);
  }
  return text;
}

// Every field's help has its bounds, and a one-off declares about 40 fields: the numbers are
// laid out as fmt's {} does, without its general float writer.
std::string field_bounds_text(const FieldBounds& bounds) {
  TextBuffer text;
  text += '[';
  append_shortest(text, bounds.min);
  text += "..";
  append_shortest(text, bounds.max);
  if (!bounds.unit.empty()) {
    text += ' ';
    text += bounds.unit;
  }
  text += ']';
  return std::string(text.view());
}

double require_field_range(double value, std::string_view field, std::string_view hint) {
  const FieldBounds& b = field_bounds(field);
  if (!std::isfinite(value) || value < b.min || value > b.max) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{} must be between {} and {}{}{} (got {})",
                            field,
                            b.min,
                            b.max,
                            b.unit.empty() ? "" : " ",
                            b.unit,
                            value),
                std::string(hint));
  }
  return value;
}

std::span<const FieldSpec> training_field_specs() {
  return k_training_specs;
}

void set_training_field(TrainingScenario& scenario, std::string_view name, std::string_view value) {
  set_field(k_training_fields, scenario, name, value, "train");
}

TrainingScenario
training_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  TrainingScenario scenario;
  for (const auto& [name, value] : fields) {
    set_training_field(scenario, name, value);
  }
  return scenario;
}

std::span<const FieldSpec> inference_field_specs() {
  return k_inference_specs;
}

void set_inference_field(InferenceScenario& scenario,
                         std::string_view name,
                         std::string_view value) {
  set_field(k_inference_fields, scenario, name, value, "infer");
}

InferenceScenario
inference_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  InferenceScenario scenario;
  for (const auto& [name, value] : fields) {
    set_inference_field(scenario, name, value);
  }
  return scenario;
}

std::span<const FieldSpec> generation_field_specs() {
  return k_generation_specs;
}

void set_generation_field(GenerationScenario& scenario,
                          std::string_view name,
                          std::string_view value) {
  set_field(k_generation_fields, scenario, name, value, "generate");
}

GenerationScenario
generation_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  GenerationScenario scenario;
  for (const auto& [name, value] : fields) {
    set_generation_field(scenario, name, value);
  }
  return scenario;
}

} // namespace aifoot
