#pragma once

#include <aifoot/scenario_fields.hpp>

#include <CLI/CLI.hpp>

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aifoot::cli {

// One flag per scenario field (--NAME, or --PREFIX.NAME for a lifecycle phase), keeping the text
// it is given. What was given is read back through the options CLI11 returned when declaring
// them: asking CLI11 by name compares the names of every option declared, which was a tenth of a
// one-off estimate.
class FieldFlags {
public:
  // Declares the flags of `specs` on `command` (their help with the field's bounds), in `group`
  // when it is not empty.
  void declare(CLI::App& command,
               std::span<const FieldSpec> specs,
               std::string_view prefix = {},
               const std::string& group = {});

  // The fields given on the command line, as (name, text), in the order they were declared.
  std::vector<std::pair<std::string_view, std::string_view>> given() const;

private:
  struct Flag {
    std::string_view name; // a FieldSpec's name: static
    std::string text;      // CLI11 writes the value here
    const CLI::Option* option = nullptr;
  };
  std::deque<Flag> m_flags; // a deque: CLI11 keeps a reference to each text
};

} // namespace aifoot::cli
