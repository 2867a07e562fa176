#include "site.hpp"
#include "trail_helpers.hpp"

#include <aifoot/error.hpp>
#include <aifoot/generation.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace aifoot {

using detail::add_assumption;
using detail::add_value;
using detail::catalog_origin;
using detail::require_range;
using detail::use_default;

namespace {

// bf16 weights and activations: the precision every preset is released and benchmarked in.
constexpr double k_activation_bytes = 2.0;
// Outputs from a thumbnail to 16K per side, clips up to ~7 minutes at 24 fps: beyond these the
// presets' geometry was never trained and the attention cost leaves any deployed system.
constexpr double k_max_side_px = 16384;
constexpr double k_max_frames = 10000;
constexpr double k_max_steps = 1000;
constexpr double k_max_batch = 4096;
constexpr double k_max_devices = 1024;
constexpr double k_max_count = 1e15;
// Same bounds on a request rate as `aifoot infer`: one item in ~30 years up to 1e12 per second.
constexpr double k_min_items_per_s = 1e-9;
constexpr double k_max_items_per_s = 1e12;

// An input of the output geometry: its flag (named in errors), trail name, range and unit.
struct InputSpec {
  std::string_view flag;
  std::string_view name;
  double low;
  double high;
  std::string_view unit;
};

// The user's value within the spec's range, else the preset's or the stated default; recorded.
double input_or(const std::optional<double>& given,
                double fallback,
                std::string_view fallback_origin,
                const InputSpec& spec,
                Footprint& footprint) {
  if (given) {
    require_range(*given, spec.low, spec.high, spec.flag);
    add_value(footprint, spec.name, *given, spec.unit, "user");
    return *given;
  }
  add_value(footprint, spec.name, fallback, spec.unit, fallback_origin);
  return fallback;
}

// What one replica makes per batch: the output and how it is split across devices.
struct Output {
  double width_px = 0;
  double height_px = 0;
  double frames = 1;
  double steps = 0;
  double batch = 1;
  double devices = 1;
};

Output
resolve_output(const GenerationScenario& s, const DiffusionModel& model, Footprint& footprint) {
  const std::string preset = catalog_origin("diffusion_models", model.id);
  Output out;
  out.width_px = input_or(
      s.width_px, model.width_px, preset, {"width", "width", 16.0, k_max_side_px, "px"}, footprint);
  out.height_px = input_or(s.height_px,
                           model.height_px,
                           preset,
                           {"height", "height", 16.0, k_max_side_px, "px"},
                           footprint);
  if (model.kind == "image" && s.frames && *s.frames != 1.0) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("--frames {} for '{}', which makes images", *s.frames, model.id),
                "drop --frames, or pick a video model (see 'aifoot list diffusion-models')");
  }
  if (model.kind == "video") {
    out.frames = input_or(
        s.frames, model.frames, preset, {"frames", "frames", 1.0, k_max_frames, ""}, footprint);
  }
  out.steps =
      input_or(s.steps, model.steps, preset, {"steps", "steps", 1.0, k_max_steps, ""}, footprint);
  out.batch = input_or(s.batch,
                       1.0,
                       "default:one item per batch",
                       {"batch", "batch", 1.0, k_max_batch, "items"},
                       footprint);
  out.devices = input_or(s.devices_per_replica,
                         1.0,
                         "default:one device per replica",
                         {"devices-per-replica", "devices_per_replica", 1.0, k_max_devices, ""},
                         footprint);
  return out;
}

// The denoiser's dense 16-bit peak (bf16, else fp16): the presets run in bf16.
double bf16_peak(const Hardware& hw) {
  for (const Precision p : {Precision::bf16, Precision::fp16}) {
    if (const auto it = hw.peak_flop_per_s.find(p); it != hw.peak_flop_per_s.end()) {
      return it->second;
    }
  }
  throw Error(ErrorKind::invalid_input,
              fmt::format("hardware '{}' has no 16-bit peak to run a diffusion model with", hw.id),
              "pick a GPU or accelerator with a bf16 or fp16 peak (see 'aifoot list hardware')");
}

