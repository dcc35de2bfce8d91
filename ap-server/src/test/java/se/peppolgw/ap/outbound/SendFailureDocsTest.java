package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/outbound.md lists every {@link SendFailure}, in enum order, with the enum's own words. When
 * a kind is added or changed this test fails and prints the table to paste (it is also written to
 * target/send-failures.md).
 */
class SendFailureDocsTest {
  static final Path DOC = Path.of("..", "docs", "outbound.md");
  static final String START = "<!-- send-failures:start (generated from SendFailure, checked by SendFailureDocsTest) -->";
  static final String END = "<!-- send-failures:end -->";

  static String table() {
    StringBuilder b = new StringBuilder();
    b.append("| Code | Kind | Retried | Whose side | Stage | What it means |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (SendFailure f : SendFailure.values()) {
      String d = f.description();
      b.append("| `").append(f.code()).append("` | `").append(f.name()).append("` | ")
          .append(f.isRetryable() ? "yes" : "no").append(" | ").append(f.side().words()).append(" | ")
          .append(f.stage().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
          .append(Character.toUpperCase(d.charAt(0))).append(d.substring(1)).append(" |\n");
    }
    return b.toString();
  }

  @Test
  void theDocumentedTableIsTheEnum() throws IOException {
    String expected = table();
    Path out = Path.of("target", "send-failures.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, expected, StandardCharsets.UTF_8);
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertTrue(start >= 0 && end > start, "docs/outbound.md has no " + START + " … " + END + " block");
    String documented = doc.substring(start + START.length(), end).strip() + "\n";
    assertEquals(expected, documented,
        "docs/outbound.md's failure table differs from SendFailure; paste target/send-failures.md:\n" + expected);
  }
}
