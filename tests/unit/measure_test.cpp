#include "catch.hpp"
#include "nvml.hpp"
#include "rapl.hpp"
#include "runner.hpp"

#include <aifoot/error.hpp>
#include <aifoot/measurement.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace fs = std::filesystem;

namespace {

const aifoot::Catalog& catalog() {
  static const aifoot::Catalog instance = aifoot::Catalog::builtin();
  return instance;
}

// A temporary powercap tree, removed at the end of the test.
class FakePowercap {
public:
  FakePowercap()
      : m_root(
          fs::temp_directory_path()
          / ("aifoot-rapl-" + std::to_string(::getpid()) + "-" + std::to_string(s_counter++))) {
    fs::remove_all(m_root);
    fs::create_directories(m_root);
  }
  ~FakePowercap() {
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }
  FakePowercap(const FakePowercap&) = delete;
  FakePowercap& operator=(const FakePowercap&) = delete;

  void zone(const std::string& dir,
            const std::string& name,
            std::uint64_t energy_uj,
            std::uint64_t max_uj) {
    fs::create_directories(m_root / dir);
    write(m_root / dir / "name", name);
    write(m_root / dir / "max_energy_range_uj", std::to_string(max_uj));
    set(dir, energy_uj);
  }
  void set(const std::string& dir, std::uint64_t energy_uj) {
    write(m_root / dir / "energy_uj", std::to_string(energy_uj));
  }
  std::string root() const { return m_root.string(); }
  fs::path path() const { return m_root; }

private:
  static void write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text << "\n";
  }
  static inline int s_counter = 0;
  fs::path m_root;
};

const aifoot::MeasuredDevice* find(const std::vector<aifoot::MeasuredDevice>& devices,
                                   const std::string& id) {
  for (const auto& d : devices) {
    if (d.id == id) {
      return &d;
    }
  }
  return nullptr;
}

