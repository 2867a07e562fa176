#include "catalog_commands.hpp"

#include "output.hpp"
#include "text_table.hpp"

#include <aifoot/csv.hpp>
#include <aifoot/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace aifoot::cli {

using nlohmann::ordered_json;

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return text;
}

template <typename T> void put(ordered_json& j, const char* key, const std::optional<T>& value) {
  if (value) {
    j[key] = *value;
  }
}

ordered_json to_json(const Hardware& h) {
  ordered_json j;
  j["id"] = h.id;
  j["aliases"] = h.aliases;
  j["vendor"] = h.vendor;
  j["name"] = h.name;
  j["kind"] = h.kind;
  j["year"] = h.year;
  j["tdp_w"] = h.tdp_w;
  put(j, "idle_w", h.idle_w);
  put(j, "memory_gb", h.memory_gb);
  put(j, "mem_bw_gb_s", h.mem_bw_gb_s);
  put(j, "scaleup_gb_s", h.scaleup_gb_s);
  put(j, "scaleout_gb_s", h.scaleout_gb_s);
  put(j, "scaleup_domain", h.scaleup_domain);
  ordered_json peaks = ordered_json::object();
  for (const auto& [precision, flops] : h.peak_flop_per_s) {
    peaks[std::string(to_string(precision))] = flops / 1e12;
  }
  j["peak_tflops"] = peaks;
  put(j, "train_mfu", h.train_mfu);
  put(j, "train_power_fraction", h.train_power_fraction);
  put(j, "host_w_per_device", h.host_w_per_device);
  put(j, "embodied_kgco2e", h.embodied_kgco2e);
  put(j, "host_embodied_kgco2e_per_device", h.host_embodied_kgco2e_per_device);
  j["confidence"] = h.confidence;
  j["low_confidence_fields"] = h.low_confidence_fields;
  j["notes"] = h.notes;
  j["sources"] = h.sources;
  return j;
}

// The basis fields as the data files spell them (`prefix`year, `prefix`emissions, ...).
void put_basis(ordered_json& j, const std::string& prefix, const GridBasis& basis) {
  j[prefix + "year"] = basis.year;
  j[prefix + "emissions"] = GridBasis::name(basis.scope);
  j[prefix + "allocation"] = GridBasis::name(basis.allocation);
  j[prefix + "gases"] = GridBasis::name(basis.gases);
  j[prefix + "dataset"] = basis.dataset;
}

ordered_json to_json(const Zone& z) {
  ordered_json j;
  j["id"] = z.id;
  j["name"] = z.name;
  j["country"] = z.country;
  j["gco2_per_kwh"] = z.gco2_per_kwh;
  put_basis(j, "", z.basis);
  put(j, "ewif_l_per_kwh", z.ewif_l_per_kwh);
  if (z.ewif_l_per_kwh) {
    j["ewif_origin"] = z.ewif_origin;
    j["ewif_sources"] = z.ewif_sources;
  }
  j["notes"] = z.notes;
  j["sources"] = z.sources;
  j["file"] = z.file;
  return j;
}

ordered_json to_json(const Region& g) {
  ordered_json j;
  j["id"] = g.id;
  j["aliases"] = g.aliases;
  j["provider"] = g.provider;
  j["name"] = g.name;
  j["zone"] = g.zone;
  put(j, "pue", g.pue);
  put(j, "wue_l_per_kwh", g.wue_l_per_kwh);
  put(j, "gco2_per_kwh", g.gco2_per_kwh);
  if (g.gco2_per_kwh) {
    put_basis(j, "gco2_", g.gco2_basis);
  }
  put(j, "cfe_fraction", g.cfe_fraction);
  j["notes"] = g.notes;
  j["sources"] = g.sources;
  return j;
}

ordered_json to_json(const Provider& p) {
  ordered_json j;
  j["id"] = p.id;
  j["name"] = p.name;
  put(j, "pue", p.pue);
  put(j, "wue_l_per_kwh", p.wue_l_per_kwh);
  j["year"] = p.year;
  j["notes"] = p.notes;
  j["sources"] = p.sources;
  return j;
}

