#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/uncertainty.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace aifoot {
namespace {

// How a factor enters the breakdown.
enum class Effect {
  time,        // device time scales with central / x (an efficiency: MFU, bandwidth)
  time_direct, // device time scales with x / central
  power,       // accelerator energy scales with x / central
  host,        // host energy scales with x / central
  pue,         // x replaces the PUE
  intensity,   // x replaces the grid intensity
  wue,         // x replaces the WUE
  ewif,        // x replaces the EWIF
  embodied,    // embodied carbon scales with x / central
  lifetime,    // embodied carbon scales with central / x
};

struct Input {
  UncertainInput summary;
  Effect effect;
  double sigma_low;  // log-space spread below the median
  double sigma_high; // above
  double ceiling;    // largest value a draw may take (a share of a physical peak stays <= 1)
};

// Standard normal quantile: P. J. Acklam's rational approximation (relative error < 1.2e-9).
double normal_quantile(double p) {
  static constexpr std::array<double, 6> k_a{-3.969683028665376e+01,
                                             2.209460984245205e+02,
                                             -2.759285104469687e+02,
                                             1.383577518672690e+02,
                                             -3.066479806614716e+01,
                                             2.506628277459239e+00};
  static constexpr std::array<double, 5> k_b{-5.447609879822406e+01,
                                             1.615858368580409e+02,
                                             -1.556989798598866e+02,
                                             6.680131188771972e+01,
                                             -1.328068155288572e+01};
  static constexpr std::array<double, 6> k_c{-7.784894002430293e-03,
                                             -3.223964580411365e-01,
                                             -2.400758277161838e+00,
                                             -2.549732539343734e+00,
                                             4.374664141464968e+00,
                                             2.938163982698783e+00};
  static constexpr std::array<double, 4> k_d{
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double k_low = 0.02425;
  if (p < k_low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((k_c[0] * q + k_c[1]) * q + k_c[2]) * q + k_c[3]) * q + k_c[4]) * q + k_c[5])
           / ((((k_d[0] * q + k_d[1]) * q + k_d[2]) * q + k_d[3]) * q + 1);
  }
  if (p > 1 - k_low) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((k_c[0] * q + k_c[1]) * q + k_c[2]) * q + k_c[3]) * q + k_c[4]) * q + k_c[5])
           / ((((k_d[0] * q + k_d[1]) * q + k_d[2]) * q + k_d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((k_a[0] * r + k_a[1]) * r + k_a[2]) * r + k_a[3]) * r + k_a[4]) * r + k_a[5]) * q
         / (((((k_b[0] * r + k_b[1]) * r + k_b[2]) * r + k_b[3]) * r + k_b[4]) * r + 1);
}

// SplitMix64 (Steele, Lea and Flood 2014): a small generator with the same output everywhere,
// which the standard distributions do not promise.
class Random {
public:
  explicit Random(std::uint64_t seed)
      : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }

private:
  std::uint64_t m_state;
};

__extension__ using Uint128 = unsigned __int128; // GCC and Clang

// x % d without a division, for the shuffles' divisors 2..n: one 64-bit division per draw and
// input was the largest single cost of a record with uncertainty. Lemire, Kaser and Kurz (2019),
// "Faster remainder by direct computation": with M = ceil(2^128 / d), x % d = (M x mod 2^128) d
// / 2^128 exactly, for every 64-bit x and d.
class Remainders {
public:
  explicit Remainders(std::size_t largest)
      : m_multipliers(largest + 1) {
    for (std::size_t d = 1; d <= largest; ++d) {
      m_multipliers[d] = ~Uint128{0} / d + 1;
    }
  }

  std::size_t largest() const { return m_multipliers.size() - 1; }

  // x % d, for d in 1..largest().
  std::size_t of(std::uint64_t x, std::size_t d) const {
    const Uint128 low_bits = m_multipliers[d] * x;
    const Uint128 bottom = ((low_bits & ~std::uint64_t{0}) * d) >> 64U;
    const Uint128 top = (low_bits >> 64U) * d;
    return static_cast<std::size_t>((bottom + top) >> 64U);
  }

private:
  std::vector<Uint128> m_multipliers; // index d: ceil(2^128 / d)
};

