#include "catch.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>

#include <algorithm>

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
