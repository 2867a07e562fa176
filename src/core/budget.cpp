#include <aifoot/budget.hpp>
#include <aifoot/catalog.hpp>
#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/metrics.hpp>
#include <aifoot/units.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace aifoot {

using nlohmann::ordered_json;

namespace {

constexpr const char* k_budget_hint =
    R"(a budget looks like {"limits": {"energy_kwh.total": 10}, "warn": {"energy_kwh.total": 8}})";

double
threshold_value(const ordered_json& value, const std::string& metric, std::string_view source) {
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    number = parse_number(value.get<std::string>(), metric);
  } else {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format(
            "{}: threshold for '{}' must be a number, not {}", source, metric, value.type_name()),
        k_budget_hint);
  }
  if (!std::isfinite(number) || number < 0) {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format("{}: threshold for '{}' must be a non-negative number", source, metric));
  }
  return number;
}

BudgetRule& rule_for(std::vector<BudgetRule>& rules, const std::string& metric) {
  const auto it = std::find_if(
      rules.begin(), rules.end(), [&](const BudgetRule& r) { return r.metric == metric; });
  if (it != rules.end()) {
    return *it;
  }
  rules.push_back({metric, std::nullopt, std::nullopt});
  return rules.back();
}

// Reads {"a.b": 1, "c": {"d": 2}} into rules, setting the limit or the warning threshold.
void read_thresholds(const ordered_json& object,
                     const std::string& prefix,
                     bool is_warn,
                     std::vector<BudgetRule>& rules,
                     std::string_view source) {
  if (!object.is_object()) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: '{}' must be an object of metric paths",
                            source,
                            prefix.empty() ? "limits" : prefix),
                k_budget_hint);
  }
  for (const auto& [key, value] : object.items()) {
    const std::string metric = prefix.empty() ? key : fmt::format("{}.{}", prefix, key);
    if (value.is_object()) {
      read_thresholds(value, metric, is_warn, rules, source);
      continue;
    }
    BudgetRule& rule = rule_for(rules, metric);
    (is_warn ? rule.warn : rule.limit) = threshold_value(value, metric, source);
  }
}

std::vector<BudgetRule>
read_section(const ordered_json& section, std::string_view where, std::string_view source) {
  std::vector<BudgetRule> rules;
  for (const auto& [key, value] : section.items()) {
    if (key == "limits") {
      read_thresholds(value, "", false, rules, source);
    } else if (key == "warn") {
      read_thresholds(value, "", true, rules, source);
    } else if (key != "schema" && key != "description" && !(where.empty() && key == "scenarios")) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: unknown key '{}'{}",
                              source,
                              key,
                              where.empty() ? "" : fmt::format(" in {}", where)),
                  R"(a budget section has "limits" and "warn")");
    }
  }
  return rules;
}

// Every numeric leaf path of `node`, for did-you-mean hints.
void numeric_paths(const ordered_json& node,
                   const std::string& prefix,
                   std::vector<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      numeric_paths(value, prefix.empty() ? key : fmt::format("{}.{}", prefix, key), out);
    }
  } else if (node.is_number()) {
    out.push_back(prefix);
  }
}

