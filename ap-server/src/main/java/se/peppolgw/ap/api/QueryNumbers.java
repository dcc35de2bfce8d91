package se.peppolgw.ap.api;

/**
 * Whole numbers read from query parameters (every API: inbox, outbound list, operator lists). Only
 * plain digits (an optional minus), at most 19 of them, inside [min, max]; anything else is an
 * {@link IllegalArgumentException} whose message names the parameter and the range, for a 400. No
 * value is narrowed before it is checked (a cast once turned {@code limit=4294967297} into 1).
 */
public final class QueryNumbers {
  private QueryNumbers() {}

  /** The parameter's value, or {@code def} when it is absent or blank. */
  public static long bounded(String name, String value, long def, long min, long max) {
    return value == null || value.isBlank() ? def : bounded(name, value.trim(), min, max);
  }

  /** The parameter's value, which must be given. */
  public static long bounded(String name, String value, long min, long max) {
    if (value == null || value.length() > 20 || !value.matches("-?[0-9]{1,19}")) {
      throw outOfRange(name, min, max);
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw outOfRange(name, min, max);
    }
    if (n < min || n > max) {
      throw outOfRange(name, min, max);
    }
    return n;
  }

  private static IllegalArgumentException outOfRange(String name, long min, long max) {
    return new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
  }
}
