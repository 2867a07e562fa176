#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>
#include <aifoot/uncertainty.hpp>

#include <algorithm>
#include <numeric>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

aifoot::Footprint with_ranges(const std::vector<std::pair<std::string, std::string>>& fields,
                              aifoot::UncertaintyOptions options = {}) {
  const auto scenario = aifoot::training_from_fields(fields);
  auto footprint = aifoot::estimate_training(scenario, catalog());
  aifoot::add_uncertainty(footprint, scenario.ranges, catalog(), options);
  return footprint;
}

const aifoot::MetricRange& range_of(const aifoot::Footprint& f, std::string_view metric) {
  for (const auto& r : f.uncertainty->ranges) {
    if (r.metric == metric) {
      return r;
    }
  }
  FAIL("no range for " << metric);
  return f.uncertainty->ranges.front();
}

const std::vector<std::pair<std::string, std::string>> k_llama{{"model", "llama-3.1-70b"},
                                                               {"tokens", "15T"},
                                                               {"hardware", "h100-sxm"},
                                                               {"devices", "4096"},
                                                               {"region", "aws:us-east-1"}};

} // namespace

TEST_CASE("add_uncertainty: seeded runs are identical", "[uncertainty]") {
  const auto a = with_ranges(k_llama, {256, 7});
  const auto b = with_ranges(k_llama, {256, 7});
  const auto c = with_ranges(k_llama, {256, 8});
  CHECK(range_of(a, "co2e_kg.total").p95 == range_of(b, "co2e_kg.total").p95);
  CHECK(range_of(a, "co2e_kg.total").p5 == range_of(b, "co2e_kg.total").p5);
  CHECK(range_of(a, "co2e_kg.total").p95 != range_of(c, "co2e_kg.total").p95);
}

TEST_CASE("add_uncertainty: point values are unchanged and lie inside their ranges",
          "[uncertainty]") {
  const auto plain = aifoot::estimate_training(aifoot::training_from_fields(k_llama), catalog());
  const auto f = with_ranges(k_llama);
  CHECK(f.energy.total_kwh == plain.energy.total_kwh);
  CHECK(f.co2e.total_kg == plain.co2e.total_kg);
  for (const auto& [metric, point] : {std::pair{"energy_kwh.total", f.energy.total_kwh},
                                      std::pair{"co2e_kg.total", f.co2e.total_kg},
                                      std::pair{"water_l.total", f.water.total_l}}) {
    INFO(metric);
    const auto& r = range_of(f, metric);
    CHECK(r.p5 < point);
    CHECK(point < r.p95);
    CHECK(r.p5 < r.p50);
    CHECK(r.p50 < r.p95);
  }
}

TEST_CASE("add_uncertainty: a single value the user gives is exact", "[uncertainty]") {
  const auto f = with_ranges({{"hardware", "v100"},
                              {"devices", "10000"},
                              {"days", "14.8"},
                              {"avg-power", "330"},
                              {"pue", "1.1"},
                              {"ci", "429"}});
  const auto& energy = range_of(f, "energy_kwh.total");
  CHECK_THAT(energy.p5, WithinRel(f.energy.total_kwh, 1e-9));
  CHECK_THAT(energy.p95, WithinRel(f.energy.total_kwh, 1e-9));
}

TEST_CASE("add_uncertainty: a user range narrows or widens the output", "[uncertainty]") {
  const std::vector<std::pair<std::string, std::string>> base{
      {"hardware", "v100"}, {"devices", "10000"}, {"days", "14.8"}, {"pue", "1.1"}, {"ci", "429"}};
  auto narrow = base;
  narrow.emplace_back("avg-power", "320..340");
  auto wide = base;
  wide.emplace_back("avg-power", "200..460");
  const auto n = with_ranges(narrow);
  const auto w = with_ranges(wide);
  const auto width = [](const aifoot::MetricRange& r) {
    return r.p95 - r.p5;
  };
  CHECK(width(range_of(w, "energy_kwh.total")) > 5 * width(range_of(n, "energy_kwh.total")));
  // The range ends are the p5 and p95 of the input: energy is proportional to power here.
  const auto& r = range_of(w, "energy_kwh.total");
  CHECK_THAT(r.p5 / w.energy.total_kwh, WithinRel(200.0 / 330.0, 0.03));
  CHECK_THAT(r.p95 / w.energy.total_kwh, WithinRel(460.0 / 330.0, 0.03));
}

