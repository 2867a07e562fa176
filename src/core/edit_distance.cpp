#include <aifoot/edit_distance.hpp>

#include <algorithm>
#include <optional>
#include <utility>

namespace aifoot {

namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// 0 when `key` starts with `query`, 1 when it contains it (queries of 3 bytes or more), else 1 +
// the edit distance, or nothing when the distance is over max(2, |query| / 3).
std::optional<std::size_t> match_score(const std::string& query, const std::string& key) {
  if (!query.empty() && key.rfind(query, 0) == 0) {
    return 0;
  }
  if (query.size() >= 3 && key.find(query) != std::string::npos) {
    return 1;
  }
  // The distance is at least the difference in length: skipping those keeps a 1 MiB unknown
  // name from costing seconds of edit distance per candidate.
  const std::size_t max_distance = std::max<std::size_t>(2, query.size() / 3);
  const std::size_t length_gap =
      query.size() > key.size() ? query.size() - key.size() : key.size() - query.size();
  if (length_gap > max_distance) {
    return std::nullopt;
  }
  const std::size_t distance = edit_distance(query, key);
  if (distance > max_distance) {
    return std::nullopt;
  }
  return 1 + distance;
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> closest_matches(std::string_view name,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  // Names the query starts (a family: "h100" for h100-sxm, h100-pcie, h100-nvl) beat names that
  // contain it, which beat near misses by edit distance ("h100-sxn").
  const std::string query = lower_ascii(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    if (const auto score = match_score(query, lower_ascii(candidate))) {
      scored.emplace_back(*score, candidate);
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (const auto& entry : scored) {
    // With a prefix match, only prefix matches are offered.
    if (out.size() == limit
        || (!out.empty() && entry.first > scored.front().first && scored.front().first == 0)) {
      break;
    }
    if (std::find(out.begin(), out.end(), entry.second) == out.end()) {
      out.push_back(entry.second);
    }
  }
  return out;
}

std::string quoted_alternatives(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : (i + 1 == names.size() ? " or " : ", "));
    out += "'" + names[i] + "'";
  }
  return out;
}

} // namespace aifoot