ordered_json to_json(const Model& m) {
  ordered_json j;
  j["id"] = m.id;
  j["aliases"] = m.aliases;
  j["family"] = m.family;
  j["params_total"] = m.params_total;
  j["params_active"] = m.params_active;
  put(j, "layers", m.layers);
  put(j, "d_model", m.d_model);
  put(j, "heads", m.heads);
  put(j, "kv_heads", m.kv_heads);
  put(j, "head_dim", m.head_dim);
  put(j, "kv_latent_dim", m.kv_latent_dim);
  put(j, "experts_total", m.experts_total);
  put(j, "experts_active", m.experts_active);
  put(j, "experts_shared", m.experts_shared);
  put(j, "context_tokens", m.context_tokens);
  put(j, "training_tokens", m.training_tokens);
  j["open_weights"] = m.open_weights;
  j["estimate"] = m.estimate;
  put(j, "params_total_low", m.params_total_low);
  put(j, "params_total_high", m.params_total_high);
  j["year"] = m.year;
  j["notes"] = m.notes;
  j["sources"] = m.sources;
  return j;
}

ordered_json to_json(const DiffusionModel& m) {
  ordered_json j;
  j["id"] = m.id;
  j["aliases"] = m.aliases;
  j["name"] = m.name;
  j["kind"] = m.kind;
  j["denoiser"] = m.denoiser;
  j["params"] = m.params;
  j["flop_share"] = m.flop_share;
  j["layers"] = m.layers;
  j["hidden"] = m.hidden;
  j["attention"] = m.linear_attention ? "linear" : "full";
  j["vae_spatial"] = m.vae_spatial;
  j["vae_temporal"] = m.vae_temporal;
  j["patch"] = m.patch;
  j["patch_temporal"] = m.patch_temporal;
  j["joint_text_tokens"] = m.joint_text_tokens;
  j["cross_text_tokens"] = m.cross_text_tokens;
  j["cfg_passes"] = m.cfg_passes;
  j["text_encoder_params"] = m.text_encoder_params;
  j["text_tokens"] = m.text_tokens;
  j["width"] = m.width_px;
  j["height"] = m.height_px;
  j["frames"] = m.frames;
  j["steps"] = m.steps;
  put(j, "efficiency", m.efficiency);
  j["year"] = m.year;
  j["notes"] = m.notes;
  j["sources"] = m.sources;
  return j;
}

ordered_json to_json(const Source& s) {
  return {{"id", s.id},
          {"citation", s.citation},
          {"url", s.url},
          {"vintage", s.vintage},
          {"licence", s.licence}};
}

std::string num(const std::optional<double>& value) {
  return value ? format_number(*value) : "-";
}

std::string peak(const Hardware& h, Precision p) {
  const auto it = h.peak_flop_per_s.find(p);
  return it == h.peak_flop_per_s.end() ? "-" : format_number(it->second / 1e12);
}

// One listing: column names and a row of cells per record, plus the JSON of each record.
struct Listing {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> sort_keys;
  ordered_json records = ordered_json::array();
};

// True when `filter` is empty or occurs (case-insensitive) in one of `names`: a record's id, name
// and aliases. Notes and sources are not searched: "gcp" must not match an Azure region whose
// notes cite a GCP comparison.
bool matches(const std::string& filter,
             std::initializer_list<std::string_view> names,
             const std::vector<std::string>& aliases = {}) {
  if (filter.empty()) {
    return true;
  }
  const std::string needle = lower(filter);
  const auto contains = [&](std::string_view name) {
    return lower(std::string(name)).find(needle) != std::string::npos;
  };
  return std::any_of(names.begin(), names.end(), contains)
         || std::any_of(aliases.begin(), aliases.end(), contains);
}