TEST_CASE("add_uncertainty: sensitivity shares sum to about 1 and name the driver",
          "[uncertainty]") {
  // First-order shares of a product of log-normal factors sum to less than 1 by the interaction
  // terms, which grow with the spreads: with several factors at +-25-40% they leave about a fifth.
  // Each share is estimated from the same finite draws, so a metric that is the plain product of
  // a few factors (device-hours: MFU, size factor, goodput) can come out a few percent above 1.
  const auto f = with_ranges(k_llama);
  for (const auto& m : f.uncertainty->sensitivity) {
    INFO(m.metric);
    const double sum =
        std::accumulate(m.shares.begin(), m.shares.end(), 0.0, [](double acc, const auto& s) {
          return acc + s.share;
        });
    CHECK(sum > 0.7);
    CHECK(sum < 1.1);
  }
  // With no location the grid intensity dominates the carbon range.
  const auto nowhere =
      with_ranges({{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"avg-power", "500"}});
  for (const auto& m : nowhere.uncertainty->sensitivity) {
    if (m.metric == "co2e_kg.operational") {
      REQUIRE(!m.shares.empty());
      CHECK(m.shares.front().input == "grid_intensity");
      CHECK(m.shares.front().share > 0.8);
    }
  }
}

TEST_CASE("add_uncertainty: invalid sample counts and ranges are rejected", "[uncertainty]") {
  auto f = aifoot::estimate_training(aifoot::training_from_fields(k_llama), catalog());
  CHECK_THROWS_AS(aifoot::add_uncertainty(f, {}, catalog(), {5, 1}), aifoot::Error);
  CHECK_THROWS_AS(aifoot::training_from_fields({{"mfu", "0.5..0.3"}}), aifoot::Error);
  CHECK_THROWS_AS(aifoot::training_from_fields({{"devices", "8..16"}}), aifoot::Error);
  const auto s = aifoot::training_from_fields({{"mfu", "0.3..0.5"}});
  CHECK_THAT(*s.mfu, WithinAbs(0.4, 1e-12));
  CHECK(s.ranges.at(aifoot::Factor::mfu).first == 0.3);
}