// The remainders for divisors up to n, computed once per thread for the largest n seen (a stream
// uses one sample count throughout).
const Remainders& remainders_up_to(std::size_t n) {
  thread_local Remainders kept(1);
  if (kept.largest() < n) {
    kept = Remainders(n);
  }
  return kept;
}

constexpr double k_z95 = 1.6448536269514722; // standard normal 95th percentile

// How `factor` enters this footprint's breakdown, or nothing when it does not (MFU when time came
// from device-hours, the decode efficiency of the roofline term that did not bind).
std::optional<Effect> effect_of(Factor factor, const Footprint& f) {
  const bool serving = f.throughput.has_value();
  const bool from_compute = f.compute.route == "flops_over_throughput";
  switch (factor) {
  // Utilisation factors and goodput set the rate of progress; the scope factor adds device time.
  case Factor::mfu:
  case Factor::mfu_size_factor:
  case Factor::mfu_moe_factor:
  case Factor::precision_speedup:
  case Factor::goodput:
    return from_compute ? std::optional(Effect::time) : std::nullopt;
  case Factor::scope_factor:
    return from_compute ? std::optional(Effect::time_direct) : std::nullopt;
  case Factor::bw_efficiency:
    return serving && f.throughput->bound == "memory" ? std::optional(Effect::time) : std::nullopt;
  case Factor::mfu_decode:
    return serving && f.throughput->bound == "compute" ? std::optional(Effect::time) : std::nullopt;
  case Factor::tokens_per_s:
  case Factor::fleet_efficiency:
    return serving ? std::optional(Effect::time) : std::nullopt;
  case Factor::denoiser_efficiency:
    // The denoiser's achieved share of peak sets the replica's time.
    return f.generation ? std::optional(Effect::time) : std::nullopt;
  case Factor::joules_per_token:
    return serving ? std::optional(Effect::power) : std::nullopt;
  case Factor::power_fraction:
    return Effect::power;
  case Factor::device_power:
    // In training a power fraction already carries this uncertainty.
    return find_assumption(f, to_string(Factor::power_fraction)) != nullptr
               ? std::nullopt
               : std::optional(Effect::power);
  case Factor::host_power:
    return Effect::host;
  case Factor::pue:
    return Effect::pue;
  case Factor::grid_intensity:
    return Effect::intensity;
  case Factor::wue:
    return Effect::wue;
  case Factor::ewif:
    return Effect::ewif;
  case Factor::embodied_per_device:
    return Effect::embodied;
  case Factor::lifetime:
    return Effect::lifetime;
  }
  return std::nullopt;
}

// The data/uncertainty.json record for `a`: same factor, longest matching origin prefix. A
// catalog value its profile flags as low confidence (estimated by analogy, not measured on the
// part; its note starts "low confidence") takes the range of an unmeasured default instead.
const UncertaintyRange* catalog_range(const Assumption& a, Factor factor, const Catalog& catalog) {
  const bool analogy = a.origin.rfind("catalog:", 0) == 0 && a.note.rfind("low confidence", 0) == 0;
  const std::string_view origin = analogy ? std::string_view("default") : a.origin;
  const UncertaintyRange* best = nullptr;
  for (const auto& range : catalog.uncertainty_ranges()) {
    if (range.factor == factor && origin.rfind(range.origin, 0) == 0
        && (best == nullptr || range.origin.size() > best->origin.size())) {
      best = &range;
    }
  }
  return best;
}

// Shares of a physical peak (board power of TDP, achieved of peak FLOP/s or memory bandwidth,
// progress of wall time) cannot average above 1.
double ceiling_of(Factor factor) {
  return factor == Factor::power_fraction || factor == Factor::mfu || factor == Factor::goodput
                 || factor == Factor::bw_efficiency
             ? 1.0
             : std::numeric_limits<double>::infinity();
}

