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

TEST_CASE("validation: predictive ranges cover the published figures", "[validation]") {
  // The thresholds docs/accuracy.md reports (scripts/gen_accuracy_md.py): coverage of the
  // p5-p95 range, median absolute error, and a cap on the median p95/p5 ratio so that coverage is
  // not bought with ranges that say nothing. Serving stays below 80% on its nine cases: the range
  // is calibrated on 154 ML.ENERGY configurations (tests/calibration) and these nine include three
  // of its tails.
  const auto catalog = aifoot::Catalog::builtin();
  const auto all = aifoot::run_validation(catalog, aifoot::UncertaintyOptions{});
  struct Bar {
    const char* kind;
    const char* metric;
    double coverage;
    double median_error;
    double ratio;
  };
  for (const Bar& bar : {Bar{"training", "time.device_hours", 0.75, 0.25, 2.5},
                         Bar{"training", "energy", 0.8, 0.35, 3.0},
                         Bar{"training", "co2e", 0.8, 0.40, 3.5},
                         Bar{"water", "water", 0.8, 0.20, 8.0},
                         Bar{"inference", "per_request.energy_wh", 0.6, 0.25, 2.2},
                         Bar{"inference", "throughput.energy_j_per_token", 0.6, 0.25, 2.2}}) {
    const auto* s = find_summary(all, bar.kind, "predictive", bar.metric);
    INFO(bar.kind << " " << bar.metric);
    REQUIRE(s != nullptr);
    CHECK(s->failures == 0);
    CHECK(s->ranged == s->rows);
    CHECK(s->coverage >= bar.coverage);
    CHECK(s->median_abs_error <= bar.median_error);
    CHECK(s->median_ratio > 1.0);
    CHECK(s->median_ratio <= bar.ratio);
  }

  // The held-out half: cases no default was judged on.
  const auto holdout = aifoot::run_validation(
      catalog, aifoot::UncertaintyOptions{}, aifoot::detail::validation_cases(), "holdout");
  CHECK(holdout.cases * 2 >= all.cases - 1);
  CHECK(holdout.cases * 2 <= all.cases + 1);
  for (const auto& row : holdout.rows) {
    CHECK(row.half == "holdout");
  }
  // Issue #15: device-hours, energy and CO2e each inside p5-p95 for at least 80% of the held-out
  // runs, and device-hours ranges no wider than 2.5x.
  for (const Bar& bar : {Bar{"training", "time.device_hours", 0.8, 0.25, 2.5},
                         Bar{"training", "energy", 0.8, 0.35, 3.0},
                         Bar{"training", "co2e", 0.8, 0.40, 3.5},
                         Bar{"water", "water", 0.8, 0.25, 8.0}}) {
    const auto* s = find_summary(holdout, bar.kind, "predictive", bar.metric);
    INFO("holdout " << bar.kind << " " << bar.metric);
    REQUIRE(s != nullptr);
    CHECK(s->coverage >= bar.coverage);
    CHECK(s->median_abs_error <= bar.median_error);
    CHECK(s->median_ratio <= bar.ratio);
  }
  CHECK_THROWS_AS(
      aifoot::run_validation(
          catalog, aifoot::UncertaintyOptions{}, aifoot::detail::validation_cases(), "odd"),
      aifoot::Error);
}
