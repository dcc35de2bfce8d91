package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * CSV export of an operator list (RFC 4180: comma separated, CRLF, a cell with a comma, quote or line
 * break quoted with doubled quotes). A cell starting with {@code = + - @} (or a tab or carriage return)
 * gets a leading {@code '} so that a spreadsheet shows it as text instead of running it as a formula:
 * the cells hold what senders wrote (document numbers, error texts).
 */
public final class Csv implements AutoCloseable {
  private final PrintWriter out;

  private Csv(PrintWriter out) {
    this.out = out;
  }

  /** Starts a download named {@code filename} with the header row. */
  static Csv attachment(HttpServletResponse resp, String filename, List<String> header) throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/csv;charset=utf-8");
    resp.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    Csv csv = new Csv(resp.getWriter());
    csv.row(header);
    return csv;
  }

  void row(List<?> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(cell(cells.get(i)));
    }
    out.write(b.append("\r\n").toString());
  }

  /** One cell, guarded and quoted as needed. */
  public static String cell(Object value) {
    String s = value == null ? "" : value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  @Override
  public void close() {
    out.flush();
  }
}
