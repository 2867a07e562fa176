#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// Levenshtein distance between `a` and `b` in bytes: the fewest single-byte insertions, deletions
// and substitutions that turn one into the other. Case-sensitive; O(|a| x |b|) time, O(|b|) memory.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` known names closest to `name` (edit distance, prefix and substring matches),
// compared case-insensitively: names `name` starts first, then names containing it, then near
// misses by edit distance (at most max(2, |name| / 3) edits); ties in name order.
std::vector<std::string> closest_matches(std::string_view name,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'": names quoted for a "did you mean ...?" hint.
std::string quoted_alternatives(const std::vector<std::string>& names);

} // namespace aifoot