// Fitted and judgement factors of the cost model (data/defaults_generation.json).
struct Factors {
  double efficiency = 0;           // achieved share of peak on the denoiser's GEMMs at large work
  double attention_efficiency = 0; // the same on attention FLOPs
  double work_half_flop = 0;
  double sp_bandwidth_b_s = 0;
  double sp_layer_sync_s = 0;
  double step_overhead_s = 0;
  double aux_efficiency = 0;
  double vae_flop_per_px = 0;
};

Factors resolve_factors(const DiffusionModel& model,
                        double devices,
                        const Catalog& catalog,
                        Footprint& footprint) {
  Factors f;
  if (model.efficiency) {
    f.efficiency = *model.efficiency;
    add_assumption(
        footprint,
        "denoiser_efficiency",
        [&] {
          return Assumption{.value = f.efficiency,
                            .origin = catalog_origin("diffusion_models", model.id)};
        },
        [&](Assumption& a) {
          a.sources = model.sources;
          a.note = "achieved share of the bf16 peak, fitted on ML.ENERGY v3 text-to-image";
        });
  } else {
    f.efficiency = use_default(catalog, "gen_efficiency", "denoiser_efficiency", footprint);
  }
  // Attention kernels run no faster than the model's other kernels.
  f.attention_efficiency = std::min(
      f.efficiency, use_default(catalog, "gen_attention_efficiency", "attn_efficiency", footprint));
  f.work_half_flop = use_default(catalog, "gen_work_half_flop", "work_half", footprint);
  if (devices > 1.0) {
    f.sp_bandwidth_b_s =
        use_default(catalog, "gen_sp_bandwidth_gb_s", "sp_bandwidth", footprint) * 1e9;
    f.sp_layer_sync_s =
        use_default(catalog, "gen_sp_layer_sync_us", "sp_layer_sync", footprint) * 1e-6;
  }
  f.step_overhead_s = use_default(catalog, "gen_step_ms", "step_overhead", footprint) * 1e-3;
  f.aux_efficiency = use_default(catalog, "gen_aux_efficiency", "aux_efficiency", footprint);
  // TFLOP per megapixel = 1e12 FLOP per 1e6 pixels.
  f.vae_flop_per_px =
      use_default(catalog, "gen_vae_decode_tflop_per_megapixel", "vae_decode_tflop", footprint)
      * 1e6;
  // Divisors of the roofline: a user catalog (--data-dir, --catalog) could set them to 0.
  for (const double divisor : {f.efficiency, f.attention_efficiency, f.aux_efficiency}) {
    if (!(divisor > 0.0)) {
      throw Error(ErrorKind::data,
                  "a generation efficiency default or preset is 0",
                  "gen_efficiency, gen_attention_efficiency and gen_aux_efficiency must be > 0");
    }
  }
  if (devices > 1.0 && !(f.sp_bandwidth_b_s > 0.0)) {
    throw Error(ErrorKind::data, "gen_sp_bandwidth_gb_s must be greater than 0");
  }
  return f;
}

// Seconds one replica spends on one batch, by stage.
struct ReplicaTime {
  double compute_per_step_s = 0;  // denoiser FLOPs at the achieved efficiency
  double exchange_per_step_s = 0; // sequence-parallel exchanges and their synchronisation
  double overhead_per_step_s = 0;
  double text_s = 0; // text encoder, once per batch (prompt and negative prompt)
  double vae_s = 0;  // VAE decoder, once per batch
  double batch_s = 0;
  double busy_share = 0; // share of batch_s the devices compute (the rest they wait)
};