std::vector<Input>
uncertain_inputs(const Footprint& f, const UserRanges& user, const Catalog& catalog) {
  std::vector<Input> inputs;
  for (const auto& a : f.assumptions) {
    if (!a.text.empty() || !(a.value > 0.0)) {
      continue;
    }
    const auto factor = parse_factor(a.name);
    const auto effect = factor ? effect_of(*factor, f) : std::nullopt;
    if (!effect) {
      continue;
    }
    UncertainInput summary{a.name, a.value, a.value, a.value, "", {}};
    const auto user_range = user.find(*factor);
    // A single value given by the user is exact: only other values take a catalog range.
    const auto* range = user_range == user.end() && a.origin != "user"
                            ? catalog_range(a, *factor, catalog)
                            : nullptr;
    if (user_range != user.end()) {
      summary.low = user_range->second.first;
      summary.high = user_range->second.second;
      summary.origin = "user range";
    } else if (range != nullptr) {
      summary.low = a.value * range->low;
      summary.high = a.value * range->high;
      summary.origin = fmt::format("catalog:uncertainty/{}", range->id);
      summary.sources = range->sources;
    } else {
      continue;
    }
    if (!(summary.high > summary.low)) {
      continue;
    }
    // A user range is centred on its midpoint; the median of the sampled distribution is the
    // value the estimate used, and the range ends are its p5 and p95.
    const double low = std::max(summary.low, summary.central * 1e-6);
    const double sigma_low = std::log(summary.central / low) / k_z95;
    const double sigma_high = std::log(summary.high / summary.central) / k_z95;
    inputs.push_back({summary,
                      *effect,
                      std::max(0.0, sigma_low),
                      std::max(0.0, sigma_high),
                      std::max(summary.central, ceiling_of(*factor))});
  }
  return inputs;
}

// The metrics an uncertainty run reports, computed from the breakdown for one set of factors.
struct Point {
  double energy_kwh;
  double co2e_kg;
  double operational_kg;
  double embodied_kg;
  double water_l;
  double device_hours;
  double onsite_water_l;
  double offsite_water_l;
};

// The metrics whose ranges are reported, in order (the metric registry's ranged metrics).
constexpr const auto& k_metric_names = k_ranged_metric_paths;

// The factors of one draw: multipliers of device time, accelerator power, host power and embodied
// carbon, and the facility values that replace the estimate's.
struct Factors {
  double time = 1;
  double power = 1;
  double host = 1;
  double embodied = 1;
  double pue = 1;
  double ci = 0;
  double wue = 0;
  double ewif = 0;
};

// Applies one input's draw, given as its multiplier m = x / central (the sampled value over the
// value the estimate used): efficiencies and lifetime divide, the rest multiply or replace.
void apply(Factors& f, Effect effect, double m, double central) {
  switch (effect) {
  case Effect::time:
    f.time /= m;
    break;
  case Effect::time_direct:
    f.time *= m;
    break;
  case Effect::power:
    f.power *= m;
    break;
  case Effect::host:
    f.host *= m;
    break;
  case Effect::pue:
    f.pue = central * m;
    break;
  case Effect::intensity:
    f.ci = central * m;
    break;
  case Effect::wue:
    f.wue = central * m;
    break;
  case Effect::ewif:
    f.ewif = central * m;
    break;
  case Effect::embodied:
    f.embodied *= m;
    break;
  case Effect::lifetime:
    f.embodied /= m;
    break;
  }
}

// Recomputes the footprint's metrics for one set of factors with the estimator's formulas
// (docs/design.md §2.1-2.4): time and power scale the energies, the facility factors replace
// theirs.
class Breakdown {
public:
  explicit Breakdown(const Footprint& f)
      : m_f(f) {
    const auto value_of = [&](const char* name, double fallback) {
      const Assumption* a = find_assumption(f, name);
      return a != nullptr && a->text.empty() ? a->value : fallback;
    };
    m_central.pue = value_of("pue", 1.0);
    m_central.ci = value_of("grid_intensity", 0.0);
    m_central.wue = value_of("wue", 0.0);
    m_central.ewif = value_of("ewif", 0.0);
    m_cfe = value_of("cfe", 0.0);
  }

  const Factors& central() const { return m_central; }