Listing list_records(const Catalog& catalog, const std::string& kind, const std::string& filter) {
  Listing out;
  if (kind == "hardware") {
    out.columns = {
        "id", "name", "tdp W", "memory GB", "bw GB/s", "bf16 TF", "fp8 TF", "mfu", "confidence"};
    for (const auto& h : catalog.hardware()) {
      if (!matches(filter, {h.id, h.name, h.vendor}, h.aliases)) {
        continue;
      }
      out.rows.push_back({h.id,
                          h.name,
                          format_number(h.tdp_w),
                          num(h.memory_gb),
                          num(h.mem_bw_gb_s),
                          peak(h, Precision::bf16),
                          peak(h, Precision::fp8),
                          num(h.train_mfu),
                          h.confidence + (h.low_confidence_fields.empty() ? "" : " *")});
      out.records.push_back(to_json(h));
    }
  } else if (kind == "zones") {
    out.columns = {"id", "name", "gCO2e/kWh", "year", "EWIF L/kWh", "basis"};
    for (const auto& z : catalog.zones()) {
      if (!matches(filter, {z.id, z.name})) {
        continue;
      }
      out.rows.push_back({z.id,
                          z.name,
                          format_number(z.gco2_per_kwh),
                          std::to_string(z.basis.year),
                          num(z.ewif_l_per_kwh),
                          z.basis.describe()});
      out.records.push_back(to_json(z));
    }
  } else if (kind == "regions") {
    // gCO2e/kWh on the default (lifecycle) basis, the same for every provider in a zone; the
    // provider's own figure (--grid-basis provider) in a column of its own.
    out.columns = {"id", "name", "zone", "PUE", "WUE L/kWh", "gCO2e/kWh", "provider gCO2e/kWh"};
    for (const auto& g : catalog.regions()) {
      if (!matches(filter, {g.id, g.name}, g.aliases)) {
        continue;
      }
      const Provider* p = catalog.find_provider(g.provider);
      const auto pue = g.pue ? g.pue : (p ? p->pue : std::nullopt);
      const auto wue = g.wue_l_per_kwh ? g.wue_l_per_kwh : (p ? p->wue_l_per_kwh : std::nullopt);
      const Zone* z = catalog.find_zone(g.zone);
      const auto ci =
          z ? std::optional<double>(default_basis_zone(*z, catalog).gco2_per_kwh) : std::nullopt;
      out.rows.push_back({g.id, g.name, g.zone, num(pue), num(wue), num(ci), num(g.gco2_per_kwh)});
      out.records.push_back(to_json(g));
    }
  } else if (kind == "providers") {
    out.columns = {"id", "name", "PUE", "WUE L/kWh", "year"};
    for (const auto& p : catalog.providers()) {
      if (!matches(filter, {p.id, p.name})) {
        continue;
      }
      out.rows.push_back({p.id, p.name, num(p.pue), num(p.wue_l_per_kwh), std::to_string(p.year)});
      out.records.push_back(to_json(p));
    }
  } else if (kind == "models") {
    out.columns = {
        "id", "params", "active", "layers", "d_model", "experts", "context", "train tokens"};
    for (const auto& m : catalog.models()) {
      if (!matches(filter, {m.id, m.family}, m.aliases)) {
        continue;
      }
      out.rows.push_back(
          {m.id + (m.estimate ? " (estimate)" : ""),
           format_number(m.params_total),
           format_number(m.params_active),
           m.layers ? std::to_string(*m.layers) : "-",
           m.d_model ? std::to_string(*m.d_model) : "-",
           m.experts_total ? fmt::format("{}/{}", *m.experts_active, *m.experts_total) : "-",
           num(m.context_tokens),
           num(m.training_tokens)});
      out.records.push_back(to_json(m));
    }
  } else if (kind == "diffusion-models") {
    out.columns = {"id", "kind", "params", "layers", "width", "default output", "steps", "passes"};
    for (const auto& m : catalog.diffusion_models()) {
      auto j = to_json(m);
      if (!matches(filter, {m.id, m.name}, m.aliases)) {
        continue;
      }
      out.rows.push_back(
          {m.id,
           m.kind,
           format_number(m.params),
           m.layers > 0 ? std::to_string(m.layers) : "-",
           m.hidden > 0 ? std::to_string(m.hidden) : "-",
           fmt::format("{}x{}{}",
                       format_number(m.width_px),
                       format_number(m.height_px),
                       m.kind == "video" ? fmt::format(" x {}", format_number(m.frames)) : ""),
           format_number(m.steps),
           std::to_string(m.cfg_passes)});
      out.records.push_back(std::move(j));
    }
  } else if (kind == "sources") {
    out.columns = {"id", "citation", "vintage", "licence"};
    for (const auto& s : catalog.sources()) {
      if (!matches(filter, {s.id, s.citation})) {
        continue;
      }
      out.rows.push_back({s.id, s.citation, s.vintage, s.licence});
      out.records.push_back(to_json(s));
    }
  } else {
    throw UsageError(fmt::format(
        "unknown list '{}' (use hardware, models, diffusion-models, regions, providers, zones or "
        "sources)",
        kind));
  }
  return out;
}

