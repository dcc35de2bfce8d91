package se.peppolgw.punchout.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Unguessable identifiers: session secrets, one-time start tokens, CSRF tokens, line ids. */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {
  }

  /** 256 bits, URL-safe base64 without padding (43 characters). */
  public static String secret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Short hex id, for ids that are not secrets (public session handle, line ids). */
  public static String shortId(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
