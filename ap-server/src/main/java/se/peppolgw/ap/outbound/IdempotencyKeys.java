package se.peppolgw.ap.outbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/** The Idempotency-Key header of {@code POST /api/outbound}: what a key may be, what a request is. */
final class IdempotencyKeys {
  static final int MAX_LENGTH = 200;

  /** The query parameters that change what a request does; all of them count for "same request". */
  private static final List<String> PARAMETERS =
      List.of(
          RoutingOverrides.SENDER,
          RoutingOverrides.RECEIVER,
          RoutingOverrides.DOCUMENT_TYPE,
          RoutingOverrides.PROCESS,
          RoutingOverrides.COUNTRY_C1,
          "validate",
          "duplicate");

  private IdempotencyKeys() {}

  /** 1 to 200 visible ASCII characters: fits the column, and never carries control characters into logs. */
  static boolean isValid(String key) {
    if (key.isEmpty() || key.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch < 0x21 || ch > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * A digest of the body and every parameter that changes the outcome: the same key with another
   * body, or the same body routed elsewhere, is another request.
   */
  static String requestDigest(byte[] body, Function<String, String> param) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
    for (String name : PARAMETERS) {
      String v = param.apply(name);
      // length-prefixed, so that no choice of values can make two requests collide
      byte[] p = (name + "=" + (v == null ? "\u0000" : v)).getBytes(StandardCharsets.UTF_8);
      d.update((p.length + ":").getBytes(StandardCharsets.US_ASCII));
      d.update(p);
    }
    d.update(body); // digested in place: a large document is not copied
    return HexFormat.of().formatHex(d.digest());
  }
}
