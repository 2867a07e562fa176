// libFuzzer target: the user catalog loader (--catalog FILE). Malformed files must throw
// aifoot::Error, never crash.
#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  aifoot::Catalog catalog = aifoot::Catalog::builtin();
  try {
    catalog.add_user_file({"fuzz.json", std::string(reinterpret_cast<const char*>(data), size)});
    (void)catalog.hardware();
    (void)catalog.zones();
    (void)catalog.regions();
    (void)catalog.find_region("fuzz:region");
  } catch (const aifoot::Error&) {
  }
  return 0;
}
