package se.peppolgw.punchout.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Buyer secrets (OCI passwords, cXML SharedSecrets) are stored as
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>} and compared in constant time.
 * Run {@code HashSecret} (main class) to produce a value for a buyer profile.
 */
public final class SecretHasher {
  public static final String PREFIX = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 60_000;
  private static final int KEY_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Verified against when the buyer is unknown, so that both failures cost the same time. */
  private static final String DUMMY = hash("not-a-real-secret", DEFAULT_ITERATIONS);

  private SecretHasher() {
  }

  public static String hash(String secret, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] derived = derive(secret, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
  }

  /** Constant-time check of {@code secret} against a stored hash; a malformed hash never matches. */
  public static boolean verify(String secret, String storedHash) {
    if (secret == null) {
      secret = "";
    }
    if (storedHash == null) {
      verify(secret, DUMMY);
      return false;
    }
    String[] parts = storedHash.split("\\$");
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      verify(secret, DUMMY);
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(secret, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Burns the same work as a real check; used for unknown buyers. */
  public static void verifyDummy(String secret) {
    verify(secret == null ? "" : secret, DUMMY);
  }

  /** Constant-time equality for tokens that are not hashed (CSRF tokens, session secrets). */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, KEY_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 not available", e);
    }
  }
}
