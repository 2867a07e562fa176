#include "app.hpp"

#include "batch_command.hpp"
#include "catalog_commands.hpp"
#include "check_command.hpp"
#include "compare_command.hpp"
#include "exit_code.hpp"
#include "generate_command.hpp"
#include "infer_command.hpp"
#include "lifecycle_command.hpp"
#include "measure_command.hpp"
#include "options.hpp"
#include "result_output.hpp"
#include "train_command.hpp"
#include "validate_command.hpp"

#include <aifoot/catalog.hpp>
#include <aifoot/embedded_data.hpp>
#include <aifoot/error.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

namespace aifoot::cli {
namespace {

bool use_color(ColorMode mode, std::FILE* stream) {
  if (mode != ColorMode::auto_detect) {
    return mode == ColorMode::always;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") {
    return false;
  }
  return isatty(fileno(stream)) != 0;
}

// The %* flag of the log pattern: the message as one printable line (one_line). Log messages
// quote paths, names and library errors, and none of them may start a line of its own without
// the "aifoot:" prefix.
class OneLinePayload final : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg,
              const std::tm& /*time*/,
              spdlog::memory_buf_t& dest) override {
    const std::string text = one_line(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<OneLinePayload>();
  }
};

void setup_logging(const GlobalOptions& options) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_st>(
      use_color(options.color(), stderr) ? spdlog::color_mode::always : spdlog::color_mode::never);
  auto logger = std::make_shared<spdlog::logger>("aifoot", std::move(sink));
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<OneLinePayload>('*').set_pattern("aifoot: %^%l%$: %*");
  logger->set_formatter(std::move(formatter));
  logger->set_level(options.quiet            ? spdlog::level::err
                    : options.verbosity >= 2 ? spdlog::level::debug
                    : options.verbosity == 1 ? spdlog::level::info
                                             : spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

// The subcommand the command line names: its first word that is not an option or a global option's
// value; empty when there is none or help is asked for before it. Only that command's options are
// then declared: declaring all of them (several hundred, CLI11 checks each new name against the
// others) was most of the start-up time of a one-off estimate.
std::string_view requested_subcommand(int argc, char** argv) {
  static constexpr auto k_valued = std::to_array<std::string_view>(
      {"--format", "--color", "-o", "--output", "--data-dir", "--catalog", "--samples", "--seed"});
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--") {
      return {};
    }
    if (std::find(std::begin(k_valued), std::end(k_valued), arg) != std::end(k_valued)) {
      ++i; // its value
      continue;
    }
    if (!arg.starts_with("-")) {
      return arg;
    }
  }
  return {};
}

// A closed standard output (`aifoot ... >&-`) would let the next file aifoot opens take
// descriptor 1, and the result would be written into it. Hold the slot with /dev/null opened
// read-only instead: every write to stdout then fails (EBADF) and run() reports exit 5.
void keep_stdout_descriptor() {
  if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF) {
    const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fd != STDOUT_FILENO) {
      dup2(fd, STDOUT_FILENO);
      close(fd);
    }
  }
}

bool selected(const CLI::App* command) {
  return command != nullptr && static_cast<bool>(*command);
}

// Parses the command line: nothing when a command is to run, else the exit code of printing help
// or the version (0, to stdout) or a usage error (2).
std::optional<ExitCode> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      app.exit(e); // help and version go to stdout
      return ExitCode::ok;
    }
    // CLI11 quotes the offending argument: keep it on the one line.
    std::fprintf(stderr,
                 "aifoot: error: %s\naifoot: hint: run 'aifoot --help' for usage\n",
                 one_line(e.what()).c_str());
    return ExitCode::usage;
  }
  return std::nullopt;
}