TEST_CASE("add_uncertainty: water parts, borrowed intensities and analogies get their ranges",
          "[uncertainty]") {
  const auto state = with_ranges({{"hardware", "v100"},
                                  {"device-hours", "1000"},
                                  {"avg-power", "330W"},
                                  {"provider", "azure"},
                                  {"zone", "US-TEX-ERCO"}});
  const auto country = with_ranges({{"hardware", "v100"},
                                    {"device-hours", "1000"},
                                    {"avg-power", "330W"},
                                    {"provider", "azure"},
                                    {"zone", "US"}});
  const auto ratio = [](const aifoot::MetricRange& r) {
    return r.p95 / r.p5;
  };
  // Off-site water of a state priced at the national figure is far less certain.
  CHECK(ratio(range_of(state, "water_l.offsite"))
        > 1.5 * ratio(range_of(country, "water_l.offsite")));
  for (const char* metric : {"water_l.onsite", "water_l.offsite"}) {
    const auto& r = range_of(country, metric);
    CHECK(r.p5 < r.p50);
    CHECK(r.p50 < r.p95);
  }
  CHECK_THAT(range_of(country, "water_l.onsite").p50 + range_of(country, "water_l.offsite").p50,
             WithinRel(range_of(country, "water_l.total").p50, 0.1));

  // P100's power fraction is by analogy (low confidence): the default's wider range applies.
  const auto analogy =
      with_ranges({{"hardware", "p100"}, {"device-hours", "1000"}, {"zone", "US"}});
  const auto measured =
      with_ranges({{"hardware", "v100"}, {"device-hours", "1000"}, {"zone", "US"}});
  const auto origin_of = [](const aifoot::Footprint& f, std::string_view name) {
    for (const auto& input : f.uncertainty->inputs) {
      if (input.name == name) {
        return input.origin;
      }
    }
    return std::string();
  };
  CHECK(origin_of(analogy, "power_fraction") == "catalog:uncertainty/power-fraction-default");
  CHECK(origin_of(measured, "power_fraction") == "catalog:uncertainty/power-fraction-catalog");

  // A board cannot average above its TDP: power-fraction draws are capped at 1 (700 W x 1000 h).
  const auto hot = with_ranges({{"hardware", "h100-sxm"},
                                {"device-hours", "1000"},
                                {"power-fraction", "0.7..1.2"},
                                {"boundary", "accelerator"}});
  CHECK(hot.energy.total_kwh < 700.0);
  CHECK(range_of(hot, "energy_kwh.total").p95 <= 700.0 * (1 + 1e-9));
  CHECK(range_of(hot, "energy_kwh.total").p95 > 0.99 * 700.0);
}

TEST_CASE("a metric no uncertain input moves has a point range and no sensitivity shares") {
  const auto catalog = aifoot::Catalog::builtin();
  // Device-hours given: device time is exact, while power and site factors vary.
  const auto scenario = aifoot::parse_scenario_json(
      R"({"hardware": "a100-80gb", "device-hours": 1001, "zone": "DE"})", "t");
  const aifoot::UncertaintyOptions options;
  const auto footprint = aifoot::estimate_scenario(scenario, catalog, &options);
  REQUIRE(footprint.uncertainty);
  for (const auto& range : footprint.uncertainty->ranges) {
    if (range.metric == "time.device_hours") {
      CHECK(range.p5 == range.p95);
    }
  }
  for (const auto& metric : footprint.uncertainty->sensitivity) {
    CHECK(metric.metric != "time.device_hours");
    double sum = 0;
    for (const auto& share : metric.shares) {
      CHECK(share.share <= 1.0 + 1e-9);
      sum += share.share;
    }
    CHECK(sum <= 1.5);
  }
}

TEST_CASE("add_uncertainty: training utilisation factors, goodput and scope get their ranges",
          "[uncertainty][mfu]") {
  const auto f = with_ranges({{"hardware", "h800"},
                              {"params", "671B"},
                              {"active-params", "37B"},
                              {"tokens", "14.8T"},
                              {"precision", "fp8"},
                              {"scope", "full"},
                              {"zone", "CN"}});
  const auto input = [&](std::string_view name) -> const aifoot::UncertainInput* {
    for (const auto& i : f.uncertainty->inputs) {
      if (i.name == name) {
        return &i;
      }
    }
    return nullptr;
  };
  for (const char* name : {"mfu",
                           "mfu_size_factor",
                           "mfu_moe_factor",
                           "precision_speedup",
                           "goodput",
                           "scope_factor"}) {
    INFO(name);
    const auto* i = input(name);
    REQUIRE(i != nullptr);
    CHECK(i->low < i->central);
    CHECK(i->high > i->central);
    CHECK(i->origin.rfind("catalog:uncertainty/", 0) == 0);
  }
  // Device time moves with them only: power and site factors leave it alone.
  const auto& hours = range_of(f, "time.device_hours");
  CHECK(hours.p5 < f.time.device_hours);
  CHECK(hours.p95 > f.time.device_hours);
  // Given device time has none of them.
  const auto given = with_ranges({{"hardware", "h800"}, {"device-hours", "1000"}, {"zone", "CN"}});
  CHECK(input("goodput") != nullptr);
  for (const auto& i : given.uncertainty->inputs) {
    CHECK(i.name != "goodput");
    CHECK(i.name != "mfu");
  }
}

