#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/validation.hpp>

#include <catch2/catch.hpp>

#include <cstdio>

namespace {

const aifoot::ValidationSummary* find_summary(const aifoot::ValidationReport& report,
                                              const std::string& kind,
                                              const std::string& mode,
                                              const std::string& metric) {
  for (const auto& s : report.summaries) {
    if (s.kind == kind && s.mode == mode && s.metric == metric) {
      return &s;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("validation: every published case runs in both modes", "[validation]") {
  const auto catalog = aifoot::Catalog::builtin();
  const auto report = aifoot::run_validation(catalog, aifoot::UncertaintyOptions{});
  REQUIRE(report.cases >= 50);
  for (const auto& row : report.rows) {
    INFO(row.id << " " << row.mode << " " << row.metric << ": " << row.failure);
    CHECK(row.failure.empty());
    CHECK(row.estimated.has_value());
  }

  SECTION("documented inputs reproduce the published arithmetic") {
    for (const auto& [kind, metric] : {std::pair{"training", "energy"},
                                       std::pair{"training", "co2e"},
                                       std::pair{"water", "water"}}) {
      const auto* s = find_summary(report, kind, "documented", metric);
      INFO(kind << " " << metric);
      REQUIRE(s != nullptr);
      CHECK(s->rows > 0);
      CHECK(s->median_abs_error <= 0.05);
    }
  }

  SECTION("predictive mode reports its coverage and range width") {
    for (const auto& [kind, metric] : {std::pair{"training", "energy"},
                                       std::pair{"training", "co2e"},
                                       std::pair{"water", "water"}}) {
      const auto* s = find_summary(report, kind, "predictive", metric);
      INFO(kind << " " << metric);
      REQUIRE(s != nullptr);
      CHECK(s->ranged > 0);
      CHECK(s->coverage >= 0.0);
      CHECK(s->coverage <= 1.0);
      CHECK(s->median_width > 0.0);
    }
  }
}

TEST_CASE("validation: a failing case is a row, a malformed table an error", "[validation]") {
  const auto catalog = aifoot::Catalog::builtin();
  const auto report = aifoot::run_validation(
      catalog,
      aifoot::UncertaintyOptions{},
      R"({"table": "validation", "records": [{"id": "bad", "kind": "training", "source": "x",
          "documented": {"hardware": "no-such-chip", "device-hours": 10},
          "predictive": {"hardware": "h100-sxm", "device-hours": 10, "zone": "FR"},
          "reported": {"energy_kwh.total": 10}}]})");
  REQUIRE(report.rows.size() == 2);
  CHECK(!report.rows[0].failure.empty());
  CHECK(report.rows[1].failure.empty());
  CHECK_THROWS_AS(aifoot::run_validation(catalog, aifoot::UncertaintyOptions{}, "{\"table\": 1}"),
                  aifoot::Error);
  CHECK_THROWS_AS(aifoot::run_validation(catalog, aifoot::UncertaintyOptions{}, "not json"),
                  aifoot::Error);
}