void sort_listing(Listing& listing, const std::string& sort) {
  if (sort.empty()) {
    return;
  }
  const auto column =
      std::find_if(listing.columns.begin(), listing.columns.end(), [&](const std::string& c) {
        return lower(c).rfind(lower(sort), 0) == 0;
      });
  if (column == listing.columns.end()) {
    throw UsageError(fmt::format("cannot sort by '{}': use one of the columns ({})",
                                 sort,
                                 fmt::join(listing.columns, ", ")));
  }
  const auto index = static_cast<std::size_t>(column - listing.columns.begin());
  std::vector<std::size_t> order(listing.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  const auto numeric = [](const std::string& text) -> std::optional<double> {
    std::string digits;
    for (const char c : text) {
      if (c != ',') {
        digits.push_back(c);
      }
    }
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    return (end != digits.c_str() && *end == '\0') ? std::optional<double>(value) : std::nullopt;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto na = numeric(listing.rows[a][index]);
    const auto nb = numeric(listing.rows[b][index]);
    if (na && nb) {
      return *na > *nb; // numbers: largest first
    }
    if (na != nb) {
      return na.has_value();
    }
    return listing.rows[a][index] < listing.rows[b][index];
  });
  Listing sorted;
  sorted.columns = listing.columns;
  sorted.records = ordered_json::array();
  for (const std::size_t i : order) {
    sorted.rows.push_back(listing.rows[i]);
    sorted.records.push_back(listing.records[i]);
  }
  listing = std::move(sorted);
}

void print_listing(const Listing& listing, const GlobalOptions& global) {
  switch (global.format()) {
  case Format::json:
    fmt::print("{}\n", listing.records.dump(2));
    return;
  case Format::jsonl:
    for (const auto& record : listing.records) {
      fmt::print("{}\n", record.dump());
    }
    return;
  case Format::csv: {
    std::vector<std::string> cells;
    for (const auto& c : listing.columns) {
      cells.push_back(csv_field(c));
    }
    fmt::print("{}\n", fmt::join(cells, ","));
    for (const auto& row : listing.rows) {
      cells.clear();
      for (const auto& c : row) {
        cells.push_back(csv_field(c));
      }
      fmt::print("{}\n", fmt::join(cells, ","));
    }
    return;
  }
  case Format::markdown:
    fmt::print("| {} |\n|{}\n",
               fmt::join(listing.columns, " | "),
               std::string(listing.columns.size() * 4, '-'));
    for (const auto& row : listing.rows) {
      fmt::print("| {} |\n", fmt::join(row, " | "));
    }
    return;
  case Format::table:
    break;
  }
  // Columns as wide as their widest cell up to 48 columns; longer cells end in "...".
  TextTable table(std::vector<TextTable::Column>(listing.columns.size(), {.max_width = 48}), "");
  table.add_row(listing.columns);
  for (const auto& row : listing.rows) {
    table.add_row(row);
  }
  fmt::print("{}", table.render());
  fmt::print("({} {})\n", listing.rows.size(), listing.rows.size() == 1 ? "entry" : "entries");
}

void print_sources(const Catalog& catalog, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (const Source* s = catalog.find_source(id)) {
      fmt::print("  [{}] {} ({}; {}) {}\n", s->id, s->citation, s->vintage, s->licence, s->url);
    } else {
      fmt::print("  [{}] (unresolved)\n", id);
    }
  }
}

} // namespace

