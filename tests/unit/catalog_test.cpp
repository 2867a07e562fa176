#include "catch.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>

#include <algorithm>
#include <tuple>

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

std::string hint_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const aifoot::Error& e) {
    CHECK(e.kind() == aifoot::ErrorKind::invalid_input);
    return e.hint();
  }
  FAIL("no error thrown");
  return {};
}

} // namespace

TEST_CASE("find_hardware: case-insensitive over ids and aliases", "[catalog]") {
  const auto* by_id = catalog().find_hardware("h100-sxm");
  REQUIRE(by_id != nullptr);
  CHECK(catalog().find_hardware("H100-SXM") == by_id);
  CHECK(catalog().find_hardware("h100-sxm5") == by_id);
  CHECK(catalog().find_hardware("no-such-gpu") == nullptr);
}

TEST_CASE("require_hardware: unknown names get the closest matches", "[catalog]") {
  SECTION("a typo") {
    const auto hint = hint_of([] { (void)catalog().require_hardware("h100-sxn"); });
    CHECK(hint.find("h100-sxm") != std::string::npos);
  }
  SECTION("a family prefix lists its members") {
    const auto hint = hint_of([] { (void)catalog().require_hardware("h100"); });
    CHECK(hint.find("h100-sxm") != std::string::npos);
    CHECK(hint.find("h100-pcie") != std::string::npos);
    CHECK(hint.find("h100-nvl") != std::string::npos);
  }
  SECTION("nothing close: points at the list command") {
    const auto hint = hint_of([] { (void)catalog().require_hardware("zzzzzzzzzzzz"); });
    CHECK(hint.find("aifoot list hardware") != std::string::npos);
  }
}

TEST_CASE("require_region and require_zone: lookups and suggestions", "[catalog]") {
  CHECK(catalog().require_region("AWS:US-EAST-1").zone == "US-MIDA-PJM");
  CHECK(catalog().require_zone("fr").id == "FR");
  const auto hint = hint_of([] { (void)catalog().require_region("aws:us-east-9"); });
  CHECK(hint.find("aws:us-east-") != std::string::npos);
}

TEST_CASE("require_model: presets carry architecture and MoE active parameters", "[catalog]") {
  const auto& v3 = catalog().require_model("deepseek-v3");
  CHECK(v3.params_active < v3.params_total);
  CHECK(v3.experts_total.has_value());
  const auto& llama = catalog().require_model("llama-3.1-70b");
  CHECK(llama.params_active == llama.params_total);
  CHECK(llama.layers.has_value());
}

TEST_CASE("add_user_file: user records override and extend the catalog", "[catalog]") {
  aifoot::Catalog user = aifoot::Catalog::builtin();
  const std::string before = user.data_version();
  user.add_user_file({"onprem.json", R"({"table":"providers","records":[
      {"id":"onprem","name":"Our cluster","pue":1.25,"sources":["def-ccf-coefficients"]}]})"});
  REQUIRE(user.find_provider("onprem") != nullptr);
  CHECK(*user.find_provider("onprem")->pue == 1.25);
  CHECK(user.data_version() != before);

  SECTION("a malformed file names file, record and field") {
    try {
      user.add_user_file(
          {"bad.json",
           R"({"table":"hardware","records":[{"id":"x","tdp_w":"big","sources":["s"]}]})"});
      FAIL("accepted a malformed record");
    } catch (const aifoot::Error& e) {
      CHECK(e.kind() == aifoot::ErrorKind::data);
      const std::string message = e.what();
      CHECK(message.find("bad.json") != std::string::npos);
      CHECK(message.find("record 1") != std::string::npos);
      CHECK(message.find("tdp_w") != std::string::npos);
    }
  }
  SECTION("malformed JSON is a data error") {
    CHECK_THROWS_AS(user.add_user_file({"broken.json", "{\"table\": "}), aifoot::Error);
  }
}

TEST_CASE("catalog: embedded tables read the same as data/ parsed at run time", "[catalog]") {
  // builtin() reads the values embedded at build time, from_directory() the same files parsed as
  // JSON documents: the two readers must agree on every record.
  const aifoot::Catalog& embedded = catalog();
  const aifoot::Catalog parsed = aifoot::Catalog::from_directory(AIFOOT_DATA_DIR);
  REQUIRE(parsed.data_version() != embedded.data_version()); // it did replace the files
  const auto check_same =
      [](const auto& parsed_records, const auto& embedded_records, auto fields) {
        REQUIRE(parsed_records.size() == embedded_records.size());
        for (std::size_t i = 0; i < parsed_records.size(); ++i) {
          CHECK(fields(parsed_records[i]) == fields(embedded_records[i]));
        }
      };
  const auto hardware = [](const aifoot::Hardware& h) {
    return std::tuple(h.id,
                      h.aliases,
                      h.name,
                      h.tdp_w,
                      h.idle_w,
                      h.memory_gb,
                      h.peak_flop_per_s,
                      h.train_mfu,
                      h.embodied_kgco2e,
                      h.low_confidence_fields,
                      h.notes,
                      h.sources);
  };
  check_same(parsed.hardware(), embedded.hardware(), hardware);
  const auto zone = [](const aifoot::Zone& z) {
    return std::tuple(z.id,
                      z.gco2_per_kwh,
                      z.basis.describe(),
                      z.ewif_l_per_kwh,
                      z.ewif_origin,
                      z.ewif_sources,
                      z.sources);
  };
  check_same(parsed.zones(), embedded.zones(), zone);
  const auto model = [](const aifoot::Model& m) {
    return std::tuple(m.id,
                      m.aliases,
                      m.params_total,
                      m.params_active,
                      m.layers,
                      m.head_dim,
                      m.release_precision,
                      m.estimate,
                      m.open_weights,
                      m.context_tokens);
  };
  check_same(parsed.models(), embedded.models(), model);
  const auto range = [](const aifoot::UncertaintyRange& u) {
    return std::tuple(u.id, u.factor, u.origin, u.low, u.high, u.why, u.sources);
  };
  check_same(parsed.uncertainty_ranges(), embedded.uncertainty_ranges(), range);
  // Lookups by name: a record read alone (embedded, no table built) equals the parsed one.
  const aifoot::Catalog fresh = aifoot::Catalog::builtin();
  CHECK(hardware(*fresh.find_hardware("H100-SXM"))
        == hardware(parsed.require_hardware("h100-sxm")));
  CHECK(zone(fresh.require_zone("fr")) == zone(parsed.require_zone("FR")));
}
