#include <aifoot/metrics.hpp>

namespace aifoot {

const MetricSpec* find_metric(std::string_view path) {
  const auto* it = std::find_if(k_metrics.begin(), k_metrics.end(), [&](const MetricSpec& metric) {
    return metric.path == path;
  });
  return it == k_metrics.end() ? nullptr : &*it;
}

} // namespace aifoot