ExitCode run_or_throw(int argc, char** argv) {
  CLI::App app{"aifoot: energy, carbon and water footprint of training and serving AI models"};
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag(
      "--version",
      fmt::format("aifoot {}\ndata {}", AIFOOT_VERSION, detail::embedded_data_version()));
  app.footer(k_exit_code_help);

  GlobalOptions global;
  app.add_option("--format",
                 global.format_name,
                 "output format; each command names those it writes (hf-model-card: one "
                 "estimate; junit, github: check)")
      ->check(CLI::IsMember(
          {"table", "json", "jsonl", "csv", "markdown", "md", "hf-model-card", "junit", "github"}))
      ->capture_default_str();
  app.add_flag("--json", global.json, "shortcut for --format json");
  app.add_flag("--explain", global.explain, "print the assumption trail (source of every number)");
  app.add_flag("-q,--quiet", global.quiet, "print errors only (the result is still printed)");
  app.add_flag("-v,--verbose", global.verbosity, "more detail on stderr (repeatable)");
  app.add_option("--color", global.color_name, "colour on stderr")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("-o,--output", global.output, "write the result to FILE instead of stdout");
  app.add_option(
      "--data-dir", global.data_dir, "load catalog files from DIR instead of the built-in ones");
  app.add_option("--catalog",
                 global.catalog_files,
                 "add or override catalog records from a JSON file (repeatable)");
  app.add_option("--samples", global.samples, "Monte Carlo samples for the p5-p95 ranges")
      ->capture_default_str()
      ->group("Uncertainty");
  app.add_option("--seed", global.seed, "Monte Carlo seed (same seed, same output)")
      ->capture_default_str()
      ->group("Uncertainty");
  app.add_flag("--no-uncertainty", global.no_uncertainty, "point estimates only (faster streams)")
      ->group("Uncertainty");

  // Only the command the line names is declared. `aifoot --help` declares each command by name and
  // summary alone, and `aifoot --version` none: declaring every command's options was three
  // quarters of their cost. A command the line names but we do not know (a typo) gets all of
  // them, for CLI11's message. tests/cli/help_summaries.cmake checks these summaries against
  // the ones the commands declare themselves.
  static constexpr auto k_commands = std::to_array<std::pair<std::string_view, std::string_view>>({
      {"train", "estimate the footprint of a training run"},
      {"infer", "estimate the footprint of serving a model"},
      {"generate", "estimate the footprint of generating images or videos"},
      {"lifecycle", "training plus serving: shares, training per request, crossover day"},
      {"list",
       "list the catalog: hardware, models, diffusion-models, regions, providers, zones, sources"},
      {"show", "show every field of a catalog entry and its sources"},
      {"batch", "estimate a stream of scenarios: JSONL or CSV in, one result per record out"},
      {"measure", "run a command and measure its real energy (NVML, RAPL)"},
      {"check", "gate scenarios on a budget file and a baseline (exit 1 when over)"},
      {"compare", "compare scenarios side by side, with ratios to the first"},
      {"sweep", "every combination of comma-separated field values, sorted by a metric"},
      {"validate",
       "compare estimates with published footprints (documented and predictive inputs)"},
  });
  const std::string_view wanted = requested_subcommand(argc, argv);
  const bool known = std::any_of(std::begin(k_commands), std::end(k_commands), [&](const auto& c) {
    return c.first == wanted;
  });
  const auto given = [&](std::string_view flag) {
    return std::find(argv + 1, argv + argc, flag) != argv + argc;
  };
  const bool help = given("--help") || given("-h");
  if (wanted.empty() && (help || given("--version"))) {
    if (help) {
      for (const auto& [name, summary] : k_commands) {
        app.add_subcommand(std::string(name), std::string(summary));
      }
    }
    if (const auto code = parse(app, argc, argv)) {
      return *code;
    }
    throw UsageError("no subcommand given");
  }
  const auto declare = [&](std::initializer_list<std::string_view> names) {
    return !known || std::find(names.begin(), names.end(), wanted) != names.end();
  };
  TrainOptions train;
  if (declare({"train"})) {
    add_train_command(app, train);
  }
  InferOptions infer;
  if (declare({"infer"})) {
    add_infer_command(app, infer);
  }
  GenerateOptions generate;
  if (declare({"generate"})) {
    add_generate_command(app, generate);
  }
  LifecycleOptions lifecycle;
  if (declare({"lifecycle"})) {
    add_lifecycle_command(app, lifecycle);
  }
  CatalogOptions catalog;
  if (declare({"list", "show"})) {
    add_catalog_commands(app, catalog);
  }
  BatchOptions batch;
  if (declare({"batch"})) {
    add_batch_command(app, batch);
  }
  MeasureOptions measure;
  if (declare({"measure"})) {
    add_measure_command(app, measure);
  }
  CheckOptions check;
  if (declare({"check"})) {
    add_check_command(app, check);
  }
  CompareOptions compare;
  CompareOptions sweep;
  if (declare({"compare", "sweep"})) {
    add_compare_commands(app, compare, sweep);
  }
  ValidateOptions validate;
  if (declare({"validate"})) {
    add_validate_command(app, validate);
  }

  const auto run_selected = [&]() -> ExitCode {
    if (selected(train.command)) {
      return run_train(train, global);
    }
    if (selected(infer.command)) {
      return run_infer(infer, global);
    }
    if (selected(generate.command)) {
      return run_generate(generate, global);
    }
    if (selected(lifecycle.command)) {
      return run_lifecycle(lifecycle, global);
    }
    if (selected(check.command)) {
      return run_check(check, global);
    }
    if (selected(compare.command)) {
      return run_compare(compare, global);
    }
    if (selected(sweep.command)) {
      return run_sweep(sweep, global);
    }
    if (selected(batch.command)) {
      return run_batch(batch, global);
    }
    if (selected(validate.command)) {
      return run_validate(validate, global);
    }
    if (selected(catalog.list)) {
      return run_list(catalog, global);
    }
    if (selected(catalog.show)) {
      return run_show(catalog, global);
    }
    throw UsageError("no subcommand given");
  };

  if (const auto code = parse(app, argc, argv)) {
    return *code;
  }
  setup_logging(global);
  set_output_path(global.output);
  if (selected(measure.app)) {
    return run_measure(measure, global); // writes -o itself: the command keeps the real stdout
  }
  // -o FILE: the result goes to a temporary file that replaces FILE only once the command has
  // returned and every write succeeded; an error leaves FILE as it was.
  std::optional<ReplacingFile> output;
  if (global.output != "-") {
    output.emplace(global.output);
    if (dup2(fileno(output->stream()), STDOUT_FILENO) < 0) {
      throw Error(ErrorKind::io, fmt::format("cannot write '{}'", global.output));
    }
  }
  const ExitCode code = run_selected();
  if (output) {
    check_written(stdout, fmt::format("'{}'", global.output));
    output->commit();
  }
  return code;
}

} // namespace

