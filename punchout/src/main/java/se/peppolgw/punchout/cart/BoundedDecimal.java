package se.peppolgw.punchout.cart;

import java.math.BigDecimal;

/**
 * The one parser for every decimal the punch-out reads from outside: shop forms, the cart API, OCI fields,
 * cXML, and the configuration (catalogue, buyer profiles). {@code new BigDecimal(text)} alone accepts
 * {@code 1e1000000}, and printing such a value later costs minutes of CPU; this parser looks at the text
 * first and refuses, with a message naming the field:
 * <ul>
 * <li>more than {@value #MAX_CHARS} characters (after trimming white space), before any parsing;</li>
 * <li>anything but ASCII digits with at most one decimal point and an optional sign: no exponent
 *     ({@code 1E5}), no {@code NaN} / {@code Infinity}, no grouping, no other scripts' digits;</li>
 * <li>more integer digits or decimals than the kind allows (trailing zeros of the fraction do not count);</li>
 * <li>values outside the kind's range.</li>
 * </ul>
 * The limits are per kind: {@link #QUANTITY} (&gt; 0, 9 integer digits, 6 decimals), {@link #PRICE}
 * (&ge; 0, 12 integer digits, 6 decimals: per-piece prices such as 0.123456 are real and are sent per
 * {@code PRICEUNIT} in OCI) and {@link #VAT_RATE} (0 to 100, 2 decimals).
 */
public enum BoundedDecimal {
  /** A quantity: greater than 0, at most 9 integer digits and 6 decimals. */
  QUANTITY("quantity", 9, 6, false, null),
  /** A unit price: 0 or more, at most 12 integer digits and 6 decimals. */
  PRICE("price", 12, 6, true, null),
  /** A VAT rate in percent: 0 to 100, at most 2 decimals. */
  VAT_RATE("VAT rate", 3, 2, true, BigDecimal.valueOf(100));

  /** Longest text looked at; anything longer is refused before parsing. */
  public static final int MAX_CHARS = 32;

  private final String what;
  private final int maxIntegerDigits;
  private final int maxDecimals;
  private final boolean zeroAllowed;
  private final BigDecimal max;

  BoundedDecimal(String what, int maxIntegerDigits, int maxDecimals, boolean zeroAllowed, BigDecimal max) {
    this.what = what;
    this.maxIntegerDigits = maxIntegerDigits;
    this.maxDecimals = maxDecimals;
    this.zeroAllowed = zeroAllowed;
    this.max = max;
  }

  /** A refused number. {@link #field()} is the caller's field name, {@link #reason()} what is wrong with it. */
  public static final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    Refused(String field, String reason) {
      super(field + ": " + reason);
      this.field = field;
      this.reason = reason;
    }

    public String field() {
      return field;
    }

    public String reason() {
      return reason;
    }
  }

  public int maxIntegerDigits() {
    return maxIntegerDigits;
  }

  public int maxDecimals() {
    return maxDecimals;
  }

  /**
   * Parses machine input (JSON, XML, configuration): decimal point only.
   *
   * @param field named in the refusal (e.g. {@code price}, {@code ItemOut/@quantity})
   * @return the value; null when {@code text} is null or blank (the caller decides whether that is allowed)
   * @throws Refused when the text is not a plain decimal within this kind's limits
   */
  public BigDecimal parse(String text, String field) {
    return parse(text, field, false);
  }

  /** Parses what a person typed (shop forms, OCI QUANTITY): a decimal comma is accepted too. */
  public BigDecimal parseTyped(String text, String field) {
    return parse(text, field, true);
  }

  /** Checks a value that is already a BigDecimal (built in code) against the same limits. */
  public BigDecimal check(BigDecimal value, String field) {
    if (value == null) {
      return null;
    }
    BigDecimal v = value.stripTrailingZeros();
    int decimals = Math.max(0, v.scale());
    int integerDigits = Math.max(0, v.precision() - v.scale());
    if (integerDigits > maxIntegerDigits) {
      throw new Refused(field, what + " may have at most " + maxIntegerDigits + " digits before the decimal point");
    }
    if (decimals > maxDecimals) {
      throw new Refused(field, what + " may have at most " + maxDecimals + " decimals");
    }
    return range(value, field);
  }

  private BigDecimal parse(String text, String field, boolean decimalComma) {
    if (text == null) {
      return null;
    }
    // a bounded look before anything else: strip() on a huge string is the caller's body limit's business
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    if (s.length() > MAX_CHARS) {
      throw new Refused(field, what + " is longer than " + MAX_CHARS + " characters");
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    int intStart = i;
    while (i < s.length() && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    String integerPart = s.substring(intStart, i);
    String fraction = "";
    if (i < s.length() && (s.charAt(i) == '.' || (decimalComma && s.charAt(i) == ','))) {
      int fracStart = ++i;
      while (i < s.length() && isAsciiDigit(s.charAt(i))) {
        i++;
      }
      fraction = s.substring(fracStart, i);
    }
    if (i < s.length()) {
      char c = s.charAt(i);
      if ((c == 'e' || c == 'E') && !(integerPart.isEmpty() && fraction.isEmpty())) {
        throw new Refused(field, what + " in exponent notation (such as 1E5) is not accepted; write the plain number");
      }
      throw new Refused(field, what + " is not a number");
    }
    if (integerPart.isEmpty() && fraction.isEmpty()) {
      throw new Refused(field, what + " is not a number");
    }
    String significantInteger = stripLeadingZeros(integerPart);
    String significantFraction = stripTrailingZeros(fraction);
    if (significantInteger.length() > maxIntegerDigits) {
      throw new Refused(field, what + " may have at most " + maxIntegerDigits + " digits before the decimal point");
    }
    if (significantFraction.length() > maxDecimals) {
      throw new Refused(field, what + " may have at most " + maxDecimals + " decimals");
    }
    // safe now: at most MAX_CHARS plain digits
    BigDecimal value = new BigDecimal((negative ? "-" : "") + (integerPart.isEmpty() ? "0" : integerPart)
        + (fraction.isEmpty() ? "" : "." + fraction));
    return range(value, field);
  }

  private BigDecimal range(BigDecimal value, String field) {
    if (value.signum() < 0 || (!zeroAllowed && value.signum() == 0)) {
      throw new Refused(field, what + (zeroAllowed ? " must not be negative" : " must be greater than 0"));
    }
    if (max != null && value.compareTo(max) > 0) {
      throw new Refused(field, what + " must be between 0 and " + max.toPlainString());
    }
    return value;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String stripLeadingZeros(String digits) {
    int k = 0;
    while (k < digits.length() && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }

  private static String stripTrailingZeros(String digits) {
    int k = digits.length();
    while (k > 0 && digits.charAt(k - 1) == '0') {
      k--;
    }
    return digits.substring(0, k);
  }
}