// Roofline time of a batch (Williams et al. 2009): diffusion denoising is compute-bound (every
// step multiplies the weights by thousands of tokens), so time = FLOPs / (peak x efficiency),
// with efficiency falling when a device's share of a step is small (batch 1, many devices).
ReplicaTime replica_time(const DiffusionModel& model,
                         const DenoiserWork& work,
                         const Output& out,
                         const Factors& f,
                         double peak_flop_per_s) {
  ReplicaTime t;
  const double passes = static_cast<double>(model.cfg_passes) * out.batch;
  const double share = passes / out.devices; // of one pass's work, per device and step
  const double device_flop = work.flop() * share;
  const double saturation = device_flop / (device_flop + f.work_half_flop);
  t.compute_per_step_s = (work.linear_flop * share / f.efficiency
                          + work.attention_flop * share / f.attention_efficiency)
                         / (peak_flop_per_s * saturation);
  if (out.devices > 1.0) {
    // Ulysses all-to-all (Jacobs et al. 2023) moves Q, K, V and the output of every attention
    // layer: each device sends (n-1)/n of its 1/n shard of 4 x sequence x width activations;
    // ring attention (Liu et al. 2023) passes K and V around the ring at the same order of bytes.
    const auto layers = static_cast<double>(model.layers);
    const auto width = static_cast<double>(model.hidden);
    const double bytes = 4.0 * layers * work.sequence * width * k_activation_bytes * passes
                         * (out.devices - 1.0) / (out.devices * out.devices);
    t.exchange_per_step_s = bytes / f.sp_bandwidth_b_s + layers * f.sp_layer_sync_s;
  }
  t.overhead_per_step_s = f.step_overhead_s;
  const double aux_flop_per_s = peak_flop_per_s * f.aux_efficiency;
  t.text_s = 2.0 * model.text_encoder_params * model.text_tokens
             * static_cast<double>(model.cfg_passes) * out.batch / aux_flop_per_s;
  t.vae_s =
      f.vae_flop_per_px * out.width_px * out.height_px * out.frames * out.batch / aux_flop_per_s;
  const double step_s = t.compute_per_step_s + t.exchange_per_step_s + t.overhead_per_step_s;
  t.batch_s = out.steps * step_s + t.text_s + t.vae_s;
  t.busy_share = (out.steps * t.compute_per_step_s + t.text_s + t.vae_s) / t.batch_s;
  return t;
}

// Device power from utilisation, the serving model's form: P = idle + (TDP - idle) x min(1,
// floor + slope x busy) with its fitted floor and slope (defaults.json, ML.ENERGY v3); or the
// user's measured average power or TDP fraction.
double device_power_w(const DeviceInputs& input,
                      const Hardware& hw,
                      double busy_share,
                      const Catalog& catalog,
                      Footprint& footprint) {
  if (input.avg_power_w) {
    require_range(*input.avg_power_w, 1.0, 20000.0, "avg-power");
    add_value(
        footprint, "device_power", *input.avg_power_w, "W", "user", "average power per device");
    return *input.avg_power_w;
  }
  if (input.power_fraction) {
    require_range(*input.power_fraction, 0.01, 1.5, "power-fraction");
    const double power_w = hw.tdp_w * *input.power_fraction;
    add_value(footprint, "device_power", power_w, "W", "derived", "TDP x --power-fraction");
    return power_w;
  }
  if (!hw.idle_w) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("hardware '{}' has no idle power to model its power from", hw.id),
                "give --avg-power (measured)");
  }
  const double floor = use_default(catalog, "infer_power_floor", "power_floor", footprint);
  const double slope = use_default(catalog, "infer_power_slope", "power_slope", footprint);
  const double idle_w = *hw.idle_w;
  const double power_w = detail::utilisation_power_w(idle_w, hw.tdp_w, floor, slope, busy_share);
  add_value(footprint, "idle_power", idle_w, "W", catalog_origin("hardware", hw.id));
  add_value(footprint,
            "device_power",
            power_w,
            "W",
            "derived",
            fmt::format("idle + (TDP - idle) x (floor + slope x busy {:.2f})", busy_share));
  return power_w;
}

