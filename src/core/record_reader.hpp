#pragma once

#include <aifoot/embedded_data.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot::detail {

// A read-only view of one JSON value: a node of a parsed document (a user or --data-dir file) or
// of the embedded value pool (the built-in files, parsed at build time).
class ValueRef {
public:
  ValueRef(const nlohmann::json& json) // NOLINT(google-explicit-constructor): a view of it
      : m_json(&json) {}
  ValueRef(const EmbeddedValue& embedded) // NOLINT(google-explicit-constructor): a view of it
      : m_embedded(&embedded) {}

  // The kind of value (a parsed document's numbers of every type are `number`).
  EmbeddedKind kind() const;
  bool is_null() const { return kind() == EmbeddedKind::null; }
  bool is_string() const { return kind() == EmbeddedKind::string; }
  bool is_number() const { return kind() == EmbeddedKind::number; }
  bool is_boolean() const { return kind() == EmbeddedKind::boolean; }
  bool is_array() const { return kind() == EmbeddedKind::array; }
  bool is_object() const { return kind() == EmbeddedKind::object; }
  // The value; only for a value of that kind.
  std::string_view string() const;
  double number() const;
  bool boolean() const;
  // Members of an object: the value of `key`, or nothing when absent.
  std::optional<ValueRef> member(std::string_view key) const;
  // Elements of an array, members of an object: `visit(key, value)` in order (key empty for an
  // array element).
  void for_each(const std::function<void(std::string_view, ValueRef)>& visit) const;

private:
  const nlohmann::json* m_json = nullptr;
  const EmbeddedValue* m_embedded = nullptr;
};

// Reads typed fields of one catalog record and names file, record and field in every error
// (Error(data) "FILE: record N ('ID'): field 'F' WHY"). Numeric limits come from the one bounds
// table (field_bounds.hpp), so a user catalog cannot slip in what the flags reject.
class RecordReader {
public:
  // `record` is the record's JSON value; `index` counts from 0 (messages count from 1). Throws
  // Error(data) when `record` is not an object.
  // With `track_fields`, the reader remembers the fields asked for, for
  // require_no_unknown_fields.
  RecordReader(ValueRef record,
               const std::string& file,
               std::size_t index,
               bool track_fields = false);

  [[noreturn]] void fail(std::string_view field, std::string_view why) const;

  // A string field; throws when missing (or null) or not a string.
  std::string string(std::string_view field) const;
  std::optional<std::string> optional_string(std::string_view field) const;
  std::string string_or(std::string_view field, std::string fallback) const;

  // A finite non-negative number (at most 1e300), or nothing when missing or null.
  std::optional<double> optional_number(std::string_view field) const;
  double number(std::string_view field) const;
  // A number that, when present, lies within the bounds table's limits for `quantity` (a field
  // name such as "pue", see field_bounds.hpp).
  std::optional<double> bounded_number(std::string_view field, std::string_view quantity) const;
  // Throws unless `value` lies within the bounds of `quantity`, naming `field`.
  void check_bounds(std::string_view field, double value, std::string_view quantity) const;
  // A whole number from 0 to 1e9; throws naming the field otherwise.
  std::optional<int> optional_int(std::string_view field) const;
  bool boolean_or(std::string_view field, bool fallback) const;
  // An array of strings; empty when missing or null.
  std::vector<std::string> strings(std::string_view field) const;
  // The record's "sources": a non-empty array of strings.
  std::vector<std::string> sources() const;
  // An object of numbers as (key, value) pairs in key order, empty when missing; throws with
  // `shape` (e.g. "must be an object of precision: TFLOP/s") when not an object. The values are
  // not checked.
  std::vector<std::pair<std::string, std::optional<double>>>
  number_members(std::string_view field, std::string_view shape) const;

  // Throws unless every member of the record is a field the reader asked for: a misspelt or
  // misplaced field (`idle_watts`, `pue` on a hardware record) would otherwise be dropped
  // without a word. Call after reading the record with a reader that tracks fields.
  void require_no_unknown_fields() const;

private:
  // The value of `field`, or nothing when absent or null.
  std::optional<ValueRef> member(std::string_view field) const;

  // Remembers `field` as asked for, when tracking.
  void ask(std::string_view field) const;

  ValueRef m_record;
  bool m_track_fields = false;
  mutable std::vector<std::string> m_asked; // fields asked for, when tracking
  const std::string& m_file;
  std::size_t m_index;
  std::string m_id;
};

} // namespace aifoot::detail