const ordered_json* find_path(const ordered_json& root, std::string_view path) {
  const ordered_json* node = &root;
  std::size_t start = 0;
  while (node != nullptr) {
    const std::size_t dot = path.find('.', start);
    const std::string key(
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (node->is_object()) {
      const auto it = node->find(key);
      node = it == node->end() ? nullptr : &*it;
    } else if (node->is_array() && !key.empty() && key.size() <= 9
               && std::all_of(
                   key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const auto index = static_cast<std::size_t>(std::stoull(key));
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else {
      node = nullptr;
    }
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return node;
}

// The finding of `rule` for the metric's `value`.
BudgetFinding finding_of(const BudgetRule& rule, double value, std::string_view section) {
  BudgetFinding finding{
      rule.metric, std::string(section), value, rule.limit, rule.warn, BudgetLevel::ok};
  if (rule.limit && finding.value > *rule.limit) {
    finding.level = BudgetLevel::exceeded;
  } else if (rule.warn && finding.value > *rule.warn) {
    finding.level = BudgetLevel::warn;
  }
  return finding;
}

BudgetFinding
check_rule(const BudgetRule& rule, const ordered_json& result, std::string_view section) {
  const ordered_json* node = find_path(result, rule.metric);
  if (node != nullptr && node->is_null()) {
    // A metric nobody could measure (aifoot measure on a machine without NVML or RAPL) cannot be
    // shown to be within its limit: the check fails rather than passing on a made-up 0.
    throw Error(ErrorKind::invalid_input,
                fmt::format("budget metric '{}' has no value: it was not measured", rule.metric),
                "measure where NVML or RAPL is readable, or estimate with 'aifoot train/infer'");
  }
  if (node == nullptr || !node->is_number()) {
    std::vector<std::string> paths;
    numeric_paths(result, "", paths);
    const auto close = closest_matches(rule.metric, paths);
    throw Error(ErrorKind::invalid_input,
                node == nullptr
                    ? fmt::format("budget metric '{}' is not in the result", rule.metric)
                    : fmt::format("budget metric '{}' is not a number", rule.metric),
                close.empty() ? fmt::format("metrics are JSON paths of the result, e.g. {}",
                                            metric_at("energy_kwh.total").path)
                              : fmt::format("did you mean '{}'?", fmt::join(close, "', '")));
  }
  return finding_of(rule, node->get<double>(), section);
}

// The rules of the budget that apply to `scenario_name`, each checked by `check_one(rule,
// section)`: the general ones, then its section's.
template <typename CheckOne>
BudgetCheck
check_sections(const Budget& budget, std::string_view scenario_name, CheckOne check_one) {
  BudgetCheck check;
  for (const auto& rule : budget.rules) {
    check.findings.push_back(check_one(rule, ""));
  }
  if (!scenario_name.empty()) {
    if (const auto it = budget.scenarios.find(scenario_name); it != budget.scenarios.end()) {
      for (const auto& rule : it->second) {
        check.findings.push_back(check_one(rule, scenario_name));
      }
    }
  }
  return check;
}

} // namespace

std::string_view to_string(BudgetLevel level) {
  switch (level) {
  case BudgetLevel::ok:
    return "ok";
  case BudgetLevel::warn:
    return "warn";
  case BudgetLevel::exceeded:
    return "exceeded";
  }
  return "ok";
}

Budget parse_budget_json(std::string_view text, std::string_view source) {
  ordered_json document;
  try {
    document = parse_json_unique_keys<ordered_json>(text, source, ErrorKind::invalid_input);
  } catch (const ordered_json::parse_error& e) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: malformed JSON at byte {}", source, e.byte),
                k_budget_hint);
  } catch (const ordered_json::out_of_range&) { // a number literal beyond double, e.g. 1e400
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: number out of range in JSON", source),
                k_budget_hint);
  }
  if (!document.is_object()) {
    throw Error(
        ErrorKind::invalid_input,
        fmt::format("{}: a budget must be a JSON object, not {}", source, document.type_name()),
        k_budget_hint);
  }
  Budget budget;
  budget.rules = read_section(document, "", source);
  std::size_t rule_count = budget.rules.size();
  if (const auto it = document.find("scenarios"); it != document.end()) {
    if (!it->is_object()) {
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: 'scenarios' must map scenario names to sections", source),
                  R"(e.g. "scenarios": {"nightly": {"limits": {"energy_kwh.total": 2}}})");
    }
    for (const auto& [name, section] : it->items()) {
      if (!section.is_object()) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: scenario '{}' must be an object", source, name));
      }
      auto rules = read_section(section, fmt::format("scenario '{}'", name), source);
      rule_count += rules.size();
      budget.scenarios.emplace(name, std::move(rules));
    }
  }
  if (rule_count == 0) {
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: the budget sets no limit or warning", source),
                k_budget_hint);
  }
  return budget;
}

bool BudgetCheck::exceeded() const {
  return std::any_of(findings.begin(), findings.end(), [](const BudgetFinding& f) {
    return f.level == BudgetLevel::exceeded;
  });
}

bool BudgetCheck::warned() const {
  return std::any_of(findings.begin(), findings.end(), [](const BudgetFinding& f) {
    return f.level == BudgetLevel::warn;
  });
}

BudgetCheck
check_budget(const Budget& budget, const ordered_json& result, std::string_view scenario_name) {
  return check_sections(
      budget, scenario_name, [&](const BudgetRule& rule, std::string_view section) {
        return check_rule(rule, result, section);
      });
}

BudgetCheck
check_budget(const Budget& budget, const Footprint& footprint, std::string_view scenario_name) {
  // A metric of the registry is read from the footprint; any other path, or a metric the
  // footprint does not have (for its error and hint), from the footprint's JSON form.
  std::optional<ordered_json> json;
  return check_sections(
      budget, scenario_name, [&](const BudgetRule& rule, std::string_view section) {
        const MetricSpec* metric = find_metric(rule.metric);
        const auto value = metric != nullptr ? metric->value(footprint) : std::nullopt;
        if (value && std::isfinite(*value)) {
          return finding_of(rule, *value, section);
        }
        if (!json) {
          json = to_json(footprint, "");
        }
        return check_rule(rule, *json, section);
      });
}

ordered_json budget_check_to_json(const BudgetCheck& check) {
  ordered_json out;
  out["exceeded"] = check.exceeded();
  out["warned"] = check.warned();
  ordered_json findings = ordered_json::array();
  for (const auto& f : check.findings) {
    ordered_json item;
    item["metric"] = f.metric;
    item["section"] = f.section;
    item["value"] = f.value;
    item["limit"] = f.limit ? ordered_json(*f.limit) : ordered_json(nullptr);
    item["warn"] = f.warn ? ordered_json(*f.warn) : ordered_json(nullptr);
    item["level"] = std::string(to_string(f.level));
    findings.push_back(std::move(item));
  }
  out["findings"] = std::move(findings);
  return out;
}

} // namespace aifoot