class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value)
      : m_name(name) {
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() { ::unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* m_name;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("counter_delta_uj: plain, wrapped and unknown-range counters", "[measure][rapl]") {
  using aifoot::measure::counter_delta_uj;
  CHECK(counter_delta_uj(100, 250, 1000) == 150);
  CHECK(counter_delta_uj(900, 900, 1000) == 0);
  // Wrapped: 900 -> 1000 (top of the range) -> 0 -> 50.
  CHECK(counter_delta_uj(900, 50, 1000) == 150);
  // The real range of many Intel parts: 2^38 µJ-ish (262143328850), wrapped once.
  CHECK(counter_delta_uj(262143328000ULL, 1000ULL, 262143328850ULL) == 1850ULL);
  // No range known, or a reading above it: the interval is dropped, not invented.
  CHECK(counter_delta_uj(900, 50, 0) == 0);
  CHECK(counter_delta_uj(2000, 50, 1000) == 0);
}

TEST_CASE("RaplReader: packages and DRAM from a fake tree, with wrap-around", "[measure][rapl]") {
  FakePowercap tree;
  const std::uint64_t max = 1'000'000'000; // 1,000 J range
  tree.zone("intel-rapl:0", "package-0", 999'000'000, max);
  tree.zone("intel-rapl:0:0", "core", 5, max); // inside the package: skipped
  tree.zone("intel-rapl:0:2", "dram", 0, max);
  tree.zone("intel-rapl:1", "package-1", 10'000'000, max);
  tree.zone("intel-rapl:2", "psys", 7, max);           // whole platform, overlaps: skipped
  tree.zone("intel-rapl-mmio:0", "package-0", 3, max); // duplicate interface: skipped
  fs::create_directories(tree.path() / "intel-rapl");  // the control type itself

  aifoot::measure::RaplReader rapl(tree.root());
  REQUIRE(rapl.available());
  rapl.start();
  tree.set("intel-rapl:0", 200'000'000); // wrapped: 1 J to the top + 200 J
  tree.set("intel-rapl:0:2", 50'000'000);
  tree.set("intel-rapl:1", 30'000'000);
  rapl.sample();
  tree.set("intel-rapl:0", 500'000'000); // +300 J
  tree.set("intel-rapl:0:2", 120'000'000);
  rapl.sample();
  // A garbled reading (a writer caught mid-way) is skipped; the next one covers the interval.
  std::ofstream(tree.path() / "intel-rapl:1" / "energy_uj") << "";
  rapl.sample();
  tree.set("intel-rapl:1", 45'000'000);
  rapl.sample();

  const auto devices = rapl.devices();
  REQUIRE(devices.size() == 3);
  const auto* package0 = find(devices, "package-0");
  const auto* package1 = find(devices, "package-1");
  const auto* dram0 = find(devices, "dram-0");
  REQUIRE(package0 != nullptr);
  REQUIRE(package1 != nullptr);
  REQUIRE(dram0 != nullptr);
  CHECK(package0->kind == aifoot::MeasuredKind::cpu_package);
  CHECK(dram0->kind == aifoot::MeasuredKind::dram);
  CHECK(dram0->name == "dram");
  CHECK_THAT(package0->energy_j, WithinRel(501.0, 1e-12));
  CHECK_THAT(dram0->energy_j, WithinRel(120.0, 1e-12));
  CHECK_THAT(package1->energy_j, WithinRel(35.0, 1e-12));
  CHECK(package0->method == "rapl_energy_counter");
  CHECK(package1->samples == 4); // start + 3 good readings
}

TEST_CASE("RaplReader: nested zone directories are found once", "[measure][rapl]") {
  FakePowercap tree;
  tree.zone("intel-rapl:0", "package-0", 0, 1000);
  tree.zone("intel-rapl:0/intel-rapl:0:2", "dram", 0, 1000);
  aifoot::measure::RaplReader rapl(tree.root());
  CHECK(rapl.devices().size() == 2);
}

TEST_CASE("RaplReader: an absent or empty tree is unavailable with a reason", "[measure][rapl]") {
  aifoot::measure::RaplReader absent("/nonexistent/powercap");
  CHECK_FALSE(absent.available());
  CHECK_THAT(absent.unavailable_reason(), Contains("no powercap tree at /nonexistent/powercap"));

  FakePowercap empty;
  aifoot::measure::RaplReader none(empty.root());
  CHECK_FALSE(none.available());
  CHECK_THAT(none.unavailable_reason(), Contains("no RAPL package or DRAM zone"));
}

TEST_CASE("RaplReader: unreadable counters say why", "[measure][rapl]") {
  if (::geteuid() == 0) {
    SUCCEED("root reads files regardless of permissions; nothing to check");
    return;
  }
  FakePowercap tree;
  tree.zone("intel-rapl:0", "package-0", 0, 1000);
  fs::permissions(tree.path() / "intel-rapl:0" / "energy_uj", fs::perms::owner_write);
  aifoot::measure::RaplReader rapl(tree.root());
  CHECK_FALSE(rapl.available());
  CHECK_THAT(rapl.unavailable_reason(), Contains("Permission denied") && Contains("root"));
}

TEST_CASE("NvmlSampler: energy counters of a fake NVML match the scripted power",
          "[measure][nvml]") {
  const ScopedEnv watts("FAKE_NVML_WATTS", "200,100");
  const ScopedEnv names("FAKE_NVML_NAMES", "NVIDIA H100 80GB HBM3,NVIDIA H100 80GB HBM3");
  aifoot::measure::NvmlSampler nvml(AIFOOT_FAKE_NVML, std::nullopt);
  REQUIRE(nvml.available());
  nvml.start();
  const auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  nvml.sample();
  nvml.stop();
  const double elapsed = seconds_since(started);
  const auto devices = nvml.devices();
  REQUIRE(devices.size() == 2);
  CHECK(devices[0].id == "gpu0");
  CHECK(devices[0].name == "NVIDIA H100 80GB HBM3");
  CHECK(devices[0].method == "nvml_energy_counter");
  // Exact over the span the readings cover; about right over the test's own clock.
  CHECK_THAT(devices[0].energy_j, WithinRel(200.0 * devices[0].window_s, 0.01));
  CHECK_THAT(devices[1].energy_j, WithinRel(100.0 * devices[1].window_s, 0.01));
  CHECK_THAT(devices[0].energy_j, WithinRel(200.0 * elapsed, 0.1));
}

TEST_CASE("NvmlSampler: power samples are integrated where there is no energy counter",
          "[measure][nvml]") {
  const ScopedEnv watts("FAKE_NVML_WATTS", "250");
  const ScopedEnv no_energy("FAKE_NVML_NO_ENERGY", "1");
  aifoot::measure::NvmlSampler nvml(AIFOOT_FAKE_NVML, std::nullopt);
  REQUIRE(nvml.available());
  const auto started = std::chrono::steady_clock::now();
  nvml.start();
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    nvml.sample();
  }
  nvml.stop();
  const double elapsed = seconds_since(started);
  const auto devices = nvml.devices();
  REQUIRE(devices.size() == 1);
  CHECK(devices[0].method == "nvml_power_samples");
  CHECK(devices[0].samples == 5);
  CHECK_THAT(devices[0].energy_j, WithinRel(250.0 * devices[0].window_s, 0.01));
  CHECK_THAT(devices[0].energy_j, WithinRel(250.0 * elapsed, 0.1));
}

TEST_CASE("NvmlSampler: selection, missing library and failing init", "[measure][nvml]") {
  {
    const ScopedEnv watts("FAKE_NVML_WATTS", "300,300,300");
    aifoot::measure::NvmlSampler nvml(AIFOOT_FAKE_NVML, std::vector<unsigned>{2});
    nvml.start();
    nvml.stop();
    REQUIRE(nvml.devices().size() == 1);
    CHECK(nvml.devices()[0].id == "gpu2");
    CHECK_THROWS_AS(aifoot::measure::NvmlSampler(AIFOOT_FAKE_NVML, std::vector<unsigned>{3}),
                    aifoot::Error);
  }
  aifoot::measure::NvmlSampler missing("/nonexistent/libnvidia-ml.so.1", std::nullopt);
  CHECK_FALSE(missing.available());
  CHECK_THAT(missing.unavailable_reason(), Contains("/nonexistent/libnvidia-ml.so.1"));

  const ScopedEnv init_error("FAKE_NVML_INIT_ERROR", "9");
  aifoot::measure::NvmlSampler failing(AIFOOT_FAKE_NVML, std::nullopt);
  CHECK_FALSE(failing.available());
  CHECK_THAT(failing.unavailable_reason(), Contains("nvmlInit failed") && Contains("NVML error 9"));
}

TEST_CASE("run_measured: exit status, signals and commands that cannot start",
          "[measure][runner]") {
  const aifoot::measure::SignalBlock signals;
  auto run = aifoot::measure::run_measured({"sh", "-c", "exit 3"}, 0.05, nullptr, nullptr, signals);
  CHECK(run.status.exit_code == 3);
  CHECK_FALSE(run.status.signal);
  CHECK(run.energy.ticks >= 2);

  run =
      aifoot::measure::run_measured({"sh", "-c", "kill -TERM $$"}, 0.05, nullptr, nullptr, signals);
  REQUIRE(run.status.signal);
  CHECK(*run.status.signal == SIGTERM);
  CHECK(run.status.exit_code == 128 + SIGTERM);

  run = aifoot::measure::run_measured({"sleep", "0.3"}, 0.05, nullptr, nullptr, signals);
  CHECK(run.status.exit_code == 0);
  CHECK_THAT(run.energy.duration_s, WithinAbs(0.3, 0.2));
  CHECK(run.energy.ticks >= 5);

  try {
    static_cast<void>(
        aifoot::measure::run_measured({"aifoot-no-such-command"}, 0.05, nullptr, nullptr, signals));
    FAIL("expected SpawnError");
  } catch (const aifoot::measure::SpawnError& e) {
    CHECK(e.exit_code() == 127);
    CHECK_THAT(std::string(e.what()), Contains("cannot run 'aifoot-no-such-command'"));
  }
}

TEST_CASE("run_measured: RAPL counters the command itself advances", "[measure][runner][rapl]") {
  FakePowercap tree;
  tree.zone("intel-rapl:0", "package-0", 900'000'000, 1'000'000'000);
  aifoot::measure::RaplReader rapl(tree.root());
  const aifoot::measure::SignalBlock signals;
  const std::string file = (tree.path() / "intel-rapl:0" / "energy_uj").string();
  // 900 J -> (wrap at 1,000 J) 100 J -> 400 J: 200 J + 300 J, written atomically by rename.
  const std::string script = "printf 100000000 > " + file + ".tmp && mv " + file + ".tmp " + file
                             + " && sleep 0.3 && printf 400000000 > " + file + ".tmp && mv " + file
                             + ".tmp " + file + " && sleep 0.2";
  const auto run =
      aifoot::measure::run_measured({"sh", "-c", script}, 0.05, &rapl, nullptr, signals);
  REQUIRE(run.energy.devices.size() == 1);
  CHECK_THAT(run.energy.devices[0].energy_j, WithinRel(500.0, 1e-12));
}

TEST_CASE("match_gpu_name: driver names to catalog profiles", "[measurement]") {
  const auto id = [](const char* name) {
    const aifoot::Hardware* hw = aifoot::match_gpu_name(name, catalog());
    return hw != nullptr ? hw->id : std::string("-");
  };
  CHECK(id("NVIDIA H100 80GB HBM3") == "h100-sxm");
  CHECK(id("NVIDIA A100-SXM4-80GB") == "a100-80gb");
  CHECK(id("Tesla V100-SXM2-16GB") == "v100");
  CHECK(id("NVIDIA GeForce RTX 4090") == "rtx-4090");
  CHECK(id("NVIDIA H200") == "h200");
  CHECK(id("Fake GPU 0") == "-");
}

TEST_CASE("footprint_from_measurement: measured GPU and RAPL energy, estimated rest of host",
          "[measurement]") {
  aifoot::MeasuredEnergy measured;
  measured.duration_s = 3600;
  measured.interval_s = 0.1;
  measured.ticks = 36001;
  measured.devices = {
      {"gpu0",
       aifoot::MeasuredKind::gpu,
       "NVIDIA H100 80GB HBM3",
       "nvml_energy_counter",
       1.8e6,
       2,
       3600},
      {"gpu1",
       aifoot::MeasuredKind::gpu,
       "NVIDIA H100 80GB HBM3",
       "nvml_energy_counter",
       1.8e6,
       2,
       3600},
      {"package-0",
       aifoot::MeasuredKind::cpu_package,
       "package-0",
       "rapl_energy_counter",
       0.72e6,
       36001,
       3600},
      {"dram-0", aifoot::MeasuredKind::dram, "dram", "rapl_energy_counter", 0.18e6, 36001, 3600},
  };
  aifoot::MeasureScenario scenario;
  scenario.site.zone = "FR";
  scenario.site.pue = 1.2;
  const auto f = aifoot::footprint_from_measurement(measured, scenario, catalog());
  CHECK(f.kind == "measurement");
  CHECK_THAT(f.energy.accelerators_kwh, WithinRel(1.0, 1e-12));
  // RAPL 250 W on average; the H100 host share is 2 x the catalog's per-device host power (351 W);
  // the rest of it (702 - 250 = 452 W) is estimated.
  const double host_w = 2 * *catalog().require_hardware("h100-sxm").host_w_per_device;
  REQUIRE(host_w > 250.0);
  const auto* rest = aifoot::find_assumption(f, "rest_of_host_power");
  REQUIRE(rest != nullptr);
  CHECK_THAT(rest->value, WithinRel(host_w - 250.0, 1e-9));
  CHECK(rest->origin == "estimated:catalog:hardware/h100-sxm");
  CHECK_THAT(f.energy.host_kwh, WithinRel(host_w / 1000.0, 1e-9));
  CHECK_THAT(f.energy.total_kwh, WithinRel((1.0 + host_w / 1000.0) * 1.2, 1e-9));
  CHECK_THAT(
      f.co2e.operational_kg,
      WithinRel(f.energy.total_kwh * aifoot::find_assumption(f, "grid_intensity")->value / 1000,
                1e-9));
  CHECK(f.co2e.embodied_kg > 0);
  CHECK(aifoot::find_assumption(f, "gpu_energy")->origin == "measured:nvml");
  CHECK(aifoot::find_assumption(f, "cpu_energy")->origin == "measured:rapl");
  CHECK(aifoot::find_assumption(f, "dram_energy")->origin == "measured:rapl");
  CHECK(aifoot::find_assumption(f, "hardware")->text == "h100-sxm");
  CHECK(f.time.devices == 2.0);
  CHECK_THAT(f.time.device_hours, WithinRel(2.0, 1e-12));

  scenario.rest_of_host_w = 100;
  const auto user = aifoot::footprint_from_measurement(measured, scenario, catalog());
  CHECK_THAT(user.energy.host_kwh, WithinRel(0.25 + 0.1, 1e-9));
  CHECK(aifoot::find_assumption(user, "rest_of_host_power")->origin == "user");
}

TEST_CASE("footprint_from_measurement: nothing measured is said, not silently 0", "[measurement]") {
  aifoot::MeasuredEnergy measured;
  measured.duration_s = 1;
  measured.unavailable = {{"nvml", "libnvidia-ml.so.1 not found"}, {"rapl", "no powercap tree"}};
  const auto f = aifoot::footprint_from_measurement(measured, {}, catalog());
  CHECK(f.energy.total_kwh == 0);
  CHECK(aifoot::find_assumption(f, "gpu_energy")->origin == "unavailable:nvml");
  CHECK_THAT(aifoot::find_assumption(f, "gpu_energy")->note,
             Contains("libnvidia-ml.so.1 not found"));
  CHECK(aifoot::find_assumption(f, "cpu_energy")->origin == "unavailable:rapl");
  REQUIRE_FALSE(f.notes.empty());
  bool said = false;
  for (const auto& note : f.notes) {
    said = said || note.find("nothing could be measured") != std::string::npos;
  }
  CHECK(said);
  aifoot::MeasureScenario unknown_zone;
  unknown_zone.site.zone = "XX-NOWHERE";
  CHECK_THROWS_AS(aifoot::footprint_from_measurement(measured, unknown_zone, catalog()),
                  aifoot::Error);
}