  Point evaluate(const Factors& x) const {
    const EnergyBreakdown& e = m_f.energy;
    const double accelerators = e.accelerators_kwh * x.time * x.power;
    const double hosts = e.host_kwh * x.time * x.host;
    const double idle = e.idle_capacity_kwh * x.time;
    const double it = accelerators + hosts + idle;
    double total = it * x.pue;
    double scope_it = it;
    if (m_f.boundary == Boundary::accelerator) {
      total = accelerators;
      scope_it = accelerators;
    } else if (m_f.boundary == Boundary::server) {
      total = it;
    }
    Point p{};
    p.energy_kwh = total;
    p.operational_kg = total * x.ci * (1.0 - m_cfe) / 1000.0;
    p.embodied_kg = m_f.co2e.embodied_kg * x.time * x.embodied;
    p.co2e_kg = p.operational_kg + p.embodied_kg;
    p.onsite_water_l = scope_it * x.wue;
    p.offsite_water_l = total * x.ewif;
    p.water_l = p.onsite_water_l + p.offsite_water_l;
    p.device_hours = m_f.time.device_hours * x.time;
    return p;
  }

private:
  const Footprint& m_f;
  Factors m_central;
  double m_cfe = 0;
};

double metric(const Point& p, std::size_t index) {
  switch (index) {
  case 0:
    return p.energy_kwh;
  case 1:
    return p.co2e_kg;
  case 2:
    return p.operational_kg;
  case 3:
    return p.embodied_kg;
  case 4:
    return p.water_l;
  case 5:
    return p.device_hours;
  case 6:
    return p.onsite_water_l;
  default:
    return p.offsite_water_l;
  }
}

// The p5, p50 and p95 of `values` (linear interpolation between order statistics), reordering
// them: nested partial selections instead of a full sort, and nothing to do when the metric does
// not vary (e.g. embodied carbon with no uncertain input).
std::array<double, 3> p5_p50_p95(std::vector<double>& values) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  if (*low == *high) {
    return {*low, *low, *low};
  }
  const auto last = static_cast<double>(values.size() - 1);
  // The order statistic at `position` and the next one up, within [first, end) which holds every
  // value of those ranks after the previous selections.
  const auto at = [&](double position, auto first, auto end) {
    const auto below = values.begin() + static_cast<std::ptrdiff_t>(position);
    std::nth_element(first, below, end);
    const double weight = position - std::floor(position);
    const double next = below + 1 < end ? *std::min_element(below + 1, end) : *below;
    return std::pair(below, *below * (1 - weight) + next * weight);
  };
  const auto [median, p50] = at(0.5 * last, values.begin(), values.end());
  const auto p5 = at(0.05 * last, values.begin(), median + 1).second;
  const auto p95 = at(0.95 * last, median, values.end()).second;
  return {p5, p50, p95};
}

// The standard normal quantiles at the midpoints of n equal-probability strata, computed once per
// sample count (a stream uses one count throughout).
const std::vector<double>& stratum_quantiles(std::size_t n) {
  thread_local std::vector<double> z;
  if (z.size() != n) {
    z.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      z[j] = normal_quantile((static_cast<double>(j) + 0.5) / static_cast<double>(n));
    }
  }
  return z;
}

// exp(z sigma) at every stratum quantile z (sigma_low below the median, sigma_high above): the
// multipliers an input with that range takes. A stream meets the same few ranges over and over, so
// they are kept (up to k_kept ranges per thread) instead of recomputed: n exp() calls per input
// were a tenth of an estimate with uncertainty.
const std::vector<double>& stratum_multipliers(std::size_t n, double sigma_low, double sigma_high) {
  struct Kept {
    std::size_t n;
    double sigma_low;
    double sigma_high;
    std::vector<double> multipliers;
  };
  constexpr std::size_t k_kept = 64;
  thread_local std::vector<Kept> kept;
  for (const auto& entry : kept) {
    if (entry.n == n && entry.sigma_low == sigma_low && entry.sigma_high == sigma_high) {
      return entry.multipliers;
    }
  }
  if (kept.size() == k_kept) {
    kept.erase(kept.begin()); // the oldest
  }
  const std::vector<double>& z = stratum_quantiles(n);
  std::vector<double> multipliers(n);
  for (std::size_t r = 0; r < n; ++r) {
    multipliers[r] = std::exp(z[r] * (z[r] < 0 ? sigma_low : sigma_high));
  }
  kept.push_back({n, sigma_low, sigma_high, std::move(multipliers)});
  return kept.back().multipliers;
}

