#include <aifoot/error.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace aifoot {

using nlohmann::json;

namespace {

// A JSON value as field text: strings as they are, numbers in their shortest exact form.
std::string value_text(const json& value, std::string_view key, std::string_view source) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) {
    return fmt::format("{}", value.get<long long>());
  }
  if (value.is_number_unsigned()) {
    return fmt::format("{}", value.get<unsigned long long>());
  }
  if (value.is_number_float()) {
    return fmt::format("{}", value.get<double>());
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "true" : "false";
  }
  throw Error(
      ErrorKind::invalid_input,
      fmt::format(
          "{}: field '{}' must be a string or a number, not {}", source, key, value.type_name()),
      R"(write values like "h100-sxm", 8 or "36h")");
}

} // namespace

ScenarioFields parse_scenario_json(std::string_view text, std::string_view source_name) {
  const std::string source =
      source_name.empty() ? std::string("scenario") : std::string(source_name);
  // Duplicate keys are an error rather than last-one-wins: a scenario that says "devices" twice
  // is ambiguous.
  json document;
  try {
    document = parse_json_unique_keys<json>(text, source, ErrorKind::invalid_input);
  } catch (const json::parse_error& e) {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format("{}: malformed JSON at byte {}", source, e.byte),
        R"(a scenario is one JSON object, e.g. {"hardware": "h100-sxm", "device-hours": 1000})");
  } catch (const json::out_of_range&) {
    // nlohmann reports a number literal beyond double (1e400) as out_of_range 406.
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: number out of range in JSON", source),
                "numbers must be finite doubles (at most about 1.8e308)");
  }
  if (!document.is_object()) {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format("{}: a scenario must be a JSON object, not {}", source, document.type_name()));
  }
  ScenarioFields scenario;
  for (const auto& [key, value] : document.items()) {
    if (key == "kind") {
      scenario.kind = value_text(value, key, source);
      if (scenario.kind != "training" && scenario.kind != "inference"
          && scenario.kind != "lifecycle") {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: unknown kind '{}'", source, scenario.kind),
                    "use training, inference or lifecycle");
      }
    } else if (key == "name") {
      scenario.name = value_text(value, key, source);
    } else if (!value.is_null()) {
      scenario.fields.emplace_back(key, value_text(value, key, source));
    }
  }
  return scenario;
}

Footprint estimate_scenario(const ScenarioFields& scenario,
                            const Catalog& catalog,
                            const UncertaintyOptions* uncertainty) {
  const auto with_ranges = [&](Footprint footprint, const UserRanges& ranges) {
    if (uncertainty != nullptr) {
      add_uncertainty(footprint, ranges, catalog, *uncertainty);
    }
    return footprint;
  };
  if (scenario.kind == "training") {
    const TrainingScenario training = training_from_fields(scenario.fields);
    return with_ranges(estimate_training(training, catalog), training.ranges);
  }
  if (scenario.kind == "inference") {
    const InferenceScenario inference = inference_from_fields(scenario.fields);
    return with_ranges(estimate_inference(inference, catalog), inference.ranges);
  }
  // A lifecycle scenario's fields carry their phase as a prefix, as the lifecycle flags do:
  // "train.hardware", "teacher.model", "infer.requests".
  LifecycleScenario lifecycle;
  InferenceScenario teacher;
  bool has_training = false;
  bool has_teacher = false;
  bool has_inference = false;
  for (const auto& [name, value] : scenario.fields) {
    const auto dot = name.find('.');
    const std::string phase = dot == std::string::npos ? "" : name.substr(0, dot);
    const std::string field = dot == std::string::npos ? name : name.substr(dot + 1);
    if (phase == "train") {
      set_training_field(lifecycle.training, field, value);
      has_training = true;
    } else if (phase == "teacher") {
      set_inference_field(teacher, field, value);
      has_teacher = true;
    } else if (phase == "infer") {
      set_inference_field(lifecycle.inference, field, value);
      has_inference = true;
    } else {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("lifecycle field '{}' needs a phase prefix", name),
                  fmt::format("write train.{0}, teacher.{0} or infer.{0}", name));
    }
  }
  if (!has_training || !has_inference) {
    throw Error(ErrorKind::invalid_input,
                "a lifecycle scenario needs train.* and infer.* fields",
                "e.g. {\"kind\": \"lifecycle\", \"train.model\": \"llama-3.1-8b\", ..., "
                "\"infer.requests\": \"1M/day\"}");
  }
  if (has_teacher) {
    lifecycle.teacher = teacher;
  }
  return estimate_lifecycle(lifecycle, catalog).total;
}

} // namespace aifoot