// Items in the totals: --count, or a rate over a period, or one.
double resolve_items(const GenerationScenario& s, GenerationUse& use, Footprint& footprint) {
  if (s.count && s.items_per_s) {
    throw Error(ErrorKind::invalid_input,
                "--count and --requests both set the number of items",
                "give --count N, or --requests RATE --days D");
  }
  if (s.items_per_s) {
    require_range(*s.items_per_s,
                  k_min_items_per_s,
                  k_max_items_per_s,
                  "requests per second",
                  "give a rate such as 100k/day or 5/s");
    const double period_h = s.period_hours.value_or(k_hours_per_year);
    if (!s.period_hours) {
      footprint.notes.emplace_back("no --days given: totals cover one year (365 days)");
    }
    require_range(period_h, 1e-6, 1e6, "days");
    use.items_per_day = *s.items_per_s * k_hours_per_day * k_seconds_per_hour;
    use.days = period_h / k_hours_per_day;
    footprint.time.wall_hours = period_h;
    return *s.items_per_s * period_h * k_seconds_per_hour;
  }
  if (s.period_hours) {
    throw Error(ErrorKind::invalid_input,
                "--days needs --requests",
                "give a rate, e.g. --requests 10k/day");
  }
  if (s.count) {
    require_range(*s.count, 1.0, k_max_count, "count");
    return *s.count;
  }
  return 1.0;
}

} // namespace

DenoiserWork
denoiser_work(const DiffusionModel& model, double width_px, double height_px, double frames) {
  const auto side = static_cast<double>(model.vae_spatial * model.patch);
  double token_frames = 1.0;
  if (model.kind == "video") {
    // Causal video VAEs keep the first frame and compress the rest (CogVideoX, Wan, HunyuanVideo:
    // 81 frames -> 21 latent frames at 4x).
    const double latent_frames =
        std::floor((frames - 1.0) / static_cast<double>(model.vae_temporal)) + 1.0;
    token_frames = std::ceil(latent_frames / static_cast<double>(model.patch_temporal));
  }
  DenoiserWork w;
  w.image_tokens = token_frames * std::ceil(height_px / side) * std::ceil(width_px / side);
  w.sequence = w.image_tokens + model.joint_text_tokens;
  w.linear_flop = 2.0 * model.params * model.flop_share * w.sequence;
  const auto layers = static_cast<double>(model.layers);
  const auto width = static_cast<double>(model.hidden);
  if (!model.linear_attention) {
    // Q.K^T and scores.V: 2 x 2 x sequence^2 x width per layer.
    w.attention_flop = 4.0 * layers * w.sequence * w.sequence * width;
  }
  w.attention_flop += 4.0 * layers * w.image_tokens * model.cross_text_tokens * width;
  return w;
}

namespace {

// The diffusion model named by --model (required), first in the trail.
const DiffusionModel& resolve_diffusion_model(const GenerationScenario& scenario,
                                              const Catalog& catalog,
                                              Footprint& footprint) {
  if (!scenario.model) {
    throw Error(ErrorKind::invalid_input,
                "missing model",
                "give --model, e.g. flux.1-dev (see 'aifoot list diffusion-models')");
  }
  const DiffusionModel& model = catalog.require_diffusion_model(*scenario.model);
  add_assumption(footprint, "model", [&] {
    return Assumption{.text = model.id,
                      .origin = catalog_origin("diffusion_models", model.id),
                      .sources = model.sources,
                      .note =
                          fmt::format("{}, {:.3g}B parameters", model.name, model.params / 1e9)};
  });
  return model;
}

// The denoiser's work per pass in the trail (latent tokens, guidance passes), and a note when the
// weights do not fit one device.
void record_denoiser_work(const DiffusionModel& model,
                          const DenoiserWork& work,
                          const Hardware& hw,
                          Footprint& footprint) {
  add_value(
      footprint,
      "latent_tokens",
      work.sequence,
      "tokens",
      "derived",
      fmt::format("{:.0f} latent tokens ({}x VAE, {}x{} patches{}) + {:.0f} joint text tokens",
                  work.image_tokens,
                  model.vae_spatial,
                  model.patch,
                  model.patch,
                  model.kind == "video" ? fmt::format(", {}x temporal", model.vae_temporal) : "",
                  model.joint_text_tokens));
  add_value(footprint,
            "cfg_passes",
            static_cast<double>(model.cfg_passes),
            "",
            catalog_origin("diffusion_models", model.id),
            model.cfg_passes > 1
                ? "classifier-free guidance: conditional + unconditional pass per step"
                : "one pass per step (guidance-distilled or unguided)");
  const double weight_gb = (model.params + model.text_encoder_params) * k_activation_bytes / 1e9;
  if (hw.memory_gb && weight_gb > *hw.memory_gb) {
    footprint.notes.push_back(fmt::format(
        "{} ({:.0f} GB of bf16 weights with its text encoder) does not fit one {} ({} GB): real "
        "deployments offload the text encoder or shard the weights",
        model.id,
        weight_gb,
        hw.id,
        *hw.memory_gb));
  }
}

// The per-item part of the output's generation block (`use` already holds the media and the
// item counts): geometry, replica, time shares and FLOPs.
void describe_item(const DiffusionModel& model,
                   const Output& out,
                   const DenoiserWork& work,
                   const Factors& factors,
                   const ReplicaTime& time,
                   double item_s,
                   GenerationUse& use) {
  use.width_px = out.width_px;
  use.height_px = out.height_px;
  use.frames = out.frames;
  use.steps = out.steps;
  use.batch = out.batch;
  use.devices_per_replica = out.devices;
  use.latent_tokens = work.sequence;
  use.passes_per_step = static_cast<double>(model.cfg_passes);
  use.seconds_per_item = item_s;
  use.denoise_share =
      out.steps * (time.compute_per_step_s + time.exchange_per_step_s + time.overhead_per_step_s)
      / time.batch_s;
  use.attention_share = work.attention_flop / work.flop();
  const double denoise_flop = work.flop() * static_cast<double>(model.cfg_passes) * out.steps;
  use.flop_per_item =
      denoise_flop
      + 2.0 * model.text_encoder_params * model.text_tokens * static_cast<double>(model.cfg_passes)
      + factors.vae_flop_per_px * out.width_px * out.height_px * out.frames;
}

} // namespace

