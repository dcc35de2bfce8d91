package se.peppolgw.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark payloads: the Peppol BIS Billing base example (about 10 KB) and a 1 MB invoice made
 * from it by repeating its two invoice lines (with new line ids) and fixing the totals, so that it
 * still reads as a plausible invoice.
 */
final class Invoices {
  static final String DEFAULT_EXAMPLE = "testdata/peppol-bis/billing/base-example.xml";

  private Invoices() {}

  /** Finds the shared test data beside the repository (../shared) unless a path is given. */
  static byte[] baseExample(String explicitPath) throws IOException {
    if (explicitPath != null) {
      return Files.readAllBytes(Path.of(explicitPath));
    }
    for (Path base : new Path[] {Path.of("..", "shared"), Path.of("..", "..", "shared"), Path.of("/work/shared")}) {
      Path p = base.resolve(DEFAULT_EXAMPLE);
      if (Files.isRegularFile(p)) {
        return Files.readAllBytes(p);
      }
    }
    throw new IOException(
        "cannot find ../shared/" + DEFAULT_EXAMPLE + "; pass --invoice PATH to a Peppol BIS invoice");
  }

  /**
   * Grows the base example to at least {@code targetBytes}: the pair of invoice lines (net 1300)
   * is repeated, line ids renumbered, and the document totals recomputed for the new line sum.
   */
  static byte[] grow(byte[] base, int targetBytes) {
    String xml = new String(base, StandardCharsets.UTF_8);
    int linesStart = xml.indexOf("<cac:InvoiceLine>");
    int linesEnd = xml.lastIndexOf("</cac:InvoiceLine>") + "</cac:InvoiceLine>".length();
    if (linesStart < 0 || linesEnd < linesStart) {
      throw new IllegalArgumentException("the base invoice has no InvoiceLine elements");
    }
    String head = xml.substring(0, linesStart);
    String lines = xml.substring(linesStart, linesEnd);
    String tail = xml.substring(linesEnd);
    int pairs = Math.max(1, (targetBytes - head.length() - tail.length()) / lines.length() + 1);

    StringBuilder body = new StringBuilder(targetBytes + lines.length());
    int id = 0;
    for (int i = 0; i < pairs; i++) {
      String pair = lines;
      pair = pair.replaceFirst("<cbc:ID>1</cbc:ID>", "<cbc:ID>" + (++id) + "</cbc:ID>");
      pair = pair.replaceFirst("<cbc:ID>2</cbc:ID>", "<cbc:ID>" + (++id) + "</cbc:ID>");
      body.append(pair).append('\n');
    }
    // base example: lines 1300, charge 25, VAT 25 %
    BigDecimal lineTotal = BigDecimal.valueOf(1300L * pairs);
    BigDecimal taxExclusive = lineTotal.add(BigDecimal.valueOf(25));
    BigDecimal vat = taxExclusive.multiply(new BigDecimal("0.25")).setScale(2, java.math.RoundingMode.HALF_UP);
    BigDecimal payable = taxExclusive.add(vat);
    String newHead =
        head.replace(">1300<", ">" + lineTotal.toPlainString() + "<")
            .replace(">1325<", ">" + taxExclusive.toPlainString() + "<")
            .replace(">331.25<", ">" + vat.toPlainString() + "<")
            .replace(">1656.25<", ">" + payable.toPlainString() + "<");
    return (newHead + body + tail).getBytes(StandardCharsets.UTF_8);
  }
}