double variance(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double sum = 0;
  for (const double v : values) {
    sum += (v - mean) * (v - mean);
  }
  return sum / n;
}

// Draws per input: columns[i][j] is draw j of input i as a multiplier of its central value.
using Columns = std::vector<std::vector<double>>;
// Samples per metric, in k_metric_names order.
using MetricSamples = std::array<std::vector<double>, k_metric_names.size()>;
using MetricVariances = std::array<double, k_metric_names.size()>;

// Latin hypercube (McKay, Beckman and Conover 1979) at the strata midpoints: each input takes
// every one of the n normal quantiles once, in its own random order.
Columns latin_hypercube(const std::vector<Input>& inputs, std::size_t n, std::uint64_t seed) {
  const std::size_t k = inputs.size();
  Random random(seed);
  const Remainders& remainders = remainders_up_to(n);
  Columns columns(k, std::vector<double>(n));
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < k; ++i) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t j = n - 1; j > 0; --j) {
      std::swap(order[j], order[remainders.of(random.next(), j + 1)]); // next() % (j + 1)
    }
    const Input& input = inputs[i];
    const std::vector<double>& strata = stratum_multipliers(n, input.sigma_low, input.sigma_high);
    const double cap = input.ceiling / input.summary.central;
    for (std::size_t j = 0; j < n; ++j) {
      columns[i][j] = std::min(cap, strata[order[j]]);
    }
  }
  return columns;
}

// Every metric of the breakdown at each of the n draws.
MetricSamples sample_metrics(const Breakdown& model,
                             const std::vector<Input>& inputs,
                             const Columns& columns,
                             std::size_t n) {
  MetricSamples outputs;
  for (auto& output : outputs) {
    output.resize(n);
  }
  for (std::size_t j = 0; j < n; ++j) {
    Factors x = model.central();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      apply(x, inputs[i].effect, columns[i][j], inputs[i].summary.central);
    }
    const Point p = model.evaluate(x);
    for (std::size_t m = 0; m < outputs.size(); ++m) {
      outputs[m][j] = metric(p, m);
    }
  }
  return outputs;
}

// Each metric's 5th/50th/95th percentiles into `result.ranges`; returns each metric's variance.
// Reorders the samples.
MetricVariances add_ranges(MetricSamples& outputs, Uncertainty& result) {
  MetricVariances total_variance{};
  for (std::size_t m = 0; m < outputs.size(); ++m) {
    // A metric no input moves has no variance (variance() of equal values may round above 0,
    // which made shares of nothing come out huge).
    const auto [lowest, highest] = std::minmax_element(outputs[m].begin(), outputs[m].end());
    total_variance[m] = *lowest == *highest ? 0.0 : variance(outputs[m]);
    const auto [p5, p50, p95] = p5_p50_p95(outputs[m]); // reorders outputs[m], not read after
    result.ranges.push_back({k_metric_names[m], p5, p50, p95});
  }
  return total_variance;
}

