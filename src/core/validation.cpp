#include <aifoot/error.hpp>
#include <aifoot/json_io.hpp>
#include <aifoot/json_parse.hpp>
#include <aifoot/scenario_file.hpp>
#include <aifoot/validation.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <tuple>

namespace aifoot {
namespace {

using json = nlohmann::json;

[[noreturn]] void malformed(const std::string& what) {
  throw Error(ErrorKind::data, fmt::format("validation cases: {}", what));
}

std::string field_text(const json& value, const std::string& where) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) {
    return std::to_string(value.get<long long>());
  }
  if (value.is_number()) {
    return fmt::format("{}", value.get<double>());
  }
  malformed(fmt::format("{} must be a string or a number", where));
}

std::vector<std::pair<std::string, std::string>>
read_fields(const json& record, const char* mode, const std::string& id) {
  const auto it = record.find(mode);
  if (it == record.end() || !it->is_object()) {
    malformed(fmt::format("record '{}' needs an object '{}'", id, mode));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : it->items()) {
    out.emplace_back(key, field_text(value, fmt::format("'{}'.{}.{}", id, mode, key)));
  }
  return out;
}

std::string string_member(const json& record, const char* key, const std::string& id) {
  const auto it = record.find(key);
  if (it == record.end() || !it->is_string() || it->get<std::string>().empty()) {
    malformed(fmt::format("record '{}' needs a non-empty string '{}'", id, key));
  }
  return it->get<std::string>();
}

// Value at a dotted path of a footprint's JSON, e.g. "water_l.onsite".
std::optional<double> value_at(const nlohmann::ordered_json& doc, const std::string& path) {
  const nlohmann::ordered_json* node = &doc;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) {
      return std::nullopt;
    }
    node = &(*node)[key];
    start = dot + 1;
  }
  if (!node->is_number()) {
    return std::nullopt;
  }
  return node->get<double>();
}

std::string metric_family(const std::string& metric) {
  if (metric.rfind("energy_kwh.", 0) == 0) {
    return "energy";
  }
  if (metric.rfind("co2e_kg.", 0) == 0) {
    return "co2e";
  }
  if (metric == "water_l.total") {
    return "water";
  }
  return metric;
}

double median(std::vector<double> values) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void add_case_rows(ValidationReport& report,
                   const ValidationCase& c,
                   const char* mode,
                   const std::vector<std::pair<std::string, std::string>>& fields,
                   const Catalog& catalog,
                   const UncertaintyOptions& options) {
  ValidationRow base;
  base.id = c.id;
  base.kind = c.kind;
  base.mode = mode;
  base.source = c.source;
  base.half = c.half;
  std::optional<Footprint> footprint;
  try {
    ScenarioFields scenario;
    scenario.kind = c.kind == "inference" ? "inference" : "training";
    scenario.name = c.id;
    scenario.fields = fields;
    footprint = estimate_scenario(scenario, catalog, &options);
  } catch (const std::exception& e) {
    base.failure = e.what();
  }
  const auto doc = footprint ? to_json(*footprint, "") : nlohmann::ordered_json{};
  for (const auto& [metric, reported] : c.reported) {
    ValidationRow row = base;
    row.metric = metric;
    row.reported = reported;
    if (footprint) {
      row.estimated = value_at(doc, metric);
      if (!row.estimated) {
        row.failure = fmt::format("the estimate has no '{}'", metric);
      } else if (reported != 0) {
        row.error = (*row.estimated - reported) / reported;
      }
      if (footprint->uncertainty) {
        for (const auto& range : footprint->uncertainty->ranges) {
          // A point (every input exact, as documented inputs mostly are) is not a range.
          if (range.metric == metric && range.p95 > range.p5) {
            row.p5 = range.p5;
            row.p95 = range.p95;
            row.in_range = reported >= range.p5 && reported <= range.p95;
          }
        }
      }
    }
    report.rows.push_back(std::move(row));
  }
}