int run(int argc, char** argv) noexcept {
  try {
    keep_stdout_descriptor();
    const ExitCode code = run_or_throw(argc, argv);
    check_written(stdout, "standard output");
    return static_cast<int>(code);
  } catch (const Error& e) {
    std::fprintf(stderr, "aifoot: error: %s\n", e.what());
    if (!e.hint().empty()) {
      std::fprintf(stderr, "aifoot: hint: %s\n", e.hint().c_str());
    }
    return static_cast<int>(exit_code_for(e.kind()));
  } catch (const UsageError& e) {
    std::fprintf(stderr,
                 "aifoot: error: %s\naifoot: hint: %s\n",
                 one_line(e.what()).c_str(),
                 e.hint().empty() ? "run 'aifoot --help' for usage" : one_line(e.hint()).c_str());
    return static_cast<int>(ExitCode::usage);
  } catch (const std::system_error& e) {
    // fmt::print throws this when a write to the result stream fails (a full disk, a closed pipe).
    std::fprintf(
        stderr, "aifoot: error: cannot write the result: %s\n", e.code().message().c_str());
    return static_cast<int>(ExitCode::io);
  } catch (const std::exception& e) {
    std::fprintf(stderr,
                 "aifoot: internal error: %s\naifoot: please report this with the command line\n",
                 one_line(e.what()).c_str());
  } catch (...) {
    std::fprintf(stderr, "aifoot: internal error: unknown exception\n");
  }
  return static_cast<int>(ExitCode::internal);
}

} // namespace aifoot::cli
