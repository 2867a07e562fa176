#pragma once

#include <aifoot/edit_distance.hpp> // closest_matches, once declared here
#include <aifoot/factor.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot {

// Numeric precisions a device can compute in; the key of `Hardware::peak_flop_per_s`.
enum class Precision { fp64, fp32, tf32, bf16, fp16, fp8, int8, int4, fp4 };

// "bf16" for Precision::bf16.
std::string_view to_string(Precision precision);
// Parses "bf16", "BF16", "fp8", ...; throws Error(invalid_input) naming `field` otherwise.
Precision parse_precision(std::string_view text, std::string_view field);
// Bytes per stored value: 2 for bf16, 0.5 for int4/fp4.
double bytes_per_value(Precision precision);

// One accelerator profile (data/hardware.json). Optional fields are absent when unpublished.
struct Hardware {
  std::string id;
  std::vector<std::string> aliases;
  std::string vendor;
  std::string name;
  std::string kind;
  int year = 0;
  double tdp_w = 0;
  std::optional<double> idle_w;
  std::optional<double> memory_gb;
  std::optional<double> mem_bw_gb_s;
  // Interconnect for the collectives of multi-device serving, per device and per direction:
  // the scale-up fabric inside a node or rack (NVLink) and the scale-out network card (InfiniBand,
  // RoCE), and how many devices share the scale-up fabric.
  std::optional<double> scaleup_gb_s;
  std::optional<double> scaleout_gb_s;
  std::optional<int> scaleup_domain;
  std::map<Precision, double> peak_flop_per_s; // dense peak, FLOP/s (OP/s for int)
  std::optional<double> train_mfu;
  std::optional<double> train_power_fraction;
  std::optional<double> host_w_per_device;
  std::optional<double> embodied_kgco2e;
  std::optional<double> host_embodied_kgco2e_per_device;
  std::string confidence;
  std::vector<std::string> low_confidence_fields;
  std::string notes;
  std::vector<std::string> sources;

  // True when `field` is listed as an estimate rather than a published figure.
  bool is_low_confidence(std::string_view field) const;
};

// What a grid emission factor counts (issue #16). Lifecycle factors add the upstream emissions of
// fuel supply and plant construction to the combustion (direct) emissions.
enum class EmissionScope { lifecycle, direct };
// Whose electricity a factor describes: what is consumed in the zone (imports traced in), what is
// generated in it, or a figure whose publisher does not say.
enum class GridAllocation { consumption, production, unstated };
// The gases a factor covers: CO2 alone, or CO2 and the other greenhouse gases as CO2e.
enum class GreenhouseGases { co2e, co2 };

// The accounting basis of one grid carbon intensity: scope, allocation, gases, data year and the
// dataset it comes from. Two intensities compare only when their bases match.
struct GridBasis {
  EmissionScope scope = EmissionScope::lifecycle;
  GridAllocation allocation = GridAllocation::production;
  GreenhouseGases gases = GreenhouseGases::co2e;
  int year = 0;        // data year
  std::string dataset; // e.g. "ember", "electricitymaps", "egrid", "google-region-carbon"

  // "lifecycle", "consumption", "co2e": the names data files and JSON output use.
  static std::string_view name(EmissionScope scope);
  static std::string_view name(GridAllocation allocation);
  static std::string_view name(GreenhouseGases gases);
  // "lifecycle, production-based, CO2e, ember 2024": the basis in one line for people.
  std::string describe() const;
};

// A grid zone (data/zones_*.json, with off-site water from data/ewif_*.json merged in).
struct Zone {
  std::string id;
  std::string name;
  std::string country; // ISO alpha-2 of the parent country ("" for WORLD)
  double gco2_per_kwh = 0;
  GridBasis basis; // every zone factor states its basis and data year (data/SOURCES.md)
  std::optional<double> ewif_l_per_kwh;
  std::string ewif_origin;               // how the EWIF value was obtained
  std::vector<std::string> ewif_sources; // sources of the EWIF value
  std::string notes;
  std::vector<std::string> sources;
  std::string file; // the data file it came from (licences differ per file)
};

// A cloud or datacenter provider's fleet-level figures (data/providers.json).
struct Provider {
  std::string id;
  std::string name;
  std::optional<double> pue;
  std::optional<double> wue_l_per_kwh;
  int year = 0;
  std::string notes;
  std::vector<std::string> sources;
};

// A cloud region or disclosed datacenter (data/regions.json), id "provider:region".
struct Region {
  std::string id;
  std::vector<std::string> aliases;
  std::string provider;
  std::string name;
  std::string zone;
  std::optional<double> pue;
  std::optional<double> wue_l_per_kwh;
  std::optional<double> gco2_per_kwh; // provider-published intensity (--grid-basis provider)
  GridBasis gco2_basis;               // its basis; meaningful only with `gco2_per_kwh`
  std::optional<double> cfe_fraction;
  std::string notes;
  std::vector<std::string> sources;
};

// A model architecture preset (data/models.json).
struct Model {
  std::string id;
  std::vector<std::string> aliases;
  std::string family;
  double params_total = 0;
  double params_active = 0;
  std::optional<int> layers;
  std::optional<int> d_model;
  std::optional<int> heads;
  std::optional<int> kv_heads;
  std::optional<int> head_dim;
  std::optional<int> kv_latent_dim;
  std::optional<double> sliding_window;       // local-attention window, tokens
  double sliding_window_share = 0;            // share of layers using the window
  std::optional<Precision> release_precision; // precision the weights are released in
  std::optional<int> experts_total;
  std::optional<int> experts_active;
  std::optional<int> experts_shared;
  std::optional<double> context_tokens;
  std::optional<double> training_tokens;
  bool open_weights = true;
  bool estimate = false;
  std::optional<double> params_total_low;
  std::optional<double> params_total_high;
  int year = 0;
  std::string notes;
  std::vector<std::string> sources;
};

