package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/outbound.md lists every {@link SendFailure}, in enum order, with the enum's own words and
 * how each is recognised. When a kind is added or changed this test fails; run it with {@code
 * -Dsend-failures.write=true} and it rewrites the table in docs/outbound.md instead (the command is
 * in docs/outbound.md, "Failure kinds"). The table is also written to target/send-failures.md.
 */
class SendFailureDocsTest {
  static final Path DOC = Path.of("..", "docs", "outbound.md");
  static final String START = "<!-- send-failures:start (generated from SendFailure, checked by SendFailureDocsTest) -->";
  static final String END = "<!-- send-failures:end -->";
  static final String WRITE = "send-failures.write";

  static String table() {
    StringBuilder b = new StringBuilder();
    b.append("| Code | Kind | Retried | Whose side | Stage | What it means | Recognised by |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (SendFailure f : SendFailure.values()) {
      String d = f.description();
      String how = f.recognitions().stream().map(Recognition::words).collect(Collectors.joining("; or "));
      b.append("| `").append(f.code()).append("` | `").append(f.name()).append("` | ")
          .append(f.isRetryable() ? "yes" : "no").append(" | ").append(f.side().words()).append(" | ")
          .append(f.stage().name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(Character.toUpperCase(d.charAt(0))).append(d.substring(1)).append(" | ")
          .append(how).append(" |\n");
    }
    return b.toString();
  }

  /** The document with its generated block replaced by {@code table}. */
  static String withTable(String doc, String table) {
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertTrue(start >= 0 && end > start, "docs/outbound.md has no " + START + " … " + END + " block");
    return doc.substring(0, start + START.length()) + "\n" + table + doc.substring(end);
  }

  @Test
  void theDocumentedTableIsTheEnum() throws IOException {
    String expected = table();
    Path out = Path.of("target", "send-failures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, expected, StandardCharsets.UTF_8);
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    if (Boolean.getBoolean(WRITE)) {
      doc = withTable(doc, expected);
      Files.writeString(DOC, doc, StandardCharsets.UTF_8);
    }
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertTrue(start >= 0 && end > start, "docs/outbound.md has no " + START + " … " + END + " block");
    String documented = doc.substring(start + START.length(), end).strip() + "\n";
    assertEquals(expected, documented,
        "docs/outbound.md's failure table differs from SendFailure; run this test with -D" + WRITE
            + "=true to rewrite it (see docs/outbound.md, \"Failure kinds\"):\n" + expected);
  }

  @Test
  void rewritingReplacesOnlyTheGeneratedBlock() {
    String doc = "before\n" + START + "\n| old |\n" + END + "\nafter\n";
    assertEquals("before\n" + START + "\n| new |\n" + END + "\nafter\n", withTable(doc, "| new |\n"));
  }
}
