package se.peppolgw.punchout.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Session secrets and start tokens are 256-bit random values, so one SHA-256 (no salt, no stretching) is
 * enough to make a stored copy useless to whoever reads the database, while still allowing a lookup by it.
 */
public final class SessionSecrets {
  private SessionSecrets() {
  }

  public static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }

  /** Compares a presented secret with a stored digest in constant time. */
  public static boolean matches(String presented, String storedDigest) {
    if (presented == null || storedDigest == null) {
      return false;
    }
    return MessageDigest.isEqual(digest(presented).getBytes(StandardCharsets.US_ASCII),
        storedDigest.getBytes(StandardCharsets.US_ASCII));
  }
}
