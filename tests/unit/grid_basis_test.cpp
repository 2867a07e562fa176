#include "catch.hpp"

#include <aifoot/error.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/training.hpp>

#include <string>
#include <utility>
#include <vector>

// Issue #16: one accounting basis at a time for grid factors, provider figures and water scope.

using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

aifoot::Footprint train_at(const std::string& region, const Fields& extra = {}) {
  Fields fields{{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"region", region}};
  fields.insert(fields.end(), extra.begin(), extra.end());
  return aifoot::estimate_training(aifoot::training_from_fields(fields), catalog());
}

double intensity(const aifoot::Footprint& f) {
  const auto* a = aifoot::find_assumption(f, "grid_intensity");
  REQUIRE(a != nullptr);
  return a->value;
}

aifoot::GridFactor factor(std::string source,
                          aifoot::EmissionScope scope,
                          aifoot::GridAllocation allocation,
                          int year) {
  aifoot::GridFactor g;
  g.source = std::move(source);
  g.zone = "XX";
  g.basis = aifoot::GridBasis{scope, allocation, aifoot::GreenhouseGases::co2e, year, "test"};
  return g;
}

} // namespace

TEST_CASE("grid basis: regions of one city get one factor under the default basis", "[grid]") {
  // Paris: Google publishes 16 g (direct), the FR zone is Ember lifecycle. Tokyo likewise.
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"gcp:europe-west9", "aws:eu-west-3"},
           {"gcp:europe-west9", "azure:francecentral"},
           {"gcp:asia-northeast1", "aws:ap-northeast-1"},
           {"gcp:asia-northeast1", "azure:japaneast"},
           {"gcp:us-east4", "aws:us-east-1"}}) {
    INFO(a << " vs " << b);
    const auto fa = train_at(a);
    const auto fb = train_at(b);
    CHECK(intensity(fa) == intensity(fb));
    CHECK(fa.co2e.operational_kg / fa.energy.total_kwh
          == Approx(fb.co2e.operational_kg / fb.energy.total_kwh));
    CHECK(fa.grid.source == "zone");
    CHECK(fa.grid.option == aifoot::GridBasisOption::lifecycle);
    REQUIRE(fa.grid.basis.has_value());
    CHECK(fa.grid.basis->scope == aifoot::EmissionScope::lifecycle);
    CHECK_FALSE(aifoot::grid_basis_mismatch(fa.grid, fb.grid).has_value());
  }
}

TEST_CASE("grid basis: the provider's figure is one labelled option away", "[grid]") {
  const auto google = train_at("gcp:europe-west9", {{"grid-basis", "provider"}});
  CHECK_THAT(intensity(google), WithinRel(16.3, 1e-12));
  CHECK(google.grid.source == "provider");
  CHECK(google.grid.option == aifoot::GridBasisOption::provider);
  REQUIRE(google.grid.basis.has_value());
  CHECK(google.grid.basis->scope == aifoot::EmissionScope::direct);
  CHECK(google.grid.basis->dataset == "google-region-carbon");
  CHECK(google.grid.basis->year == 2024);
  CHECK(aifoot::find_assumption(google, "grid_intensity")->origin
        == "catalog:regions/gcp:europe-west9");
  CHECK_THAT(google.grid.describe(), Contains("provider figure"));

  // Under the provider basis a region whose provider publishes nothing keeps its zone, and says so.
  const auto aws = train_at("aws:eu-west-3", {{"grid-basis", "provider"}});
  CHECK(intensity(aws) == intensity(train_at("aws:eu-west-3")));
  CHECK(aws.grid.source == "zone");
  bool noted = false;
  for (const auto& note : aws.notes) {
    noted =
        noted || note.find("publishes no grid intensity for aws:eu-west-3") != std::string::npos;
  }
  CHECK(noted);
  // The default and provider bases of one Paris region differ: that is what the option is for.
  CHECK(aifoot::grid_basis_mismatch(google.grid, aws.grid).has_value());
}