void summarise(ValidationReport& report) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::vector<const ValidationRow*>> groups;
  std::vector<Key> order;
  for (const auto& row : report.rows) {
    const Key key{row.kind, row.mode, metric_family(row.metric)};
    if (groups.find(key) == groups.end()) {
      order.push_back(key);
    }
    groups[key].push_back(&row);
  }
  for (const auto& key : order) {
    ValidationSummary s;
    std::tie(s.kind, s.mode, s.metric) = key;
    std::vector<double> errors;
    std::vector<double> widths;
    std::vector<double> ratios;
    std::size_t covered = 0;
    for (const ValidationRow* row : groups[key]) {
      if (!row->failure.empty() || !row->error) {
        s.failures += row->failure.empty() ? 0U : 1U;
        continue;
      }
      ++s.rows;
      const double abs_error = std::abs(*row->error);
      errors.push_back(abs_error);
      if (abs_error >= s.worst_abs_error) {
        s.worst_abs_error = abs_error;
        s.worst_id = row->id;
      }
      if (row->in_range) {
        ++s.ranged;
        covered += *row->in_range ? 1U : 0U;
        const double mid = *row->estimated;
        if (mid > 0) {
          widths.push_back((*row->p95 - *row->p5) / mid);
        }
        if (*row->p5 > 0) {
          ratios.push_back(*row->p95 / *row->p5);
        }
      }
    }
    s.median_abs_error = median(errors);
    s.coverage = s.ranged == 0 ? 0 : static_cast<double>(covered) / static_cast<double>(s.ranged);
    s.median_width = median(widths);
    s.median_ratio = median(ratios);
    report.summaries.push_back(std::move(s));
  }
}

} // namespace

std::vector<ValidationCase> parse_validation_cases(std::string_view text) {
  json doc;
  try {
    doc = parse_json_unique_keys<json>(text, "validation cases", ErrorKind::data);
  } catch (const json::exception& e) {
    malformed(fmt::format("not valid JSON ({})", e.what()));
  }
  if (!doc.is_object() || !doc.contains("table") || doc["table"] != "validation"
      || !doc.contains("records") || !doc["records"].is_array()) {
    malformed(R"(expected {"table": "validation", "records": [...]})");
  }
  std::vector<ValidationCase> cases;
  for (const auto& record : doc["records"]) {
    if (!record.is_object()) {
      malformed("every record must be an object");
    }
    ValidationCase c;
    c.id = string_member(record, "id", "?");
    c.kind = string_member(record, "kind", c.id);
    if (c.kind != "training" && c.kind != "inference" && c.kind != "water") {
      malformed(fmt::format("record '{}': unknown kind '{}'", c.id, c.kind));
    }
    c.source = string_member(record, "source", c.id);
    if (const auto b = record.find("boundary"); b != record.end() && b->is_string()) {
      c.boundary = b->get<std::string>();
    }
    if (const auto h = record.find("half"); h != record.end()) {
      if (!h->is_string() || (*h != "fit" && *h != "holdout")) {
        malformed(fmt::format(R"(record '{}': half must be "fit" or "holdout")", c.id));
      }
      c.half = h->get<std::string>();
    }
    c.documented = read_fields(record, "documented", c.id);
    c.predictive = read_fields(record, "predictive", c.id);
    const auto reported = record.find("reported");
    if (reported == record.end() || !reported->is_object() || reported->empty()) {
      malformed(fmt::format("record '{}' needs a non-empty object 'reported'", c.id));
    }
    for (const auto& [metric, value] : reported->items()) {
      if (!value.is_number()) {
        malformed(fmt::format("record '{}': reported '{}' must be a number", c.id, metric));
      }
      c.reported.emplace_back(metric, value.get<double>());
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

ValidationReport run_validation(const Catalog& catalog, const UncertaintyOptions& options) {
  return run_validation(catalog, options, detail::validation_cases());
}

ValidationReport run_validation(const Catalog& catalog,
                                const UncertaintyOptions& options,
                                std::string_view cases_json,
                                std::string_view half) {
  if (!half.empty() && half != "fit" && half != "holdout") {
    throw Error(
        ErrorKind::invalid_input, fmt::format("unknown half '{}'", half), "use fit or holdout");
  }
  auto cases = parse_validation_cases(cases_json);
  if (!half.empty()) {
    std::erase_if(cases, [&](const ValidationCase& c) { return c.half != half; });
  }
  ValidationReport report;
  report.cases = cases.size();
  for (const char* mode : {"documented", "predictive"}) {
    for (const auto& c : cases) {
      add_case_rows(report,
                    c,
                    mode,
                    std::string_view(mode) == "documented" ? c.documented : c.predictive,
                    catalog,
                    options);
    }
  }
  summarise(report);
  return report;
}

} // namespace aifoot