TEST_CASE("add_uncertainty: a measured throughput range widens the serving ranges",
          "[uncertainty]") {
  // The range of --tokens-per-second must reach the Monte Carlo: it used to be recorded under a
  // name the trail does not use (tokens_per_second against tokens_per_s) and was dropped.
  const auto serve = [](const char* tokens_per_second) {
    const auto scenario = aifoot::inference_from_fields({{"model", "llama-3.1-8b"},
                                                         {"hardware", "h100-sxm"},
                                                         {"output-tokens", "500"},
                                                         {"tokens-per-second", tokens_per_second},
                                                         {"zone", "FR"}});
    auto footprint = aifoot::estimate_inference(scenario, catalog());
    aifoot::add_uncertainty(footprint, scenario.ranges, catalog(), {});
    return footprint;
  };
  const auto exact = serve("1000");
  const auto ranged = serve("800..1200");
  // Same point value: the midpoint of the range.
  CHECK_THAT(ranged.energy.total_kwh, WithinRel(exact.energy.total_kwh, 1e-12));
  const auto input = std::find_if(ranged.uncertainty->inputs.begin(),
                                  ranged.uncertainty->inputs.end(),
                                  [](const auto& i) { return i.name == "tokens_per_s"; });
  REQUIRE(input != ranged.uncertainty->inputs.end());
  CHECK(input->origin == "user range");
  CHECK(input->low == 800.0);
  CHECK(input->high == 1200.0);
  CHECK(std::none_of(exact.uncertainty->inputs.begin(),
                     exact.uncertainty->inputs.end(),
                     [](const auto& i) { return i.name == "tokens_per_s"; }));
  const auto& wide = range_of(ranged, "energy_kwh.total");
  const auto& narrow = range_of(exact, "energy_kwh.total");
  CHECK(wide.p95 - wide.p5 > 1.1 * (narrow.p95 - narrow.p5));
}

TEST_CASE("add_uncertainty without details: the same headline ranges, no inputs or sensitivity",
          "[uncertainty]") {
  const std::vector<std::vector<std::pair<std::string, std::string>>> scenarios{
      {{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "FR"}},
      {{"model", "llama-3.1-70b"}, {"tokens", "1T"}, {"hardware", "a100-80gb"}, {"devices", "512"}},
      {{"hardware", "v100"}, {"device-hours", "50"}, {"pue", "1.1..1.5"}, {"zone", "PL"}}};
  for (const auto& fields : scenarios) {
    for (const std::size_t samples : {std::size_t{10}, std::size_t{256}, std::size_t{1001}}) {
      const auto full = with_ranges(fields, {samples, 7, true});
      const auto headline = with_ranges(fields, {samples, 7, false});
      CHECK(headline.uncertainty->inputs.empty());
      CHECK(headline.uncertainty->sensitivity.empty());
      CHECK_FALSE(headline.uncertainty->detailed);
      const auto names = aifoot::uncertainty_metric_names(true);
      REQUIRE(headline.uncertainty->ranges.size() == 3);
      for (const auto& r : headline.uncertainty->ranges) {
        CHECK(std::find(names.begin(), names.end(), r.metric) != names.end());
        const auto& expected = range_of(full, r.metric);
        // Exactly the same numbers, not merely close.
        CHECK(r.p5 == expected.p5);
        CHECK(r.p50 == expected.p50);
        CHECK(r.p95 == expected.p95);
      }
    }
  }
}

