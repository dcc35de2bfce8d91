package se.peppolgw.ap.catalogue;

import java.util.Locale;
import java.util.Optional;

/** The formats a catalogue can be uploaded in. */
public enum UploadFormat {
  /** The shop's own {@code catalogue.json} format. */
  JSON,
  /** One article per row under a header naming the columns ({@link CatalogueCsv#COLUMNS}). */
  CSV;

  /** By a Content-Type ({@code application/json}, {@code text/csv}) or a form value ({@code json}, {@code csv}). */
  public static Optional<UploadFormat> of(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    return switch (v) {
      case "json", "application/json" -> Optional.of(JSON);
      case "csv", "text/csv" -> Optional.of(CSV);
      default -> Optional.empty();
    };
  }
}
