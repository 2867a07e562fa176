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
#include <optional>
#include <span>
#include <string_view>
#include <vector>

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
// part: Assumption::low_confidence) takes the range of an unmeasured default instead.
const UncertaintyRange* catalog_range(const Assumption& a, Factor factor, const Catalog& catalog) {
  const std::string_view origin = a.low_confidence ? std::string_view("default") : a.origin;
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

// The inputs to vary, into `inputs` (cleared first); `details`: with each one's origin and sources.
void uncertain_inputs(const Footprint& f,
                      const UserRanges& user,
                      const Catalog& catalog,
                      bool details,
                      std::vector<Input>& inputs) {
  inputs.clear();
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
      if (details) {
        summary.origin = fmt::format("catalog:uncertainty/{}", range->id);
        summary.sources = range->sources;
      }
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
    const double ceiling = std::max(summary.central, ceiling_of(*factor));
    inputs.push_back({std::move(summary),
                      *effect,
                      std::max(0.0, sigma_low),
                      std::max(0.0, sigma_high),
                      ceiling});
  }
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

// The factors of every draw, one column per factor: applying an input's draws is then one loop
// over contiguous values, which the compiler vectorises (a strided update of each draw's Factors,
// with the effect's switch inside the loop, was a quarter of a record's time).
struct FactorColumns {
  std::vector<double> time, power, host, embodied, pue, ci, wue, ewif;

  void assign(std::size_t n, const Factors& central) {
    time.assign(n, central.time);
    power.assign(n, central.power);
    host.assign(n, central.host);
    embodied.assign(n, central.embodied);
    pue.assign(n, central.pue);
    ci.assign(n, central.ci);
    wue.assign(n, central.wue);
    ewif.assign(n, central.ewif);
  }
  Factors row(std::size_t j) const {
    return {time[j], power[j], host[j], embodied[j], pue[j], ci[j], wue[j], ewif[j]};
  }
};

// Calls visit(select, op) for an input's effect: select(factors) is the factor it changes (a
// member of Factors or the column of FactorColumns of the same name) and op(x, m) that factor's
// new value for a draw's multiplier m = sampled / central: efficiencies and lifetime divide, the
// rest multiply or replace.
template <typename Visit> void visit_effect(Effect effect, double central, Visit visit) {
  const auto divide = [](double x, double m) {
    return x / m;
  };
  const auto multiply = [](double x, double m) {
    return x * m;
  };
  const auto replace = [central](double /*x*/, double m) {
    return central * m;
  };
  switch (effect) {
  case Effect::time:
    return visit(
        [](auto& f) -> auto& { return f.time; }, divide);
  case Effect::time_direct:
    return visit(
        [](auto& f) -> auto& { return f.time; }, multiply);
  case Effect::power:
    return visit(
        [](auto& f) -> auto& { return f.power; }, multiply);
  case Effect::host:
    return visit(
        [](auto& f) -> auto& { return f.host; }, multiply);
  case Effect::pue:
    return visit(
        [](auto& f) -> auto& { return f.pue; }, replace);
  case Effect::intensity:
    return visit(
        [](auto& f) -> auto& { return f.ci; }, replace);
  case Effect::wue:
    return visit(
        [](auto& f) -> auto& { return f.wue; }, replace);
  case Effect::ewif:
    return visit(
        [](auto& f) -> auto& { return f.ewif; }, replace);
  case Effect::embodied:
    return visit(
        [](auto& f) -> auto& { return f.embodied; }, multiply);
  case Effect::lifetime:
    return visit(
        [](auto& f) -> auto& { return f.embodied; }, divide);
  }
}

// Applies one draw of an input, given as its multiplier m.
void apply(Factors& f, Effect effect, double m, double central) {
  visit_effect(effect, central, [&](auto select, auto op) {
    double& x = select(f);
    x = op(x, m);
  });
}

// Applies every draw of an input: draw j's multiplier is m[j].
void apply_draws(FactorColumns& f, Effect effect, const double* m, double central) {
  visit_effect(effect, central, [&](auto select, auto op) {
    std::vector<double>& column = select(f);
    for (std::size_t j = 0; j < column.size(); ++j) {
      column[j] = op(column[j], m[j]);
    }
  });
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
    m_cfe = value_of("cfe", 0.0); // kept by Trail::factors too (detail::trail_records)
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

// Copies src[first, last) to dst[first, last) without a branch per element: the values
// `goes_first` accepts from the front, the others from the back; returns where the others begin.
// (Writing to another buffer, never reading what was just written, keeps the loop free of the
// store-to-load waits of an in-place partition.)
template <typename GoesFirst>
std::size_t partition_into(
    const double* src, double* dst, std::size_t first, std::size_t last, GoesFirst goes_first) {
  std::size_t front = first;
  std::size_t back = last - 1;
  for (std::size_t i = first; i < last; ++i) {
    const double value = src[i];
    const bool first_part = goes_first(value);
    dst[front] = value;
    dst[back] = value;
    front += first_part ? 1 : 0;
    back -= first_part ? 0 : 1;
  }
  return front;
}

// The values of the given ranks (ascending, each in [first, last)) among src[first, last), into
// `out` (same order): quickselect for several ranks at once, moving the values between `src` and
// `dst` (which both keep position k for rank k's range). Any selection gives the same values, so
// the percentiles are those of a sort.
void select_ranks(double* src,
                  double* dst,
                  std::size_t first,
                  std::size_t last,
                  std::span<const std::size_t> ranks,
                  double* out) {
  if (ranks.empty()) {
    return;
  }
  if (last - first <= 16) {
    std::sort(src + first, src + last);
    for (std::size_t r = 0; r < ranks.size(); ++r) {
      out[r] = src[ranks[r]];
    }
    return;
  }
  const double a = src[first];
  const double b = src[first + (last - first) / 2];
  const double c = src[last - 1];
  const double pivot = std::max(std::min(a, b), std::min(std::max(a, b), c)); // median of 3
  std::size_t split =
      partition_into(src, dst, first, last, [pivot](double x) { return x < pivot; });
  const auto below =
      static_cast<std::size_t>(std::lower_bound(ranks.begin(), ranks.end(), split) - ranks.begin());
  if (split == first) {
    // Nothing is below the pivot, the smallest value: its copies go first, and are its ranks.
    split = partition_into(src, dst, first, last, [pivot](double x) { return x <= pivot; });
    const auto equal = static_cast<std::size_t>(std::lower_bound(ranks.begin(), ranks.end(), split)
                                                - ranks.begin());
    std::fill(out, out + equal, pivot);
    select_ranks(dst, src, split, last, ranks.subspan(equal), out + equal);
    return;
  }
  select_ranks(dst, src, first, split, ranks.first(below), out);
  select_ranks(dst, src, split, last, ranks.subspan(below), out + below);
}

// The p5, p50 and p95 of `values` (linear interpolation between order statistics; `scratch` is
// overwritten), and nothing to select when the metric does not vary (e.g. embodied carbon with no
// uncertain input).
std::array<double, 3> p5_p50_p95(std::vector<double>& values, std::vector<double>& scratch) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  if (*low == *high) {
    return {*low, *low, *low};
  }
  const std::size_t last = values.size() - 1;
  const std::array<double, 3> positions{0.05 * static_cast<double>(last),
                                        0.5 * static_cast<double>(last),
                                        0.95 * static_cast<double>(last)};
  // Each position's order statistic and the next one up (the last one stays itself).
  std::array<std::size_t, 6> ranks{};
  for (std::size_t p = 0; p < 3; ++p) {
    ranks[2 * p] = static_cast<std::size_t>(positions[p]);
    ranks[2 * p + 1] = std::min(ranks[2 * p] + 1, last);
  }
  // select_ranks takes each rank once: ranks[1] may equal ranks[2] for a small sample count.
  std::array<std::size_t, 6> unique = ranks;
  const auto unique_end = std::unique(unique.begin(), unique.end());
  std::array<double, 6> unique_values{};
  scratch.resize(values.size());
  select_ranks(values.data(),
               scratch.data(),
               0,
               values.size(),
               std::span<const std::size_t>(unique.begin(), unique_end),
               unique_values.data());
  const auto value_of = [&](std::size_t rank) {
    return unique_values[static_cast<std::size_t>(std::find(unique.begin(), unique_end, rank)
                                                  - unique.begin())];
  };
  std::array<double, 3> result{};
  for (std::size_t p = 0; p < 3; ++p) {
    const double weight = positions[p] - std::floor(positions[p]);
    result[p] = value_of(ranks[2 * p]) * (1 - weight) + value_of(ranks[2 * p + 1]) * weight;
  }
  return result;
}

// How many n-long vectors of doubles a cache of draws keeps, at most `most`: as many as fit in
// 8 MB, and at least one (with a million samples a vector alone is 8 MB).
std::size_t vectors_to_keep(std::size_t n, std::size_t most) {
  constexpr std::size_t k_budget_doubles = std::size_t{1} << 20U;
  return std::clamp<std::size_t>(k_budget_doubles / std::max<std::size_t>(n, 1), 1, most);
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
// they are kept (up to 64 ranges per thread, fewer for large n: vectors_to_keep) instead of
// recomputed: n exp() calls per input were a tenth of an estimate with uncertainty.
const std::vector<double>& stratum_multipliers(std::size_t n, double sigma_low, double sigma_high) {
  struct Kept {
    std::size_t n;
    double sigma_low;
    double sigma_high;
    std::vector<double> multipliers;
  };
  const std::size_t most_kept = vectors_to_keep(n, 64);
  thread_local std::vector<Kept> kept;
  for (const auto& entry : kept) {
    if (entry.n == n && entry.sigma_low == sigma_low && entry.sigma_high == sigma_high) {
      return entry.multipliers;
    }
  }
  while (!kept.empty() && kept.size() >= most_kept) {
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

constexpr std::size_t k_metric_count = k_metric_names.size();
// The metrics with ranges when UncertaintyOptions::details is false: the three totals, from which
// the per-unit figures scale (k_scaled_ranges).
constexpr std::array<std::size_t, 3> k_headline_metrics{0, 1, 4};

// Per-request, per-item and per-token figures are the totals divided by fixed counts: they take
// the relative range of total `metric` (an index into k_metric_names). `unit` is the footprint's
// per-unit block, or nullptr for the throughput's energy per token.
struct ScaledRange {
  const char* name;
  std::size_t metric;
  std::optional<PerUnit> Footprint::*unit;
  double PerUnit::*value;
};

constexpr std::array<ScaledRange, 10> k_scaled_ranges{{
    {"per_request.energy_wh", 0, &Footprint::per_request, &PerUnit::energy_wh},
    {"per_request.co2e_g", 1, &Footprint::per_request, &PerUnit::co2e_g},
    {"per_request.water_ml", 4, &Footprint::per_request, &PerUnit::water_ml},
    {"per_item.energy_wh", 0, &Footprint::per_item, &PerUnit::energy_wh},
    {"per_item.co2e_g", 1, &Footprint::per_item, &PerUnit::co2e_g},
    {"per_item.water_ml", 4, &Footprint::per_item, &PerUnit::water_ml},
    {"throughput.energy_j_per_token", 0, nullptr, nullptr},
    {"per_million_tokens.energy_wh", 0, &Footprint::per_million_tokens, &PerUnit::energy_wh},
    {"per_million_tokens.co2e_g", 1, &Footprint::per_million_tokens, &PerUnit::co2e_g},
    {"per_million_tokens.water_ml", 4, &Footprint::per_million_tokens, &PerUnit::water_ml},
}};

// The footprint's point value of a scaled figure, when it has one.
std::optional<double> point_of(const Footprint& f, const ScaledRange& scaled) {
  if (scaled.unit == nullptr) {
    return f.throughput ? std::optional(f.throughput->energy_j_per_token) : std::nullopt;
  }
  const std::optional<PerUnit>& unit = f.*scaled.unit;
  return unit ? std::optional((*unit).*scaled.value) : std::nullopt;
}

// What one add_uncertainty works in, kept per thread so that a stream reuses the allocations.
struct Workspace {
  std::vector<Input> inputs;
  std::vector<double> draws; // draw j of input i at [i * n + j], a multiplier of its central value
  FactorColumns factors;     // per draw
  std::array<std::vector<double>, k_metric_count> samples; // per metric, in k_metric_names order
  std::vector<double> scratch;                             // for the percentile selections
};

// The Latin hypercube's stratum orders: order i is input i's random permutation of 0..n-1,
// shuffled in turn from one generator seeded with `seed`. They depend on nothing but the seed, n
// and the input's position, so a stream (one seed and sample count throughout) shuffles once per
// thread instead of once per record: the shuffles were a sixth of a record's instructions.
class StratumOrders {
public:
  // Input i's stratum multipliers for its range (sigma_low, sigma_high) in input i's order: its
  // draws before the ceiling. Kept per position and range (a stream meets the same few ranges at
  // each position), so that a record's draws are a capped copy, not a gather through the order.
  const std::vector<double>&
  ordered(std::size_t i, std::size_t n, std::uint64_t seed, double sigma_low, double sigma_high) {
    if (n != m_n || seed != m_seed) {
      m_n = n;
      m_seed = seed;
      m_random = Random(seed);
      m_positions.clear();
    }
    while (m_positions.size() <= i) {
      m_positions.push_back({shuffled(n), {}});
    }
    Position& position = m_positions[i];
    for (const Ordered& kept : position.kept) {
      if (kept.sigma_low == sigma_low && kept.sigma_high == sigma_high) {
        return kept.multipliers;
      }
    }
    while (!position.kept.empty() && position.kept.size() >= vectors_to_keep(n, 16)) {
      position.kept.erase(position.kept.begin()); // the oldest
    }
    const std::vector<double>& strata = stratum_multipliers(n, sigma_low, sigma_high);
    std::vector<double> multipliers(n);
    for (std::size_t j = 0; j < n; ++j) {
      multipliers[j] = strata[position.order[j]];
    }
    position.kept.push_back({sigma_low, sigma_high, std::move(multipliers)});
    return position.kept.back().multipliers;
  }

private:
  struct Ordered {
    double sigma_low;
    double sigma_high;
    std::vector<double> multipliers;
  };
  struct Position {
    std::vector<std::uint32_t> order;
    std::vector<Ordered> kept;
  };

  // The next input position's order, from the generator's next draws.
  std::vector<std::uint32_t> shuffled(std::size_t n) {
    const Remainders& remainders = remainders_up_to(n);
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    for (std::size_t j = n - 1; j > 0; --j) {
      std::swap(order[j], order[remainders.of(m_random.next(), j + 1)]); // next() % (j + 1)
    }
    return order;
  }

  std::size_t m_n = 0;
  std::uint64_t m_seed = 0;
  Random m_random{0};
  std::vector<Position> m_positions;
};

// Latin hypercube (McKay, Beckman and Conover 1979) at the strata midpoints: each input takes
// every one of the n normal quantiles once, in its own random order.
void latin_hypercube(Workspace& w, std::size_t n, std::uint64_t seed) {
  thread_local StratumOrders orders;
  w.draws.resize(w.inputs.size() * n);
  for (std::size_t i = 0; i < w.inputs.size(); ++i) {
    const Input& input = w.inputs[i];
    const std::vector<double>& ordered =
        orders.ordered(i, n, seed, input.sigma_low, input.sigma_high);
    const double cap = input.ceiling / input.summary.central;
    double* column = w.draws.data() + i * n;
    for (std::size_t j = 0; j < n; ++j) {
      column[j] = std::min(cap, ordered[j]);
    }
  }
}

// The `wanted` metrics of the breakdown at each of the n draws, into w.samples. Input by input
// over all draws (each draw's factors change in the same order as draw by draw, so the numbers
// are the same), which takes the switch on the effect out of the inner loop.
template <std::size_t Count>
void sample_metrics(const Breakdown& model,
                    Workspace& w,
                    std::size_t n,
                    const std::array<std::size_t, Count>& wanted) {
  w.factors.assign(n, model.central());
  for (std::size_t i = 0; i < w.inputs.size(); ++i) {
    const Input& input = w.inputs[i];
    apply_draws(w.factors, input.effect, w.draws.data() + i * n, input.summary.central);
  }
  for (const std::size_t m : wanted) {
    w.samples[m].resize(n);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const Point p = model.evaluate(w.factors.row(j));
    for (const std::size_t m : wanted) {
      w.samples[m][j] = metric(p, m);
    }
  }
}

using MetricVariances = std::array<double, k_metric_count>;
using MetricPercentiles = std::array<std::array<double, 3>, k_metric_count>;

// The `wanted` metrics' 5th/50th/95th percentiles into `result.ranges` and `percentiles`; with
// `variances`, each one's variance there. Reorders the samples.
template <std::size_t Count>
void add_ranges(Workspace& w,
                const std::array<std::size_t, Count>& wanted,
                MetricPercentiles& percentiles,
                MetricVariances* variances,
                Uncertainty& result) {
  for (const std::size_t m : wanted) {
    std::vector<double>& samples = w.samples[m];
    if (variances != nullptr) {
      // A metric no input moves has no variance (variance() of equal values may round above 0,
      // which made shares of nothing come out huge).
      const auto [lowest, highest] = std::minmax_element(samples.begin(), samples.end());
      (*variances)[m] = *lowest == *highest ? 0.0 : variance(samples);
    }
    percentiles[m] = p5_p50_p95(samples, w.scratch); // reorders the samples, not read after
    result.ranges.push_back(
        {k_metric_names[m], percentiles[m][0], percentiles[m][1], percentiles[m][2]});
  }
}

// First-order sensitivity: the variance of each metric when only one input varies, over the
// same draws, as a share of its variance when all vary (shares of a multiplicative model sum to
// about 1; the rest is interaction). With one input varying, every metric of the breakdown is
// affine in g = m (or 1/m for efficiencies and lifetime): metric = a + b g, so its variance is
// b^2 Var(g), with b from two evaluations, not one evaluation per draw.
void add_sensitivity(const Breakdown& model,
                     const Workspace& w,
                     std::size_t n,
                     const MetricVariances& total_variance,
                     Uncertainty& result) {
  std::array<std::vector<SensitivityShare>, k_metric_count> shares;
  const Point at_central = model.evaluate(model.central());
  for (std::size_t i = 0; i < w.inputs.size(); ++i) {
    const Effect effect = w.inputs[i].effect;
    const bool inverse = effect == Effect::time || effect == Effect::lifetime;
    double sum = 0;
    double sum_squares = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double m = w.draws[i * n + j];
      const double g = inverse ? 1.0 / m : m;
      sum += g;
      sum_squares += g * g;
    }
    const double mean = sum / static_cast<double>(n);
    const double variance_of_g = std::max(0.0, sum_squares / static_cast<double>(n) - mean * mean);
    Factors doubled = model.central(); // g = 2 instead of 1
    apply(doubled, effect, inverse ? 0.5 : 2.0, w.inputs[i].summary.central);
    const Point at_doubled = model.evaluate(doubled);
    for (std::size_t m = 0; m < k_metric_count; ++m) {
      const double slope = metric(at_doubled, m) - metric(at_central, m);
      const double alone = slope * slope * variance_of_g;
      if (total_variance[m] > 0) {
        const double share = alone / total_variance[m];
        if (share >= 0.005) {
          shares[m].push_back({w.inputs[i].summary.name, share});
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
void add_scaled_ranges(const Footprint& footprint,
                       const Breakdown& model,
                       const MetricPercentiles& percentiles,
                       Uncertainty& result) {
  const Point at_central = model.evaluate(model.central());
  for (const ScaledRange& scaled : k_scaled_ranges) {
    const std::optional<double> point = point_of(footprint, scaled);
    const double reference = metric(at_central, scaled.metric);
    if (point && reference > 0) {
      const auto& [p5, p50, p95] = percentiles[scaled.metric];
      result.ranges.push_back({scaled.name,
                               *point * p5 / reference,
                               *point * p50 / reference,
                               *point * p95 / reference});
    }
  }
}

// Ranges of every metric, the inputs with their origins and the sensitivity shares.
void add_detailed(const Footprint& footprint,
                  const Breakdown& model,
                  Workspace& w,
                  std::size_t n,
                  Uncertainty& result) {
  constexpr auto k_all = [] {
    std::array<std::size_t, k_metric_count> all{};
    std::iota(all.begin(), all.end(), std::size_t{0});
    return all;
  }();
  sample_metrics(model, w, n, k_all);
  for (const auto& input : w.inputs) {
    result.inputs.push_back(input.summary);
  }
  MetricPercentiles percentiles{};
  MetricVariances total_variance{};
  add_ranges(w, k_all, percentiles, &total_variance, result);
  add_sensitivity(model, w, n, total_variance, result);
  add_scaled_ranges(footprint, model, percentiles, result);
}

// The headline totals' ranges and the per-unit figures scaled from them, nothing else.
void add_headline(const Footprint& footprint,
                  const Breakdown& model,
                  Workspace& w,
                  std::size_t n,
                  Uncertainty& result) {
  sample_metrics(model, w, n, k_headline_metrics);
  MetricPercentiles percentiles{};
  add_ranges(w, k_headline_metrics, percentiles, nullptr, result);
  add_scaled_ranges(footprint, model, percentiles, result);
  result.detailed = false;
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
  if (footprint.trail == Trail::none) {
    throw Error(ErrorKind::internal, "uncertainty needs an estimate made with a trail");
  }
  if (footprint.lifecycle) {
    return; // several phases with their own factors: not modelled as one breakdown
  }
  thread_local Workspace workspace;
  Workspace& w = workspace;
  uncertain_inputs(footprint, ranges, catalog, options.details, w.inputs);
  const std::size_t n = options.samples;
  latin_hypercube(w, n, options.seed);
  const Breakdown model(footprint);

  Uncertainty result;
  result.method = "latin-hypercube";
  result.samples = n;
  result.seed = options.seed;
  if (options.details) {
    add_detailed(footprint, model, w, n, result);
  } else {
    add_headline(footprint, model, w, n, result);
  }
  footprint.uncertainty = std::move(result);
}

std::vector<std::string_view> uncertainty_metric_names(bool headline_only) {
  std::vector<std::string_view> names;
  if (headline_only) {
    for (const std::size_t m : k_headline_metrics) {
      names.emplace_back(k_metric_names[m]);
    }
  } else {
    names.assign(k_metric_names.begin(), k_metric_names.end());
  }
  for (const ScaledRange& scaled : k_scaled_ranges) {
    names.emplace_back(scaled.name);
  }
  return names;
}

} // namespace aifoot