TEST_CASE("grid basis: a zone with only a direct factor falls back to its parent", "[grid]") {
  // Hangzhou: the MEE provincial factor is direct and CO2 only; the default basis takes CN's.
  const auto hangzhou = train_at("alibaba:cn-hangzhou");
  const aifoot::Zone& cn = catalog().require_zone("CN");
  CHECK(hangzhou.grid.source == "parent zone");
  CHECK(hangzhou.grid.zone == "CN");
  CHECK(intensity(hangzhou) == cn.gco2_per_kwh);
  const auto* a = aifoot::find_assumption(hangzhou, "grid_intensity");
  CHECK(a->origin == "catalog:zones/CN");
  CHECK_THAT(a->note, Contains("zone CN-ZJ has only a direct"));
  CHECK_FALSE(hangzhou.notes.empty());

  // The provider basis takes the zone as its dataset publishes it (Alibaba publishes no figure).
  const auto own = train_at("alibaba:cn-hangzhou", {{"grid-basis", "provider"}});
  CHECK(intensity(own) == catalog().require_zone("CN-ZJ").gco2_per_kwh);
  REQUIRE(own.grid.basis.has_value());
  CHECK(own.grid.basis->gases == aifoot::GreenhouseGases::co2);

  // default_basis_zone: lifecycle zones stand for themselves.
  CHECK(&aifoot::default_basis_zone(catalog().require_zone("JP-TK"), catalog())
        == &catalog().require_zone("JP-TK"));
  CHECK(aifoot::default_basis_zone(catalog().require_zone("US-EGRID-CAMX"), catalog()).id == "US");
}

TEST_CASE("grid basis: a user intensity has no stated basis", "[grid]") {
  const auto f = train_at("aws:us-east-1", {{"ci", "300"}});
  CHECK(f.grid.source == "user");
  CHECK_FALSE(f.grid.basis.has_value());
  CHECK_THAT(f.grid.describe(), Contains("user value"));
  const auto g = train_at("aws:us-east-1");
  const auto mismatch = aifoot::grid_basis_mismatch(f.grid, g.grid);
  REQUIRE(mismatch.has_value());
  CHECK_THAT(*mismatch, Contains("unknown basis"));
  CHECK_FALSE(aifoot::grid_basis_mismatch(f.grid, f.grid).has_value());
}

TEST_CASE("grid_basis_mismatch names each difference", "[grid]") {
  using aifoot::EmissionScope;
  using aifoot::GridAllocation;
  const auto a = factor("zone", EmissionScope::lifecycle, GridAllocation::production, 2024);
  CHECK_FALSE(aifoot::grid_basis_mismatch(a, a).has_value());
  const auto b = factor("zone", EmissionScope::lifecycle, GridAllocation::consumption, 2024);
  CHECK(aifoot::grid_basis_mismatch(a, b) == "production vs consumption allocation");
  const auto c = factor("zone", EmissionScope::direct, GridAllocation::production, 2022);
  CHECK(aifoot::grid_basis_mismatch(a, c) == "lifecycle vs direct; 2024 vs 2022 data");
}

TEST_CASE("grid basis: the option parses in scenarios and rejects unknown values", "[grid]") {
  CHECK(aifoot::parse_grid_basis("provider", "grid-basis") == aifoot::GridBasisOption::provider);
  CHECK(aifoot::parse_grid_basis("lifecycle", "grid-basis") == aifoot::GridBasisOption::lifecycle);
  CHECK_THROWS_AS(aifoot::training_from_fields({{"grid-basis", "market"}}), aifoot::Error);
  try {
    (void)aifoot::training_from_fields({{"water-scope", "cooling"}});
    FAIL("no error");
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::invalid_input);
    CHECK_THAT(e.what(), Contains("water-scope"));
    CHECK_THAT(e.hint(), Contains("onsite, offsite or total"));
  }
}

