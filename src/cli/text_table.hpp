#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aifoot::cli {

// The columns `text` takes in a terminal: code points, not bytes, so "m³", "–" and the bars of
// compare's table take one column each.
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (never cut).
std::string pad(std::string_view text, std::size_t width);

// The one text-table helper of the CLI: rows of cells in aligned columns. Each column is as wide
// as its widest cell in display width (at least `min_width`, at most `max_width`, where longer
// cells are cut to end in "..."), followed by `gap` spaces; the last column is not padded and
// trailing spaces are dropped. Free-text lines (a note under a row) keep their place among the
// rows. Streaming output whose rows are not all known (compare, sweep) pads with `pad` instead.
class TextTable {
public:
  enum class Align { left, right };
  struct Column {
    std::size_t min_width = 0;
    Align align = Align::left;
    std::size_t gap = 2;       // spaces after the column
    std::size_t max_width = 0; // 0: no limit
  };

  explicit TextTable(std::vector<Column> columns, std::string indent = "  ");

  void add_row(std::vector<std::string> cells);
  // A line of free text starting under column `column` (the note of the row above).
  void add_line(std::size_t column, std::string text);
  // Every row and line, each ending in '\n'.
  std::string render() const;

private:
  struct Line {
    std::vector<std::string> cells; // a row, or one free-text cell
    std::size_t free_column = 0;
    bool free_text = false;
  };
  std::vector<std::size_t> widths() const;
  std::string cell_text(const std::string& cell, std::size_t column, std::size_t width) const;

  std::vector<Column> m_columns;
  std::string m_indent;
  std::vector<Line> m_lines;
};

} // namespace aifoot::cli
