package se.peppolgw.ap.ops.security;

/** Bounds a name or address taken from a request before it is kept or logged. */
public final class Names {
  private Names() {}

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
