package io.pumpops.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables for people: columns as wide as their widest cell, the first row a header. */
final class Tables {

  private Tables() {}

  static void print(PrintWriter out, List<String[]> rows) {
    if (rows.size() == 1) {
      out.println("(none)");
      return;
    }
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c] == null ? 0 : row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row[c] == null ? "" : row[c];
        line.append(c == columns - 1 ? cell : String.format("%-" + widths[c] + "s  ", cell));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
