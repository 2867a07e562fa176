#include "text_table.hpp"

#include <algorithm>
#include <utility>

namespace aifoot::cli {

std::size_t display_width(std::string_view text) {
  // A UTF-8 continuation byte (10xxxxxx) starts no code point.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(std::string_view text, std::size_t width) {
  const std::size_t used = display_width(text);
  std::string out(text);
  out.append(width > used ? width - used : 0, ' ');
  return out;
}

namespace {

// `text` cut to at most `width` columns, ending in "..." when cut (UTF-8 sequences kept whole).
std::string cut_to(const std::string& text, std::size_t width) {
  constexpr std::string_view k_ellipsis = "...";
  if (display_width(text) <= width || width <= k_ellipsis.size()) {
    return text;
  }
  std::size_t columns = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    const bool starts_code_point = (static_cast<unsigned char>(text[end]) & 0xC0U) != 0x80U;
    if (starts_code_point && ++columns > width - k_ellipsis.size()) {
      break;
    }
    ++end;
  }
  return text.substr(0, end) + std::string(k_ellipsis);
}

} // namespace

TextTable::TextTable(std::vector<Column> columns, std::string indent)
    : m_columns(std::move(columns)),
      m_indent(std::move(indent)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(m_columns.size());
  m_lines.push_back({std::move(cells), 0, false});
}

void TextTable::add_line(std::size_t column, std::string text) {
  m_lines.push_back({{std::move(text)}, column, true});
}

std::vector<std::size_t> TextTable::widths() const {
  std::vector<std::size_t> widths(m_columns.size());
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    widths[i] = m_columns[i].min_width;
    for (const Line& line : m_lines) {
      if (!line.free_text) {
        widths[i] = std::max(widths[i], display_width(line.cells[i]));
      }
    }
    if (m_columns[i].max_width > 0) {
      widths[i] = std::min(widths[i], m_columns[i].max_width);
    }
  }
  return widths;
}

std::string
TextTable::cell_text(const std::string& cell, std::size_t column, std::size_t width) const {
  const Column& spec = m_columns[column];
  const std::string text = spec.max_width > 0 ? cut_to(cell, spec.max_width) : cell;
  const bool last = column + 1 == m_columns.size();
  if (spec.align == Align::right) {
    const std::size_t used = display_width(text);
    return std::string(width > used ? width - used : 0, ' ') + text
           + std::string(last ? 0 : spec.gap, ' ');
  }
  return last ? text : pad(text, width + spec.gap);
}

std::string TextTable::render() const {
  const std::vector<std::size_t> column_widths = widths();
  std::string out;
  for (const Line& line : m_lines) {
    std::string text = m_indent;
    if (line.free_text) {
      for (std::size_t i = 0; i < line.free_column && i < m_columns.size(); ++i) {
        text.append(column_widths[i] + m_columns[i].gap, ' ');
      }
      text += line.cells.front();
    } else {
      for (std::size_t i = 0; i < m_columns.size(); ++i) {
        text += cell_text(line.cells[i], i, column_widths[i]);
      }
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text;
    out += '\n';
  }
  return out;
}

} // namespace aifoot::cli