void add_catalog_commands(CLI::App& app, CatalogOptions& options) {
  options.list = app.add_subcommand(
      "list",
      "list the catalog: hardware, models, diffusion-models, regions, providers, zones, sources");
  options.list->add_option("kind", options.kind, "what to list")
      ->required()
      ->check(CLI::IsMember(
          {"hardware", "models", "diffusion-models", "regions", "providers", "zones", "sources"}));
  options.list->add_option(
      "--filter", options.filter, "only entries whose id, name or an alias contains TEXT");
  options.list->add_option("--sort", options.sort, "sort by a column (numbers: largest first)");
  options.show = app.add_subcommand("show", "show every field of a catalog entry and its sources");
  options.show
      ->add_option("name", options.name, "hardware, model, region, zone, provider or source id")
      ->required();
}

ExitCode run_list(const CatalogOptions& options, const GlobalOptions& global) {
  require_format(global, "list", {"table", "json", "jsonl", "csv", "markdown"});
  const Catalog catalog = load_catalog(global);
  Listing listing = list_records(catalog, options.kind, options.filter);
  sort_listing(listing, options.sort);
  print_listing(listing, global);
  return ExitCode::ok;
}

ExitCode run_show(const CatalogOptions& options, const GlobalOptions& global) {
  require_format(global, "show", {"table", "json", "jsonl"});
  const Catalog catalog = load_catalog(global);
  struct Found {
    std::string table;
    ordered_json record;
    std::vector<std::string> sources;
  };
  std::vector<Found> found;
  if (const auto* h = catalog.find_hardware(options.name)) {
    found.push_back({"hardware", to_json(*h), h->sources});
  }
  if (const auto* m = catalog.find_model(options.name)) {
    found.push_back({"model", to_json(*m), m->sources});
  }
  if (const auto* d = catalog.find_diffusion_model(options.name)) {
    found.push_back({"diffusion model", to_json(*d), d->sources});
  }
  if (const auto* g = catalog.find_region(options.name)) {
    found.push_back({"region", to_json(*g), g->sources});
  }
  if (const auto* z = catalog.find_zone(options.name)) {
    auto sources = z->sources;
    sources.insert(sources.end(), z->ewif_sources.begin(), z->ewif_sources.end());
    found.push_back({"zone", to_json(*z), sources});
  }
  if (const auto* p = catalog.find_provider(options.name)) {
    found.push_back({"provider", to_json(*p), p->sources});
  }
  if (const auto* s = catalog.find_source(options.name)) {
    found.push_back({"source", to_json(*s), {}});
  }
  if (found.empty()) {
    std::vector<std::string> names;
    for (const auto& h : catalog.hardware()) {
      names.push_back(h.id);
    }
    for (const auto& m : catalog.models()) {
      names.push_back(m.id);
    }
    for (const auto& d : catalog.diffusion_models()) {
      names.push_back(d.id);
    }
    for (const auto& g : catalog.regions()) {
      names.push_back(g.id);
    }
    for (const auto& z : catalog.zones()) {
      names.push_back(z.id);
    }
    const auto close = closest_matches(options.name, names, 5);
    throw Error(ErrorKind::invalid_input,
                fmt::format("no catalog entry named '{}'", options.name),
                close.empty()
                    ? "run 'aifoot list hardware|models|regions|zones' to see the names"
                    : fmt::format("'{}' matches {}", options.name, fmt::join(close, ", ")));
  }
  if (global.format() == Format::json || global.format() == Format::jsonl) {
    ordered_json out = ordered_json::array();
    for (const auto& f : found) {
      out.push_back({{"table", f.table}, {"record", f.record}});
    }
    fmt::print("{}\n", global.format() == Format::json ? out.dump(2) : out.dump());
    return ExitCode::ok;
  }
  for (const auto& f : found) {
    fmt::print("{} {}\n", f.table, f.record["id"].get<std::string>());
    TextTable fields({{.min_width = 32, .gap = 0}, {}});
    for (const auto& [key, value] : f.record.items()) {
      if (key == "id" || key == "sources" || (value.is_array() && value.empty())
          || (value.is_string() && value.get<std::string>().empty())) {
        continue;
      }
      std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      if (key == "low_confidence_fields") {
        text += "  (estimated by a stated method: see notes)";
      }
      fields.add_row({key, text});
    }
    fmt::print("{}", fields.render());
    if (!f.sources.empty()) {
      fmt::print("  sources\n");
      print_sources(catalog, f.sources);
    }
  }
  return ExitCode::ok;
}

} // namespace aifoot::cli
