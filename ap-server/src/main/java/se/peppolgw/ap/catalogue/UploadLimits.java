package se.peppolgw.ap.catalogue;

import java.math.BigDecimal;

/** The bounds of an uploaded catalogue: anything beyond them is refused with a problem, never read on. */
public final class UploadLimits {
  /** The whole upload, JSON or CSV. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  public static final int MAX_ARTICLES = 5_000;
  /** Article number, unit, UNSPSC, GTIN, manufacturer part number. */
  public static final int MAX_CODE = 100;
  /** Name, manufacturer, URLs, comparison price, a keyword. */
  public static final int MAX_TEXT = 500;
  public static final int MAX_DESCRIPTION = 4_000;
  public static final int MAX_KEYWORDS = 30;
  public static final int MAX_UNSPSC_NAMES = 5_000;
  public static final BigDecimal MAX_PRICE = new BigDecimal("100000000");
  public static final int MAX_PRICE_DECIMALS = 4;
  public static final BigDecimal MAX_VAT_RATE = new BigDecimal("100");
  public static final int MAX_LEAD_TIME_DAYS = 3_650;

  private UploadLimits() {}
}