TEST_CASE("water scope: the headline and per-request water follow it", "[grid][water]") {
  const Fields serving{{"model", "llama-3.1-8b"},
                       {"hardware", "h100-sxm"},
                       {"input-tokens", "500"},
                       {"output-tokens", "300"},
                       {"requests", "1M/day"},
                       {"days", "30"},
                       {"region", "aws:us-east-1"}};
  const auto run = [&](const std::string& scope) {
    Fields fields = serving;
    fields.emplace_back("water-scope", scope);
    return aifoot::estimate_inference(aifoot::inference_from_fields(fields), catalog());
  };
  const auto total = aifoot::estimate_inference(aifoot::inference_from_fields(serving), catalog());
  const auto onsite = run("onsite");
  const auto offsite = run("offsite");
  CHECK(total.water.scope == aifoot::WaterScope::total);
  CHECK(total.water.headline_l() == total.water.total_l);
  CHECK(onsite.water.headline_l() == onsite.water.onsite_l);
  CHECK(offsite.water.headline_l() == offsite.water.offsite_l);
  // The breakdown is the same whatever the scope; only the headline moves.
  CHECK(onsite.water.total_l == total.water.total_l);
  REQUIRE(onsite.per_request);
  REQUIRE(total.per_request);
  CHECK_THAT(onsite.per_request->water_ml,
             WithinRel(onsite.water.onsite_l * 1000.0 / onsite.workload->requests, 1e-12));
  CHECK(onsite.per_request->water_ml < total.per_request->water_ml);
  CHECK_THAT(onsite.per_request->water_ml + offsite.per_request->water_ml,
             WithinRel(total.per_request->water_ml, 1e-9));
}

TEST_CASE("region PUE: Alibaba regions take the published fleet figure", "[grid][data]") {
  const auto hangzhou = train_at("alibaba:cn-hangzhou");
  const auto* pue = aifoot::find_assumption(hangzhou, "pue");
  REQUIRE(pue != nullptr);
  CHECK(pue->value == 1.2);
  CHECK(pue->origin == "catalog:providers/alibaba");
  for (const auto& r : catalog().regions()) {
    if (r.provider == "alibaba") {
      INFO(r.id);
      CHECK_FALSE(r.pue.has_value()); // Alibaba publishes no region PUE
    }
  }
  // Alibaba publishes no fleet WUE: the industry default stands in, and the trail says so.
  const auto* wue = aifoot::find_assumption(hangzhou, "wue");
  CHECK(wue->origin == "default:industry average");
  CHECK_THAT(wue->note, Contains("alibaba publishes no WUE"));
  const auto* google = catalog().find_provider("gcp");
  REQUIRE(google != nullptr);
  CHECK(google->pue == 1.09);
  CHECK(google->year == 2024);
}

TEST_CASE("grid basis: a lifecycle total states the serving basis and notes a mix", "[grid]") {
  aifoot::LifecycleScenario scenario;
  scenario.training = aifoot::training_from_fields(
      {{"hardware", "h100-sxm"}, {"device-hours", "1000"}, {"zone", "US-EGRID-CAMX"}});
  scenario.training.site.grid_basis = aifoot::GridBasisOption::provider; // eGRID: direct, 2022
  scenario.inference = aifoot::inference_from_fields({{"model", "llama-3.1-8b"},
                                                      {"hardware", "h100-sxm"},
                                                      {"output-tokens", "300"},
                                                      {"requests", "1M/day"},
                                                      {"days", "30"},
                                                      {"region", "aws:us-west-1"},
                                                      {"water-scope", "onsite"}});
  const auto result = aifoot::estimate_lifecycle(scenario, catalog());
  CHECK(result.total.grid.zone == result.inference.grid.zone);
  CHECK(result.total.water.scope == aifoot::WaterScope::onsite);
  bool noted = false;
  for (const auto& note : result.total.notes) {
    noted = noted || note.find("different bases (direct vs lifecycle") != std::string::npos;
  }
  CHECK(noted);
  // Training per request is amortised in the serving phase's water scope.
  REQUIRE(result.total.lifecycle);
  CHECK_THAT(
      result.total.lifecycle->training_per_request.water_ml,
      WithinRel(result.training.water.onsite_l * 1000.0 / result.inference.workload->requests,
                1e-12));
}