// A diffusion-model preset (data/diffusion_models.json) for `aifoot generate`: the denoiser's size
// and attention layout, the latent geometry that turns pixels and frames into tokens, the passes
// per denoising step, the text encoder, and the model's default output.
struct DiffusionModel {
  std::string id;
  std::vector<std::string> aliases;
  std::string name;
  std::string kind;              // "image" or "video"
  std::string denoiser;          // "dit", "mmdit" or "unet"
  double params = 0;             // denoiser parameters
  double flop_share = 1;         // FLOPs per latent token per pass / (2 x params); < 1 for U-Nets
  int layers = 0;                // attention layers (0: attention inside flop_share)
  int hidden = 0;                // attention width, heads x head_dim
  bool linear_attention = false; // attention linear in tokens (counted in the parameters)
  int vae_spatial = 8;           // VAE downsampling per side
  int vae_temporal = 1;          // VAE frame compression (video)
  int patch = 1;                 // latent pixels per token side
  int patch_temporal = 1;        // latent frames per token (video)
  double joint_text_tokens = 0;  // text tokens inside the self-attention sequence (MMDiT)
  double cross_text_tokens = 0;  // text tokens attended to by cross-attention
  int cfg_passes = 1;            // denoiser passes per step: 2 with classifier-free guidance
  double text_encoder_params = 0;
  double text_tokens = 0;
  double width_px = 0; // defaults when the user gives none
  double height_px = 0;
  double frames = 1;
  double steps = 0;
  std::optional<double> efficiency; // share of the bf16 peak, fitted on measurements
  int year = 0;
  std::string notes;
  std::vector<std::string> sources;
};

// A citable source (data/sources_*.json).
struct Source {
  std::string id;
  std::string citation;
  std::string url;
  std::string vintage;
  std::string licence;
};

// A judgement-call default (data/defaults.json).
struct Default {
  std::string id;
  double value = 0;
  std::string unit;
  std::string why;
  std::vector<std::string> sources;
};

// The default range of an uncertain factor (data/uncertainty.json): for an assumption named
// `factor` whose origin starts with `origin`, p5 and p95 are the value x `low` and x `high`.
struct UncertaintyRange {
  std::string id;
  Factor factor = Factor::mfu; // an unknown name is a data error at load
  std::string origin;
  double low = 1;
  double high = 1;
  std::string why;
  std::vector<std::string> sources;
};

// A data file as the catalog reads it: its name and content.
struct DataFile {
  std::string name;
  std::string content;
};

// The reference tables. The built-in records are parsed at compile time; a lookup by name reads
// only the record it finds (through an index built at compile time); a whole table is read on
// first use of its accessor (hardware(), zones(), ...). Lookups are case-insensitive over ids and
// aliases. Not thread-safe: load one per thread or touch every table once before sharing it.
class Catalog {
public:
  // The tables compiled into the binary.
  static Catalog builtin();
  // The built-in tables, with each file of the same name found in `dir` used instead. Throws
  // Error(io) when `dir` is not a readable directory.
  static Catalog from_directory(const std::string& dir);

  // Adds a user catalog file (JSON with "table" and "records", the format of data/, or CSV when
  // the name ends in .csv: "# table: NAME", a header row, one record a row): its records add to
  // or replace built-in records of the same id. Throws Error(data) naming file, record and field
  // when it is malformed (duplicate keys or columns included).
  void add_user_file(const DataFile& file);

  const std::vector<Hardware>& hardware() const;
  const std::vector<Zone>& zones() const;
  const std::vector<Provider>& providers() const;
  const std::vector<Region>& regions() const;
  const std::vector<Model>& models() const;
  const std::vector<Source>& sources() const;
  const std::vector<Default>& defaults() const;
  const std::vector<UncertaintyRange>& uncertainty_ranges() const;
  const std::vector<DiffusionModel>& diffusion_models() const;

  // nullptr when absent.
  const Hardware* find_hardware(std::string_view name) const;
  const Zone* find_zone(std::string_view name) const;
  const Provider* find_provider(std::string_view name) const;
  const Region* find_region(std::string_view name) const;
  const Model* find_model(std::string_view name) const;
  const DiffusionModel* find_diffusion_model(std::string_view name) const;
  const Source* find_source(std::string_view id) const;

  // Throw Error(invalid_input) with closest-match suggestions when absent.
  const Hardware& require_hardware(std::string_view name) const;
  const Zone& require_zone(std::string_view name) const;
  const Region& require_region(std::string_view name) const;
  const Model& require_model(std::string_view name) const;
  const DiffusionModel& require_diffusion_model(std::string_view name) const;
  // The default `id`; throws Error(data) when the defaults table lacks it.
  const Default& require_default(std::string_view id) const;

  // Identifies the data: the build-time hash of the embedded tables, suffixed when files were
  // replaced or added.
  const std::string& data_version() const { return m_data_version; }

  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;
  ~Catalog();

private:
  struct Tables;
  Catalog();
  std::string m_data_version;
  std::unique_ptr<Tables> m_tables;
};

// The zone whose grid factor the default basis (lifecycle CO2e) uses for `zone`: the zone itself
// when its factor is on that basis, else its parent country's, else WORLD's (every country row is
// lifecycle CO2e, from Ember or OWID). Throws Error(data) when WORLD has no such factor.
const Zone& default_basis_zone(const Zone& zone, const Catalog& catalog);

} // namespace aifoot
