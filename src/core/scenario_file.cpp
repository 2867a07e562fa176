#include <aifoot/error.hpp>
#include <aifoot/generation.hpp>
#include <aifoot/inference.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/lifecycle.hpp>
#include <aifoot/scenario_fields.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/training.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace aifoot {

using nlohmann::json;

namespace {

// A JSON value as field text: strings as they are, numbers in their shortest exact form.
std::string value_text(const json& value, std::string_view key, std::string_view source) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_unsigned()) { // before is_number_integer, which is true for both
    return fmt::format("{}", value.get<unsigned long long>());
  }
  if (value.is_number_integer()) {
    return fmt::format("{}", value.get<long long>());
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

bool is_known_kind(std::string_view kind) {
  return kind == "training" || kind == "inference" || kind == "lifecycle" || kind == "generation";
}

// A JSON string without escapes or non-ASCII characters at text[i] (i moves past it); nothing
// for any other string, which the general path handles.
std::optional<std::string_view> flat_string(std::string_view text, std::size_t& i) {
  if (i >= text.size() || text[i] != '"') {
    return std::nullopt;
  }
  const std::size_t begin = ++i;
  while (i < text.size() && text[i] != '"') {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x80 || c == '\\') {
      return std::nullopt;
    }
    ++i;
  }
  if (i >= text.size()) {
    return std::nullopt;
  }
  return text.substr(begin, i++ - begin);
}

// A JSON number token at text[i] (i moves past it) as the general path prints it; nothing for
// what it would print otherwise.
std::optional<std::string> flat_number(std::string_view text, std::size_t& i) {
  const std::size_t begin = i;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i;
    }
    return i - from;
  };
  if (i < text.size() && text[i] == '-') {
    ++i;
  }
  const std::size_t first_digit = i;
  const std::size_t integer_digits = digits();
  if (integer_digits == 0 || (integer_digits > 1 && text[first_digit] == '0')) {
    return std::nullopt;
  }
  bool is_integer = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    is_integer = false;
    if (digits() == 0) {
      return std::nullopt;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    is_integer = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    if (digits() == 0) {
      return std::nullopt;
    }
  }
  const std::string_view token = text.substr(begin, i - begin);
  if (is_integer) {
    // int64 prints as written; "-0" and 19+ digits take the general path.
    if (integer_digits > 18 || token == "-0") {
      return std::nullopt;
    }
    return std::string(token);
  }
  double value = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error != std::errc() || end != token.data() + token.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return fmt::format("{}", value);
}

// The parsed members as the general path gives them: keys in sorted order, null values left
// out, kind and name apart; nothing for a duplicate key or a bad kind or name, which the general
// path names.
std::optional<ScenarioFields>
flat_fields(std::vector<std::pair<std::string_view, std::optional<std::string>>>& members) {
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  ScenarioFields scenario;
  for (std::size_t m = 0; m < members.size(); ++m) {
    auto& [key, value] = members[m];
    if (m > 0 && members[m - 1].first == key) {
      return std::nullopt; // a duplicate key: the general path names it
    }
    if (key == "kind" || key == "name") {
      if (!value || (key == "kind" && !is_known_kind(*value))) {
        return std::nullopt;
      }
      (key == "kind" ? scenario.kind : scenario.name) = *value;
    } else if (value) {
      scenario.fields.emplace_back(key, std::move(*value));
    }
  }
  return scenario;
}

// The fast path of parse_scenario_json for the common record: one flat object whose keys and
// values are plain ASCII strings (no escapes), numbers, booleans or null, each key once. It gives
// the same fields as the general path (keys in sorted order, numbers in their shortest form) and
// returns nothing for anything else, which the general path then parses or rejects with its
// messages. A stream spends most of its input time here (bench: scenario_json_parse).
std::optional<ScenarioFields> parse_flat_scenario(std::string_view text) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < text.size()
           && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
      ++i;
    }
  };

  skip_space();
  if (i >= text.size() || text[i] != '{') {
    return std::nullopt;
  }
  ++i;
  std::vector<std::pair<std::string_view, std::optional<std::string>>> members;
  skip_space();
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    while (true) {
      skip_space();
      const auto key = flat_string(text, i);
      if (!key) {
        return std::nullopt;
      }
      skip_space();
      if (i >= text.size() || text[i] != ':') {
        return std::nullopt;
      }
      ++i;
      skip_space();
      if (i >= text.size()) {
        return std::nullopt;
      }
      std::optional<std::string> value;
      if (text[i] == '"') {
        const auto string = flat_string(text, i);
        if (!string) {
          return std::nullopt;
        }
        value = std::string(*string);
      } else if (text.substr(i, 4) == "true") {
        value = "true";
        i += 4;
      } else if (text.substr(i, 5) == "false") {
        value = "false";
        i += 5;
      } else if (text.substr(i, 4) == "null") {
        i += 4;
      } else {
        value = flat_number(text, i);
        if (!value) {
          return std::nullopt;
        }
      }
      members.emplace_back(*key, std::move(value));
      skip_space();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '}') {
        ++i;
        break;
      }
      return std::nullopt;
    }
  }
  skip_space();
  if (i != text.size()) {
    return std::nullopt;
  }
  return flat_fields(members);
}

} // namespace

ScenarioFields parse_scenario_json(std::string_view text, std::string_view source_name) {
  if (auto flat = parse_flat_scenario(text)) {
    return std::move(*flat);
  }
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
      if (!is_known_kind(scenario.kind)) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: unknown kind '{}'", source, scenario.kind),
                    "use training, inference, generation or lifecycle");
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
                            const UncertaintyOptions* uncertainty,
                            Trail trail) {
  if (uncertainty != nullptr && trail == Trail::none) {
    trail = Trail::factors; // the Monte Carlo varies the factors of the trail
  }
  const auto with_ranges = [&](Footprint footprint, const UserRanges& ranges) {
    if (uncertainty != nullptr) {
      add_uncertainty(footprint, ranges, catalog, *uncertainty);
    }
    return footprint;
  };
  if (scenario.kind == "training") {
    const TrainingScenario training = training_from_fields(scenario.fields);
    return with_ranges(estimate_training(training, catalog, trail), training.ranges);
  }
  if (scenario.kind == "inference") {
    const InferenceScenario inference = inference_from_fields(scenario.fields);
    return with_ranges(estimate_inference(inference, catalog, trail), inference.ranges);
  }
  if (scenario.kind == "generation") {
    const GenerationScenario generation = generation_from_fields(scenario.fields);
    return with_ranges(estimate_generation(generation, catalog, trail), generation.ranges);
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
