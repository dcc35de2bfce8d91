package se.peppolgw.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's summary table: one row per scenario. Printed to standard output and appended (as a
 * Markdown table row) to the file named by {@code reliability.summary}.
 */
public final class Summary {
  /** One scenario's result. lost and duplicated must be 0. */
  public record Row(
      String scenario, int messages, int acknowledged, int delivered, int lost, int duplicated,
      String notes) {
    public String markdown() {
      return "| " + scenario + " | " + messages + " | " + acknowledged + " | " + delivered + " | "
          + lost + " | " + duplicated + " | " + notes + " |";
    }
  }

  public static final String HEADER =
      "| scenario | messages | acknowledged | delivered | lost | duplicated | notes |\n"
          + "|---|---:|---:|---:|---:|---:|---|";

  private static final List<Row> ROWS = new ArrayList<>();

  private Summary() {}

  public static synchronized void record(Row row) {
    ROWS.add(row);
    System.out.println();
    System.out.println(HEADER);
    System.out.println(row.markdown());
    System.out.println();
    String file = System.getProperty("reliability.summary");
    if (file == null) {
      return;
    }
    try {
      Path p = Path.of(file);
      Files.createDirectories(p.toAbsolutePath().getParent());
      if (!Files.exists(p)) {
        Files.writeString(p, HEADER + "\n", StandardCharsets.UTF_8);
      }
      Files.writeString(p, row.markdown() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static synchronized List<Row> rows() {
    return List.copyOf(ROWS);
  }
}
