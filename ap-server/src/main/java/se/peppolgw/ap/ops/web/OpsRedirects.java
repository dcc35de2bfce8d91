package se.peppolgw.ap.ops.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the operator UI may send a browser: only absolute paths of this origin under {@code /ops/}.
 *
 * <p>A {@code next} value is accepted as it was given (so its query keeps its encoding) only when
 * every check passes on both the raw and the percent-decoded path; anything doubtful is refused
 * rather than repaired, and the caller falls back to {@code /ops/}. Browsers resolve {@code ..},
 * {@code %2e%2e}, backslashes and a second leading slash in ways that leave the origin
 * ({@code /ops/..//evil.example} becomes {@code //evil.example}), so none of them is allowed.
 */
public final class OpsRedirects {
  static final String HOME = "/ops/";
  /** Longer values are not a page of this UI; refusing them also bounds the work below. */
  public static final int MAX_LENGTH = 2048;

  private OpsRedirects() {}

  /** {@code next} if it is a safe target inside the operator UI, else {@link #HOME}. */
  static String nextOrHome(String next) {
    return safeTarget(next).orElse(HOME);
  }

  /** {@code next} if it is a safe target inside the operator UI. */
  public static Optional<String> safeTarget(String next) {
    if (next == null || next.isEmpty() || next.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    // visible ASCII only: no CR/LF (header injection), no other control characters, no spaces,
    // no characters a browser would encode differently from us
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return Optional.empty();
      }
    }
    int end = firstOf(next, '?', '#');
    String rawPath = next.substring(0, end);
    Optional<String> decoded = percentDecode(rawPath);
    if (decoded.isEmpty() || !pathIsSafe(rawPath) || !pathIsSafe(decoded.get())) {
      return Optional.empty();
    }
    // a value still containing an escape after one decoding was encoded twice: some component
    // between here and the browser may decode it again, so it is refused
    if (decoded.get().indexOf('%') >= 0) {
      return Optional.empty();
    }
    return Optional.of(next);
  }

  private static boolean pathIsSafe(String path) {
    if (!path.startsWith(HOME) || path.contains("//") || path.indexOf('\\') >= 0 || path.indexOf(';') >= 0) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Strict percent-decoding as UTF-8; empty for a malformed escape or invalid UTF-8. */
  static Optional<String> percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return Optional.of(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.write(c);
        continue;
      }
      if (i + 2 >= s.length()) {
        return Optional.empty();
      }
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(out.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j < 0 ? s.length() : j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
