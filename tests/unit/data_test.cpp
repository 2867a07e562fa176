#include "catch.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/embedded_data.hpp>
#include <aifoot/error.hpp>
#include <aifoot/factor.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

// Checks every shipped record: required fields present, units plausible, sources resolve, counts
// meet the catalog's coverage promises (README "Data"). A bad data edit fails like a code bug.

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

void require_sources(const std::string& what, const std::vector<std::string>& ids) {
  INFO(what);
  REQUIRE(!ids.empty());
  for (const auto& id : ids) {
    INFO("source " << id);
    CHECK(catalog().find_source(id) != nullptr);
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

} // namespace

TEST_CASE("data: every table parses and every record's sources resolve", "[data]") {
  for (const auto& h : catalog().hardware()) {
    require_sources("hardware " + h.id, h.sources);
  }
  for (const auto& z : catalog().zones()) {
    require_sources("zone " + z.id, z.sources);
    if (z.ewif_l_per_kwh) {
      require_sources("zone ewif " + z.id, z.ewif_sources);
    }
  }
  for (const auto& p : catalog().providers()) {
    require_sources("provider " + p.id, p.sources);
  }
  for (const auto& r : catalog().regions()) {
    require_sources("region " + r.id, r.sources);
  }
  for (const auto& m : catalog().models()) {
    require_sources("model " + m.id, m.sources);
  }
  for (const auto& d : catalog().defaults()) {
    require_sources("default " + d.id, d.sources);
  }
}

TEST_CASE("data: hardware values are plausible", "[data]") {
  CHECK(catalog().hardware().size() >= 40);
  for (const auto& h : catalog().hardware()) {
    INFO(h.id);
    CHECK(h.tdp_w > 10.0);
    CHECK(h.tdp_w < 3000.0);
    if (h.idle_w) {
      CHECK(*h.idle_w < h.tdp_w);
    }
    CHECK(!h.peak_flop_per_s.empty());
    for (const auto& [precision, flops] : h.peak_flop_per_s) {
      CHECK(flops > 1e11);
      CHECK(flops < 1e17);
    }
    if (h.memory_gb) {
      CHECK(*h.memory_gb >= 8.0);
      CHECK(*h.memory_gb <= 512.0);
    }
    if (h.train_mfu) {
      CHECK(*h.train_mfu > 0.05);
      CHECK(*h.train_mfu < 0.8);
    }
    if (h.train_power_fraction) {
      CHECK(*h.train_power_fraction > 0.2);
      CHECK(*h.train_power_fraction <= 1.1);
    }
    CHECK((h.confidence == "high" || h.confidence == "medium" || h.confidence == "low"));
  }
}

TEST_CASE("data: grid zones cover the world with plausible intensities", "[data]") {
  std::set<std::string> countries;
  for (const auto& z : catalog().zones()) {
    INFO(z.id);
    CHECK(z.gco2_per_kwh > 0.0);
    CHECK(z.gco2_per_kwh < 1500.0);
    CHECK(z.basis.year >= 2009);
    if (z.ewif_l_per_kwh) {
      CHECK(*z.ewif_l_per_kwh < 30.0);
    }
    if (z.id.size() == 2) {
      countries.insert(z.id);
    }
  }
  CHECK(countries.size() >= 200);
  const auto* world = catalog().find_zone("WORLD");
  REQUIRE(world != nullptr);
  CHECK(world->ewif_l_per_kwh.has_value());
  for (const char* subnational :
       {"US-CAL-CISO", "CA-QC", "AU-NSW", "IN-WE", "JP-TK", "CN-EAST", "SE-SE3", "US-CA"}) {
    INFO(subnational);
    CHECK(catalog().find_zone(subnational) != nullptr);
  }
}

TEST_CASE("data: regions map to known zones with plausible PUE and WUE", "[data]") {
  CHECK(catalog().regions().size() >= 150);
  std::set<std::string> providers;
  for (const auto& r : catalog().regions()) {
    INFO(r.id);
    CHECK(catalog().find_zone(r.zone) != nullptr);
    CHECK(catalog().find_provider(r.provider) != nullptr);
    CHECK(r.id.rfind(r.provider + ":", 0) == 0);
    if (r.pue) {
      CHECK(*r.pue >= 1.0);
      CHECK(*r.pue < 3.0);
    }
    if (r.wue_l_per_kwh) {
      CHECK(*r.wue_l_per_kwh < 10.0);
    }
    providers.insert(r.provider);
  }
  for (const char* provider : {"aws", "gcp", "azure", "alibaba", "oracle"}) {
    CHECK(providers.count(provider) == 1);
  }
  for (const auto& p : catalog().providers()) {
    INFO(p.id);
    if (p.pue) {
      CHECK(*p.pue >= 1.0);
      CHECK(*p.pue < 3.0);
    }
  }
  const auto* industry = catalog().find_provider("default");
  REQUIRE(industry != nullptr);
  CHECK(industry->pue.has_value());
  CHECK(industry->wue_l_per_kwh.has_value());
}

TEST_CASE("data: model presets are consistent", "[data]") {
  CHECK(catalog().models().size() >= 60);
  for (const auto& m : catalog().models()) {
    INFO(m.id);
    if (!m.estimate) {
      CHECK(m.params_total > 1e6);
    }
    CHECK(m.params_active <= m.params_total + 1.0);
    if (m.heads && m.kv_heads) {
      CHECK(*m.heads % *m.kv_heads == 0);
    }
    if (m.experts_total) {
      REQUIRE(m.experts_active.has_value());
      CHECK(*m.experts_active <= *m.experts_total);
    }
    if (m.estimate) {
      CHECK(!m.open_weights);
    }
  }
}

TEST_CASE("data: every defaults id the estimator needs exists", "[data]") {
  for (const char* id : {"lifetime_years",
                         "train_power_fraction",
                         "train_mfu",
                         "host_w_per_device",
                         "embodied_kgco2e_per_accelerator",
                         "host_embodied_kgco2e_per_device",
                         "infer_bw_efficiency",
                         "infer_mfu_decode",
                         "infer_mfu_prefill",
                         "infer_power_floor",
                         "infer_power_slope",
                         "infer_tp_layer_us",
                         "infer_ep_layer_us",
                         "infer_seq_us",
                         "infer_step_ms",
                         "infer_low_precision_efficiency",
                         "infer_input_tokens",
                         "infer_memory_fraction",
                         "infer_batch"}) {
    INFO(id);
    CHECK_NOTHROW(catalog().require_default(id));
  }
}

TEST_CASE("data: SOURCES.md lists every source id and every data file with its licence", "[data]") {
  const std::string markdown = read_file(std::string(AIFOOT_DATA_DIR) + "/SOURCES.md");
  REQUIRE(!markdown.empty());
  for (const auto& s : catalog().sources()) {
    INFO(s.id);
    CHECK(markdown.find(fmt::format("`{}`", s.id)) != std::string::npos);
    CHECK(!s.licence.empty());
  }
  for (const auto& file : aifoot::detail::embedded_files()) {
    INFO(file.name);
    CHECK(markdown.find(fmt::format("`{}`", file.name)) != std::string::npos);
    CHECK(!file.licence.empty());
  }
}

TEST_CASE("data: every grid factor states its basis and vintage, listed in SOURCES.md", "[data]") {
  // SOURCES.md's grid-dataset table (scripts/gen_sources_md.py) must carry each factor's dataset
  // with the basis the record states, so a reader can tell what every factor counts.
  const std::string markdown = read_file(std::string(AIFOOT_DATA_DIR) + "/SOURCES.md");
  const auto row_of = [](const aifoot::GridBasis& b) {
    return fmt::format("| `{}` | {} | {} | {} |",
                       b.dataset,
                       aifoot::GridBasis::name(b.scope),
                       aifoot::GridBasis::name(b.allocation),
                       aifoot::GridBasis::name(b.gases));
  };
  const auto check_basis = [&](const std::string& what, const aifoot::GridBasis& b) {
    INFO(what);
    CHECK(b.year >= 2009);
    CHECK(b.year <= 2026);
    CHECK(!b.dataset.empty());
    CHECK(markdown.find(row_of(b)) != std::string::npos);
  };
  for (const auto& z : catalog().zones()) {
    check_basis("zone " + z.id, z.basis);
  }
  for (const auto& r : catalog().regions()) {
    if (r.gco2_per_kwh) {
      check_basis("region " + r.id, r.gco2_basis);
    }
  }
  // The default basis has a lifecycle CO2e factor for every country and the world.
  for (const auto& z : catalog().zones()) {
    if (z.id.size() == 2 || z.id == "WORLD") {
      INFO(z.id);
      CHECK(z.basis.scope == aifoot::EmissionScope::lifecycle);
      CHECK(z.basis.gases == aifoot::GreenhouseGases::co2e);
    }
  }
}

TEST_CASE("data: a zone record without its basis or data year is a data error", "[data]") {
  const std::string complete = R"({"id":"XX-TEST","gco2_per_kwh":100,"year":2024,)"
                               R"("emissions":"lifecycle","allocation":"production",)"
                               R"("gases":"co2e","dataset":"test","sources":["zone-ember-2025"]})";
  const auto load = [](const std::string& record) {
    aifoot::Catalog user = aifoot::Catalog::builtin();
    user.add_user_file({"grid.json", fmt::format(R"({{"table":"zones","records":[{}]}})", record)});
    return user.find_zone("XX-TEST") != nullptr;
  };
  CHECK(load(complete));
  for (const char* field : {R"("year":2024,)",
                            R"("emissions":"lifecycle",)",
                            R"("allocation":"production",)",
                            R"("gases":"co2e",)",
                            R"("dataset":"test",)"}) {
    INFO(field);
    std::string record = complete;
    record.erase(record.find(field), std::string(field).size());
    try {
      (void)load(record);
      FAIL("accepted a zone without " << field);
    } catch (const aifoot::Error& e) {
      CHECK(e.kind() == aifoot::ErrorKind::data);
      CHECK(std::string(e.what()).find("XX-TEST") != std::string::npos);
    }
  }
  std::string wrong = complete;
  wrong.replace(wrong.find("lifecycle"), 9, "upstream");
  CHECK_THROWS_AS(load(wrong), aifoot::Error);
}

TEST_CASE("data: catalog fixes of issue 16 hold", "[data]") {
  const auto peak_tflops = [](const char* id, aifoot::Precision p) {
    return catalog().require_hardware(id).peak_flop_per_s.at(p) / 1e12;
  };
  // RTX 5090: bf16 accumulates in FP32 on GeForce; 419 TF is the FP16-accumulate rate.
  CHECK(peak_tflops("rtx-5090", aifoot::Precision::bf16) == Approx(209.5));
  // Like the RTX 4090 row: FP32-accumulate rates, about half the FP16-accumulate figures.
  CHECK(peak_tflops("rtx-4090", aifoot::Precision::bf16) == Approx(165.2));
  // MI250 and MI250X on one TDP basis (total board power, 500 W each).
  CHECK(catalog().require_hardware("mi250").tdp_w == catalog().require_hardware("mi250x").tdp_w);
  CHECK(catalog().require_hardware("p100-pcie").mem_bw_gb_s == 732.0);
  // Achieved bandwidth cannot pass the peak: the range's high end times the default is <= 1.
  const double bw_default = catalog().require_default("infer_bw_efficiency").value;
  for (const auto& range : catalog().uncertainty_ranges()) {
    if (range.factor == aifoot::Factor::bw_efficiency) {
      INFO(range.id);
      CHECK(bw_default * range.high <= 1.0 + 1e-12);
    }
  }
}