// First-order sensitivity: the variance of each metric when only one input varies, over the
// same draws, as a share of its variance when all vary (shares of a multiplicative model sum to
// about 1; the rest is interaction). With one input varying, every metric of the breakdown is
// affine in g = m (or 1/m for efficiencies and lifetime): metric = a + b g, so its variance is
// b^2 Var(g), with b from two evaluations, not one evaluation per draw.
void add_sensitivity(const Breakdown& model,
                     const std::vector<Input>& inputs,
                     const Columns& columns,
                     std::size_t n,
                     const MetricVariances& total_variance,
                     Uncertainty& result) {
  std::array<std::vector<SensitivityShare>, k_metric_names.size()> shares;
  const Point at_central = model.evaluate(model.central());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Effect effect = inputs[i].effect;
    const bool inverse = effect == Effect::time || effect == Effect::lifetime;
    double sum = 0;
    double sum_squares = 0;
    for (const double m : columns[i]) {
      const double g = inverse ? 1.0 / m : m;
      sum += g;
      sum_squares += g * g;
    }
    const double mean = sum / static_cast<double>(n);
    const double variance_of_g = std::max(0.0, sum_squares / static_cast<double>(n) - mean * mean);
    Factors doubled = model.central(); // g = 2 instead of 1
    apply(doubled, effect, inverse ? 0.5 : 2.0, inputs[i].summary.central);
    const Point at_doubled = model.evaluate(doubled);
    for (std::size_t m = 0; m < k_metric_names.size(); ++m) {
      const double slope = metric(at_doubled, m) - metric(at_central, m);
      const double alone = slope * slope * variance_of_g;
      if (total_variance[m] > 0) {
        const double share = alone / total_variance[m];
        if (share >= 0.005) {
          shares[m].push_back({inputs[i].summary.name, share});
        }
      }
    }
  }
  for (std::size_t m = 0; m < shares.size(); ++m) {
    std::sort(shares[m].begin(), shares[m].end(), [](const auto& a, const auto& b) {
      return a.share > b.share;
    });
    if (!shares[m].empty()) {
      result.sensitivity.push_back({k_metric_names[m], std::move(shares[m])});
    }
  }
}

// Per-request and per-token figures are the totals divided by fixed counts: same relative range.
void add_scaled_ranges(const Footprint& footprint, const Breakdown& model, Uncertainty& result) {
  const auto scaled = [&](const char* name, double point, std::size_t m) {
    const double reference = metric(model.evaluate(model.central()), m);
    if (reference > 0) {
      const MetricRange& r = result.ranges[m];
      result.ranges.push_back(
          {name, point * r.p5 / reference, point * r.p50 / reference, point * r.p95 / reference});
    }
  };
  if (footprint.per_request) {
    scaled("per_request.energy_wh", footprint.per_request->energy_wh, 0);
    scaled("per_request.co2e_g", footprint.per_request->co2e_g, 1);
    scaled("per_request.water_ml", footprint.per_request->water_ml, 4);
  }
  if (footprint.per_item) {
    scaled("per_item.energy_wh", footprint.per_item->energy_wh, 0);
    scaled("per_item.co2e_g", footprint.per_item->co2e_g, 1);
    scaled("per_item.water_ml", footprint.per_item->water_ml, 4);
  }
  if (footprint.throughput) {
    scaled("throughput.energy_j_per_token", footprint.throughput->energy_j_per_token, 0);
  }
  if (footprint.per_million_tokens) {
    scaled("per_million_tokens.energy_wh", footprint.per_million_tokens->energy_wh, 0);
    scaled("per_million_tokens.co2e_g", footprint.per_million_tokens->co2e_g, 1);
    scaled("per_million_tokens.water_ml", footprint.per_million_tokens->water_ml, 4);
  }
}

} // namespace

void add_uncertainty(Footprint& footprint,
                     const UserRanges& ranges,
                     const Catalog& catalog,
                     const UncertaintyOptions& options) {
  if (options.samples < 10 || options.samples > 1000000) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("samples must be between 10 and 1,000,000 (got {})", options.samples));
  }
  if (footprint.trail != Trail::full) {
    throw Error(ErrorKind::internal, "uncertainty needs an estimate made with the full trail");
  }
  if (footprint.lifecycle) {
    return; // several phases with their own factors: not modelled as one breakdown
  }
  const std::vector<Input> inputs = uncertain_inputs(footprint, ranges, catalog);
  const std::size_t n = options.samples;
  const Columns columns = latin_hypercube(inputs, n, options.seed);
  const Breakdown model(footprint);
  MetricSamples outputs = sample_metrics(model, inputs, columns, n);

  Uncertainty result;
  result.method = "latin-hypercube";
  result.samples = n;
  result.seed = options.seed;
  for (const auto& input : inputs) {
    result.inputs.push_back(input.summary);
  }
  const MetricVariances total_variance = add_ranges(outputs, result);
  add_sensitivity(model, inputs, columns, n, total_variance, result);
  add_scaled_ranges(footprint, model, result);
  footprint.uncertainty = std::move(result);
}

} // namespace aifoot
