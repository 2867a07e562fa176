#include "text_table.hpp"

#include <catch2/catch.hpp>

#include <vector>

using aifoot::cli::TextTable;
using Columns = std::vector<TextTable::Column>;

TEST_CASE("a text table pads every column but the last to its widest cell", "[text_table]") {
  TextTable table(Columns{{.min_width = 4}, {}});
  table.add_row({"name", "value"});
  table.add_row({"pue", "1.2"});
  table.add_row({"grid_intensity", "56"});
  CHECK(table.render()
        == "  name            value\n"
           "  pue             1.2\n"
           "  grid_intensity  56\n");
}

TEST_CASE("a text table measures display width, not bytes", "[text_table]") {
  TextTable table(Columns{{.gap = 1}, {}}, "");
  table.add_row({"m³", "a"});
  table.add_row({"kg", "b"});
  CHECK(table.render() == "m³ a\nkg b\n");
}

TEST_CASE("a text table aligns right, cuts at a maximum and keeps free lines", "[text_table]") {
  using Align = TextTable::Align;
  TextTable table(Columns{{.min_width = 3, .align = Align::right, .gap = 1}, {.max_width = 8}, {}},
                  "");
  table.add_row({"7", "short", "x"});
  table.add_row({"1,234", "much-longer-cell", ""});
  table.add_line(1, "note under the second column");
  CHECK(table.render()
        == "    7 short     x\n"
           "1,234 much-...\n"
           "      note under the second column\n");
}
