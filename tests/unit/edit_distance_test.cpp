#include "catch.hpp"

#include <aifoot/edit_distance.hpp>

#include <string>
#include <vector>

using aifoot::closest_matches;
using aifoot::edit_distance;

TEST_CASE("edit_distance: insertions, deletions and substitutions count one each",
          "[edit_distance]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("h100-sxm", "h100-sxm") == 0);
  CHECK(edit_distance("h100-sxm", "h100-sxn") == 1); // substitution
  CHECK(edit_distance("h100-sxm", "h100-sx") == 1);  // deletion
  CHECK(edit_distance("a10", "a100") == 1);          // insertion
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("edit_distance: symmetric and case-sensitive", "[edit_distance]") {
  CHECK(edit_distance("sunday", "saturday") == 3);
  CHECK(edit_distance("saturday", "sunday") == 3);
  CHECK(edit_distance("FR", "fr") == 2);
}

TEST_CASE("closest_matches: ranks prefixes and near misses", "[edit_distance]") {
  const std::vector<std::string> names{"h100-sxm", "h100-pcie", "h200", "a100-80gb", "v100"};
  const auto matches = closest_matches("h10", names, 3);
  REQUIRE(!matches.empty());
  CHECK(matches.front().rfind("h100", 0) == 0);
  CHECK(closest_matches("completely-different", names).empty());
}

TEST_CASE("closest_matches: prefixes only when any name starts with the query", "[edit_distance]") {
  // "xh10" contains "h10" and "h20" is one edit from it, but prefix matches are offered alone.
  const std::vector<std::string> names{"h20", "h100-sxm", "h100-pcie", "xh10"};
  CHECK(closest_matches("h10", names, 5) == std::vector<std::string>{"h100-pcie", "h100-sxm"});
  CHECK(closest_matches("H10", names, 1) == std::vector<std::string>{"h100-pcie"});
}

TEST_CASE("closest_matches: substrings before near misses, then by distance and name",
          "[edit_distance]") {
  const std::vector<std::string> names{"fra", "us-fr-x", "fz", "de"};
  // "fr" is a prefix of "fra" only; with 3+ characters a substring ranks next.
  CHECK(closest_matches("fr", names, 5) == std::vector<std::string>{"fra"});
  CHECK(closest_matches("fr-x", names, 5) == std::vector<std::string>{"us-fr-x", "fra"});
  const std::vector<std::string> zones{"ER", "AR", "FR", "BR"};
  CHECK(closest_matches("FRR", zones, 5) == std::vector<std::string>{"FR", "AR", "BR", "ER"});
}

TEST_CASE("closest_matches: near misses of any length, and no work on hopeless ones",
          "[edit_distance]") {
  const std::vector<std::string> names{"h100-sxm", "a100-80gb", "device-hours"};
  CHECK(closest_matches("h100-sxn", names) == std::vector<std::string>{"h100-sxm"});
  CHECK(closest_matches("devce-hour", names) == std::vector<std::string>{"device-hours"});
  // A 1 MiB name (a garbage CSV header) used to take seconds of edit distance per candidate.
  const std::vector<std::string> many(1000, "device-hours");
  CHECK(closest_matches(std::string(1 << 20, 'a'), many).empty());
}

TEST_CASE("closest_matches: each name once, at most `limit`", "[edit_distance]") {
  const std::vector<std::string> names{"a10", "a10", "a100", "a10g"};
  CHECK(closest_matches("a10", names, 10) == std::vector<std::string>{"a10", "a100", "a10g"});
  CHECK(closest_matches("a10", names, 2) == std::vector<std::string>{"a10", "a100"});
}

TEST_CASE("quoted_alternatives: quotes names and joins the last with 'or'", "[edit_distance]") {
  CHECK(aifoot::quoted_alternatives({}).empty());
  CHECK(aifoot::quoted_alternatives({"FR"}) == "'FR'");
  CHECK(aifoot::quoted_alternatives({"FR", "DE"}) == "'FR' or 'DE'");
  CHECK(aifoot::quoted_alternatives({"FR", "DE", "ES"}) == "'FR', 'DE' or 'ES'");
}