Footprint
estimate_generation(const GenerationScenario& scenario, const Catalog& catalog, Trail trail) {
  Footprint footprint;
  footprint.trail = trail;
  detail::reserve_trail(footprint);
  footprint.kind = "generation";
  footprint.boundary = scenario.boundary;

  const DiffusionModel& model = resolve_diffusion_model(scenario, catalog, footprint);
  const detail::ResolvedDevice device = detail::resolve_device(scenario.device, catalog, footprint);
  const Hardware& hw = *device.hardware;
  const Output out = resolve_output(scenario, model, footprint);

  const DenoiserWork work = denoiser_work(model, out.width_px, out.height_px, out.frames);
  record_denoiser_work(model, work, hw, footprint);

  const double peak = bf16_peak(hw);
  const Factors factors = resolve_factors(model, out.devices, catalog, footprint);
  const ReplicaTime time = replica_time(model, work, out, factors, peak);
  const double power_w = device_power_w(scenario.device, hw, time.busy_share, catalog, footprint);

  // Per item: the replica's devices for a batch's time, shared by the batch.
  const double item_s = time.batch_s / out.batch;
  const double accelerator_j = out.devices * power_w * item_s;
  const double host_j = out.devices * device.host_w * item_s;

  GenerationUse use;
  use.media = model.kind;
  const double items = resolve_items(scenario, use, footprint);
  use.items = items;
  describe_item(model, out, work, factors, time, item_s, use);

  footprint.energy.accelerators_kwh = accelerator_j * items / k_joules_per_kwh;
  footprint.energy.host_kwh = host_j * items / k_joules_per_kwh;
  footprint.time.device_hours = out.devices * item_s * items / k_seconds_per_hour;
  if (footprint.time.wall_hours) {
    footprint.time.devices = footprint.time.device_hours / *footprint.time.wall_hours;
  }
  footprint.compute.route = "roofline";
  footprint.compute.flops = use.flop_per_item * items;
  footprint.compute.precision = "bf16";

  const detail::ResolvedSite site = detail::resolve_site(scenario.site, catalog, footprint);
  const double embodied_kg =
      footprint.time.device_hours * device.embodied_kg_per_device / device.lifetime_h;
  detail::complete_footprint(footprint, site, embodied_kg);

  footprint.per_item = PerUnit{footprint.energy.total_kwh * k_wh_per_kwh / items,
                               footprint.co2e.total_kg * 1000.0 / items,
                               footprint.water.total_l * 1000.0 / items};
  footprint.generation = use;
  return footprint;
}

} // namespace aifoot
