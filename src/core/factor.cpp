#include <aifoot/factor.hpp>

#include <array>
#include <cstddef>
#include <vector>

namespace aifoot {
namespace {

constexpr std::array k_all_factors{Factor::mfu,
                                   Factor::mfu_size_factor,
                                   Factor::mfu_moe_factor,
                                   Factor::precision_speedup,
                                   Factor::goodput,
                                   Factor::scope_factor,
                                   Factor::power_fraction,
                                   Factor::device_power,
                                   Factor::host_power,
                                   Factor::bw_efficiency,
                                   Factor::mfu_decode,
                                   Factor::fleet_efficiency,
                                   Factor::denoiser_efficiency,
                                   Factor::tokens_per_s,
                                   Factor::joules_per_token,
                                   Factor::pue,
                                   Factor::grid_intensity,
                                   Factor::wue,
                                   Factor::ewif,
                                   Factor::embodied_per_device,
                                   Factor::lifetime};
// The enumerators are consecutive from 0: a new last one must be listed above too.
static_assert(k_all_factors.size() == static_cast<std::size_t>(Factor::lifetime) + 1);

} // namespace

std::string_view to_string(Factor factor) {
  switch (factor) {
  case Factor::mfu:
    return "mfu";
  case Factor::mfu_size_factor:
    return "mfu_size_factor";
  case Factor::mfu_moe_factor:
    return "mfu_moe_factor";
  case Factor::precision_speedup:
    return "precision_speedup";
  case Factor::goodput:
    return "goodput";
  case Factor::scope_factor:
    return "scope_factor";
  case Factor::power_fraction:
    return "power_fraction";
  case Factor::device_power:
    return "device_power";
  case Factor::host_power:
    return "host_power";
  case Factor::bw_efficiency:
    return "bw_efficiency";
  case Factor::mfu_decode:
    return "mfu_decode";
  case Factor::fleet_efficiency:
    return "fleet_efficiency";
  case Factor::denoiser_efficiency:
    return "denoiser_efficiency";
  case Factor::tokens_per_s:
    return "tokens_per_s";
  case Factor::joules_per_token:
    return "joules_per_token";
  case Factor::pue:
    return "pue";
  case Factor::grid_intensity:
    return "grid_intensity";
  case Factor::wue:
    return "wue";
  case Factor::ewif:
    return "ewif";
  case Factor::embodied_per_device:
    return "embodied_per_device";
  case Factor::lifetime:
    return "lifetime";
  }
  return "unknown";
}

std::optional<Factor> parse_factor(std::string_view name) {
  // Through the factors of the same name length: every assumption of a trail is looked up
  // (streams with uncertainty look up ~50 a record), most of them not factors, and a length
  // has at most a few factors.
  constexpr std::size_t k_longest = 32;
  struct ByLength {
    std::array<std::vector<Factor>, k_longest + 1> factors;
  };
  static const ByLength k_by_length = [] {
    ByLength table;
    for (const Factor factor : k_all_factors) {
      table.factors.at(to_string(factor).size()).push_back(factor);
    }
    return table;
  }();
  if (name.size() > k_longest) {
    return std::nullopt;
  }
  for (const Factor factor : k_by_length.factors[name.size()]) {
    if (to_string(factor) == name) {
      return factor;
    }
  }
  return std::nullopt;
}

std::string factor_names() {
  std::string names;
  for (const Factor factor : k_all_factors) {
    names += names.empty() ? "" : ", ";
    names += to_string(factor);
  }
  return names;
}

} // namespace aifoot
