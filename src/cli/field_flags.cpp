#include "field_flags.hpp"

#include <aifoot/field_bounds.hpp>

namespace aifoot::cli {

void FieldFlags::declare(CLI::App& command,
                         std::span<const FieldSpec> specs,
                         std::string_view prefix,
                         const std::string& group) {
  for (const FieldSpec& spec : specs) {
    Flag& flag = m_flags.emplace_back();
    flag.name = spec.name;
    std::string name = "--";
    if (!prefix.empty()) {
      name.append(prefix).push_back('.');
    }
    name += spec.name;
    CLI::Option* option = command.add_option(name, flag.text, field_help(spec.help, spec.name))
                              ->type_name(std::string(spec.placeholder));
    if (!group.empty()) {
      option->group(group);
    }
    flag.option = option;
  }
}

std::vector<std::pair<std::string_view, std::string_view>> FieldFlags::given() const {
  std::vector<std::pair<std::string_view, std::string_view>> given;
  for (const Flag& flag : m_flags) {
    if (flag.option->count() > 0) {
      given.emplace_back(flag.name, flag.text);
    }
  }
  return given;
}

} // namespace aifoot::cli
