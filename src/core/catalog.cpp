#include "catalog_records.hpp"
#include "csv_catalog.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/number_text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace aifoot {

using detail::Table;
using nlohmann::json;

namespace {

json parse_document(const DataFile& file) {
  if (file.name.size() >= 4 && file.name.compare(file.name.size() - 4, 4, ".csv") == 0) {
    return detail::parse_csv_catalog(file);
  }
  json document;
  try {
    document = parse_json_unique_keys<json>(file.content, file.name, ErrorKind::data);
  } catch (const json::exception& e) { // parse_error, or out_of_range for 1e400
    throw Error(ErrorKind::data, fmt::format("{}: malformed JSON: {}", file.name, e.what()));
  }
  if (!document.is_object() || !document.contains("table") || !document["table"].is_string()) {
    throw Error(
        ErrorKind::data,
        fmt::format(R"({}: expected an object with a "table" name and "records")", file.name));
  }
  if (!document.contains("records") || !document["records"].is_array()) {
    throw Error(ErrorKind::data, fmt::format("{}: \"records\" must be an array", file.name));
  }
  return document;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL) {
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

} // namespace

std::string_view GridBasis::name(EmissionScope scope) {
  return scope == EmissionScope::lifecycle ? "lifecycle" : "direct";
}

std::string_view GridBasis::name(GridAllocation allocation) {
  switch (allocation) {
  case GridAllocation::consumption:
    return "consumption";
  case GridAllocation::production:
    return "production";
  case GridAllocation::unstated:
    return "unstated";
  }
  return "unstated";
}

std::string_view GridBasis::name(GreenhouseGases gases) {
  return gases == GreenhouseGases::co2e ? "co2e" : "co2";
}

// Concatenated, not formatted: a stream writes one for every record (grid label, CSV grid_basis).
std::string GridBasis::describe() const {
  std::string text;
  text.reserve(64);
  text += name(scope);
  if (allocation == GridAllocation::unstated) {
    text += ", allocation unstated, ";
  } else {
    text += ", ";
    text += name(allocation);
    text += "-based, ";
  }
  text += gases == GreenhouseGases::co2e ? "CO2e, " : "CO2 only, ";
  text += dataset;
  text.push_back(' ');
  const fmt::format_int digits(year); // 0 to 10^9, checked on load
  text.append(digits.data(), digits.size());
  return text;
}

bool Hardware::is_low_confidence(std::string_view field) const {
  return std::find(low_confidence_fields.begin(), low_confidence_fields.end(), field)
         != low_confidence_fields.end();
}

struct Catalog::Tables {
  detail::CatalogFiles files;
  Table<Hardware> hardware;
  Table<Zone> zones;
  Table<Provider> providers;
  Table<Region> regions;
  Table<Model> models;
  Table<Source> sources;
  Table<Default> defaults;
  Table<UncertaintyRange> uncertainty;
  Table<DiffusionModel> diffusion_models;

  // Calls `visit(table)` for every table.
  template <typename Visit> void for_each_table(Visit visit) {
    visit(hardware);
    visit(zones);
    visit(providers);
    visit(regions);
    visit(models);
    visit(sources);
    visit(defaults);
    visit(uncertainty);
    visit(diffusion_models);
  }
};

Catalog::Catalog()
    : m_tables(std::make_unique<Tables>()) {}
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;
Catalog::~Catalog() = default;

Catalog Catalog::builtin() {
  Catalog catalog;
  for (const auto& file : detail::embedded_files()) {
    catalog.m_tables->files.slots.push_back(
        {std::string(file.name), std::string(file.table), &file, {}, false});
  }
  catalog.m_data_version = std::string(detail::embedded_data_version());
  return catalog;
}

Catalog Catalog::from_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorKind::io, fmt::format("data directory '{}' is not a readable directory", dir));
  }
  Catalog catalog = builtin();
  std::uint64_t hash = fnv1a("");
  bool replaced = false;
  for (auto& slot : catalog.m_tables->files.slots) {
    const fs::path path = fs::path(dir) / slot.name;
    if (!fs::exists(path, ec)) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw Error(ErrorKind::io, fmt::format("cannot read '{}'", path.string()));
    }
    std::ostringstream content;
    content << in.rdbuf();
    const DataFile file{path.string(), content.str()};
    slot.document = parse_document(file);
    if (slot.document["table"].get<std::string>() != slot.table) {
      throw Error(ErrorKind::data,
                  fmt::format("{}: holds table '{}', expected '{}'",
                              file.name,
                              slot.document["table"].get<std::string>(),
                              slot.table));
    }
    slot.embedded = nullptr;
    catalog.m_tables->files.overridden.push_back(slot.table == "ewif" ? "zones" : slot.table);
    hash = fnv1a(file.content, fnv1a(slot.name, hash));
    replaced = true;
  }
  if (replaced) {
    catalog.m_data_version += fmt::format("+dir.{:08x}", hash & 0xffffffffULL);
  }
  return catalog;
}

