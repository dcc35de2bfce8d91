package se.peppolgw.ap.catalogue;

/**
 * One thing wrong with an uploaded catalogue.
 *
 * @param where the row and field: a JSON pointer ({@code /items/3/price}) for JSON, {@code row 4,
 *     price} for CSV (row 1 is the header), or {@code /} for the whole upload
 */
public record UploadProblem(String where, String problem) {
  public String message() {
    return where + ": " + problem;
  }
}
