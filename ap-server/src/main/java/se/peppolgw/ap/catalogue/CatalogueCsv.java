package se.peppolgw.ap.catalogue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * A catalogue as CSV (UTF-8, RFC 4180 quoting): a header row naming the columns, then one article
 * per row. The columns are the fields of {@code catalogue.json} ({@link #COLUMNS}), in any order;
 * {@code articleNumber} is required, unknown columns are refused. Separator {@code ,} or, as a
 * Swedish spreadsheet writes it, {@code ;} (taken from the header); keywords separated by
 * {@code |}; decimals with a point or a comma. Currency and UNSPSC names are kept from the current
 * catalogue.
 */
public final class CatalogueCsv {
  public static final List<String> COLUMNS = ArticleFields.FIELDS;

  private CatalogueCsv() {}

  static Catalogue read(byte[] body, Catalogue current) throws CatalogueUploadException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw CatalogueUploadException.of("/", "not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int eol = text.indexOf('\n');
    String headerLine = eol < 0 ? text : text.substring(0, eol);
    char sep = headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0 ? ';' : ',';
    List<List<String>> rows = rows(text, sep);
    if (rows.isEmpty()) {
      throw CatalogueUploadException.of("row 1", "the header row is missing");
    }
    List<String> header = rows.get(0);
    List<UploadProblem> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c).strip();
      if (!COLUMNS.contains(h)) {
        problems.add(new UploadProblem("row 1, column " + (c + 1), "unknown column '" + CatalogueUpload.shorten(h)
            + "'; the columns are " + String.join(", ", COLUMNS)));
      } else if (seen.put(h, c) != null) {
        problems.add(new UploadProblem("row 1, column " + (c + 1), "column " + h + " appears twice"));
      }
    }
    if (!seen.containsKey("articleNumber")) {
      problems.add(new UploadProblem("row 1", "the column articleNumber is required"));
    }
    if (!problems.isEmpty()) {
      throw new CatalogueUploadException(problems);
    }
    List<CatalogueItem> items = new ArrayList<>();
    List<Integer> rowNumbers = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue; // an empty line, e.g. at the end
      }
      if (items.size() == UploadLimits.MAX_ARTICLES) {
        throw CatalogueUploadException.of("row " + (r + 1), "more than " + UploadLimits.MAX_ARTICLES + " articles");
      }
      if (row.size() != header.size()) {
        problems.add(new UploadProblem("row " + (r + 1), row.size() + " columns, the header has " + header.size()));
        continue;
      }
      Map<String, Object> values = new HashMap<>();
      seen.forEach((name, c) -> values.put(name, row.get(c).isBlank() ? null : row.get(c)));
      items.add(new ArticleFields(values, "row " + (r + 1) + ", %s", problems).item());
      rowNumbers.add(r + 1);
    }
    return CatalogueUpload.catalogue(current.currency(), current.unspscNames(), items,
        i -> "row " + rowNumbers.get(i) + ", articleNumber", problems);
  }

  /** RFC 4180: fields in double quotes may hold the separator, line breaks and doubled quotes. */
  static List<List<String>> rows(String text, char sep) throws CatalogueUploadException {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int quoteOpened = 1;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          if (ch == '\n') {
            line++;
          }
          field.append(ch);
        }
      } else if (ch == '"' && field.isEmpty()) {
        quoted = true;
        quoteOpened = line;
      } else if (ch == sep) {
        row.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        line++;
      } else {
        field.append(ch);
      }
      if (row.size() > COLUMNS.size() * 2) {
        throw CatalogueUploadException.of("row " + (rows.size() + 1), "more than " + COLUMNS.size() * 2 + " columns");
      }
    }
    if (quoted) {
      throw CatalogueUploadException.of("row " + (rows.size() + 1), "a quoted field opened on line " + quoteOpened + " is not closed");
    }
    if (!field.isEmpty() || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