void Catalog::add_user_file(const DataFile& file) {
  json document = parse_document(file);
  const auto table = document["table"].get<std::string>();
  static constexpr std::array<std::string_view, 10> k_tables{"hardware",
                                                             "zones",
                                                             "ewif",
                                                             "providers",
                                                             "regions",
                                                             "models",
                                                             "sources",
                                                             "defaults",
                                                             "uncertainty",
                                                             "diffusion_models"};
  if (std::find(k_tables.begin(), k_tables.end(), table) == k_tables.end()) {
    throw Error(
        ErrorKind::data,
        fmt::format("{}: unknown table '{}'", file.name, table),
        "use hardware, zones, ewif, providers, regions, models, sources, defaults, uncertainty or "
        "diffusion_models");
  }
  m_data_version += fmt::format("+user.{:08x}", fnv1a(file.content) & 0xffffffffULL);
  m_tables->files.slots.push_back({file.name, table, nullptr, std::move(document), true});
  m_tables->files.overridden.push_back(table == "ewif" ? "zones" : table);
  m_tables->for_each_table([&](auto& each) {
    each.clear();
    // Parse the new records now, so a malformed user file fails when it is given, not later.
    if (each.reads(table)) {
      (void)each.all(m_tables->files);
    }
  });
}

const std::vector<Hardware>& Catalog::hardware() const {
  return m_tables->hardware.all(m_tables->files);
}
const std::vector<Zone>& Catalog::zones() const {
  return m_tables->zones.all(m_tables->files);
}
const std::vector<Provider>& Catalog::providers() const {
  return m_tables->providers.all(m_tables->files);
}
const std::vector<Region>& Catalog::regions() const {
  return m_tables->regions.all(m_tables->files);
}
const std::vector<Model>& Catalog::models() const {
  return m_tables->models.all(m_tables->files);
}
const std::vector<Source>& Catalog::sources() const {
  return m_tables->sources.all(m_tables->files);
}
const std::vector<Default>& Catalog::defaults() const {
  return m_tables->defaults.all(m_tables->files);
}
const std::vector<UncertaintyRange>& Catalog::uncertainty_ranges() const {
  return m_tables->uncertainty.all(m_tables->files);
}
const std::vector<DiffusionModel>& Catalog::diffusion_models() const {
  return m_tables->diffusion_models.all(m_tables->files);
}

const Hardware* Catalog::find_hardware(std::string_view name) const {
  return m_tables->hardware.find(m_tables->files, name);
}
const Zone* Catalog::find_zone(std::string_view name) const {
  return m_tables->zones.find(m_tables->files, name);
}
const Provider* Catalog::find_provider(std::string_view name) const {
  return m_tables->providers.find(m_tables->files, name);
}
const Region* Catalog::find_region(std::string_view name) const {
  return m_tables->regions.find(m_tables->files, name);
}
const Model* Catalog::find_model(std::string_view name) const {
  return m_tables->models.find(m_tables->files, name);
}
const DiffusionModel* Catalog::find_diffusion_model(std::string_view name) const {
  return m_tables->diffusion_models.find(m_tables->files, name);
}
const Source* Catalog::find_source(std::string_view id) const {
  return m_tables->sources.find(m_tables->files, id);
}

const Hardware& Catalog::require_hardware(std::string_view name) const {
  return m_tables->hardware.require(m_tables->files, name);
}
const Zone& Catalog::require_zone(std::string_view name) const {
  return m_tables->zones.require(m_tables->files, name);
}
const Region& Catalog::require_region(std::string_view name) const {
  return m_tables->regions.require(m_tables->files, name);
}
const Model& Catalog::require_model(std::string_view name) const {
  return m_tables->models.require(m_tables->files, name);
}
const DiffusionModel& Catalog::require_diffusion_model(std::string_view name) const {
  return m_tables->diffusion_models.require(m_tables->files, name);
}

const Default& Catalog::require_default(std::string_view id) const {
  const Default* found = m_tables->defaults.find(m_tables->files, id);
  if (found == nullptr) {
    throw Error(ErrorKind::data, fmt::format("defaults table has no '{}'", id));
  }
  return *found;
}

} // namespace aifoot
