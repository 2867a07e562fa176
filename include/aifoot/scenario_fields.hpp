#pragma once

#include <aifoot/generation.hpp>
#include <aifoot/scenario.hpp>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot {

// One named input of a scenario. The same names are CLI flags (--name), scenario-file keys and
// CSV columns, so every way in shares one parser and one range check.
struct FieldSpec {
  std::string_view name;        // kebab-case, e.g. "device-hours"
  std::string_view placeholder; // e.g. "N", "DURATION"
  std::string_view help;
};

// The fields of a training scenario, in help order.
std::span<const FieldSpec> training_field_specs();

// Sets field `name` of `scenario` from its text `value`, parsed with the units parsers. Throws
// Error(invalid_input) naming the field for bad values, and for unknown names with the closest
// known ones as hint.
void set_training_field(TrainingScenario& scenario, std::string_view name, std::string_view value);

// A scenario from name/value pairs, applied in order (later pairs override earlier ones).
TrainingScenario
training_from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

// The fields of an inference scenario, in help order. The device and site fields (hardware,
// region, zone, avg-power, ..., boundary) are the training ones, with the same parsers.
std::span<const FieldSpec> inference_field_specs();

// Sets field `name` of an inference scenario; errors as set_training_field.
void set_inference_field(InferenceScenario& scenario,
                         std::string_view name,
                         std::string_view value);

// An inference scenario from name/value pairs, applied in order.
InferenceScenario
inference_from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

// The fields of a generation scenario (`aifoot generate`), in help order, with the shared device
// and site fields.
std::span<const FieldSpec> generation_field_specs();

// Sets field `name` of a generation scenario; errors as set_training_field.
void set_generation_field(GenerationScenario& scenario,
                          std::string_view name,
                          std::string_view value);

// A generation scenario from name/value pairs, applied in order.
GenerationScenario
generation_from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

} // namespace aifoot