TEST_CASE("Trail::factors: the same ranges, inputs and shares as the full trail", "[uncertainty]") {
  for (
      const char* text :
      {R"({"model": "llama-3.1-70b", "tokens": "15T", "hardware": "h100-sxm", "devices": 1024, "region": "gcp:us-central1"})",
       R"({"hardware": "a100-80gb", "device-hours": 1000, "zone": "FR", "pue": "1.1..1.4", "cfe": 0.3})",
       R"({"params": 7000000000, "tokens": "2T", "hardware": "tpu-v4", "mfu": 0.45, "zone": "SE"})",
       R"({"hardware": "p100", "device-hours": 1000, "zone": "US"})", // low-confidence power
                                                                      // fraction
       R"({"kind": "inference", "model": "llama-3.1-8b", "hardware": "h100-sxm", "requests": "1M/day", "days": 30, "output-tokens": 300, "zone": "DE"})",
       R"({"kind": "generation", "model": "flux.1-dev", "hardware": "h100-sxm", "steps": 28, "zone": "FR"})"}) {
    CAPTURE(text);
    const auto scenario = aifoot::parse_scenario_json(text, "t");
    const aifoot::UncertaintyOptions options{256, 3, true};
    const auto full = aifoot::estimate_scenario(scenario, catalog(), &options, aifoot::Trail::full);
    const auto factors =
        aifoot::estimate_scenario(scenario, catalog(), &options, aifoot::Trail::factors);
    // Trail::none is raised to Trail::factors when there is uncertainty.
    const auto none = aifoot::estimate_scenario(scenario, catalog(), &options, aifoot::Trail::none);
    CHECK(none.trail == aifoot::Trail::factors);
    REQUIRE(full.uncertainty);
    REQUIRE(factors.uncertainty);
    // A shorter trail: the full trail's factor records, in order, with what the Monte Carlo reads
    // (value, text, unit, origin, low confidence) and without the sources and notes it does not.
    CHECK(factors.assumptions.size() < full.assumptions.size());
    std::size_t next = 0;
    for (const auto& kept : factors.assumptions) {
      CAPTURE(kept.name);
      CHECK((kept.name == "cfe" || aifoot::parse_factor(kept.name)));
      while (next < full.assumptions.size() && full.assumptions[next].name != kept.name) {
        ++next;
      }
      REQUIRE(next < full.assumptions.size());
      const auto& same = full.assumptions[next++];
      CHECK(kept.value == same.value);
      CHECK(kept.text == same.text);
      CHECK(kept.unit == same.unit);
      CHECK(kept.origin == same.origin);
      CHECK(kept.low_confidence == same.low_confidence);
      CHECK(kept.sources.empty());
      CHECK(kept.note.empty());
    }
    const auto& a = *full.uncertainty;
    const auto& b = *factors.uncertainty;
    REQUIRE(a.ranges.size() == b.ranges.size());
    for (std::size_t i = 0; i < a.ranges.size(); ++i) {
      CHECK(a.ranges[i].metric == b.ranges[i].metric);
      CHECK(a.ranges[i].p5 == b.ranges[i].p5);
      CHECK(a.ranges[i].p50 == b.ranges[i].p50);
      CHECK(a.ranges[i].p95 == b.ranges[i].p95);
    }
    REQUIRE(a.inputs.size() == b.inputs.size());
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
      CHECK(a.inputs[i].name == b.inputs[i].name);
      CHECK(a.inputs[i].origin == b.inputs[i].origin);
      CHECK(a.inputs[i].sources == b.inputs[i].sources);
    }
    REQUIRE(a.sensitivity.size() == b.sensitivity.size());
    for (std::size_t i = 0; i < a.sensitivity.size(); ++i) {
      REQUIRE(a.sensitivity[i].shares.size() == b.sensitivity[i].shares.size());
      for (std::size_t k = 0; k < a.sensitivity[i].shares.size(); ++k) {
        CHECK(a.sensitivity[i].shares[k].input == b.sensitivity[i].shares[k].input);
        CHECK(a.sensitivity[i].shares[k].share == b.sensitivity[i].shares[k].share);
      }
    }
  }
}
