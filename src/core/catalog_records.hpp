#pragma once

// How each catalog table reads its records (internal to aifoot_core): the RecordTraits that drive
// Table<Record> (catalog_table.hpp). The readers check every field against the data format
// (data/README.md) and the bounds table, and name file, record and field in every error.

#include "catalog_table.hpp"

#include <aifoot/catalog.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace aifoot::detail {

template <> struct RecordTraits<Hardware> : RecordTraitsBase<Hardware> {
  static constexpr std::string_view k_table = "hardware";
  static constexpr std::string_view k_what = "hardware";
  static constexpr std::string_view k_list_command = "hardware";
  static Hardware read(const RecordReader& reader, const std::string& file);
  static const std::vector<std::string>& aliases(const Hardware& record) { return record.aliases; }
};

// Zones take their off-site water (EWIF) from the ewif table when it has the zone.
template <> struct RecordTraits<Zone> : RecordTraitsBase<Zone> {
  static constexpr std::string_view k_table = "zones";
  static constexpr std::string_view k_what = "grid zone";
  static constexpr std::string_view k_list_command = "zones";
  static constexpr std::string_view k_extra_table = "ewif";
  static Zone read(const RecordReader& reader, const std::string& file);
  static void complete_record(Zone& zone);
  static void complete_table(Indexed<Zone>& zones, const std::vector<DataSlot>& slots);
};

template <> struct RecordTraits<Provider> : RecordTraitsBase<Provider> {
  static constexpr std::string_view k_table = "providers";
  static constexpr std::string_view k_what = "provider";
  static constexpr std::string_view k_list_command = "providers";
  static Provider read(const RecordReader& reader, const std::string& file);
};

template <> struct RecordTraits<Region> : RecordTraitsBase<Region> {
  static constexpr std::string_view k_table = "regions";
  static constexpr std::string_view k_what = "region";
  static constexpr std::string_view k_list_command = "regions";
  static Region read(const RecordReader& reader, const std::string& file);
  static const std::vector<std::string>& aliases(const Region& record) { return record.aliases; }
};

template <> struct RecordTraits<Model> : RecordTraitsBase<Model> {
  static constexpr std::string_view k_table = "models";
  static constexpr std::string_view k_what = "model";
  static constexpr std::string_view k_list_command = "models";
  static Model read(const RecordReader& reader, const std::string& file);
  static const std::vector<std::string>& aliases(const Model& record) { return record.aliases; }
};

template <> struct RecordTraits<DiffusionModel> : RecordTraitsBase<DiffusionModel> {
  static constexpr std::string_view k_table = "diffusion_models";
  static constexpr std::string_view k_what = "diffusion model";
  static constexpr std::string_view k_list_command = "diffusion-models";
  static DiffusionModel read(const RecordReader& reader, const std::string& file);
  static const std::vector<std::string>& aliases(const DiffusionModel& record) {
    return record.aliases;
  }
};

template <> struct RecordTraits<Source> : RecordTraitsBase<Source> {
  static constexpr std::string_view k_table = "sources";
  static constexpr std::string_view k_what = "source";
  static constexpr std::string_view k_list_command = "sources";
  static Source read(const RecordReader& reader, const std::string& file);
};

template <> struct RecordTraits<Default> : RecordTraitsBase<Default> {
  static constexpr std::string_view k_table = "defaults";
  static constexpr std::string_view k_what = "default";
  static constexpr bool k_user_may_add = false; // the estimators read defaults by id
  static constexpr std::string_view k_list_command = "defaults";
  static Default read(const RecordReader& reader, const std::string& file);
};

template <> struct RecordTraits<UncertaintyRange> : RecordTraitsBase<UncertaintyRange> {
  static constexpr std::string_view k_table = "uncertainty";
  static constexpr std::string_view k_what = "uncertainty range";
  static constexpr std::string_view k_list_command = "uncertainty";
  static UncertaintyRange read(const RecordReader& reader, const std::string& file);
};

} // namespace aifoot::detail
