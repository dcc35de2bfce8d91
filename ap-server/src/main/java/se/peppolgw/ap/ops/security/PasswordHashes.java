package se.peppolgw.ap.ops.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashes ({@code $2y$12$…}), by BouncyCastle's OpenBSD bcrypt: the same format as
 * htpasswd -B and most password tools, so operators can make hashes with tools they already have.
 */
public final class PasswordHashes {
  /** Cost 12: about a quarter of a second per check on a laptop; slows guessing, not logging in. */
  public static final int DEFAULT_COST = 12;

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  public static String hash(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), salt, cost);
  }

  public static boolean isBcrypt(String hash) {
    return hash != null && hash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  }

  /** The cost factor of a bcrypt hash ({@code $2y$12$…} has 12). */
  public static int cost(String bcryptHash) {
    if (!isBcrypt(bcryptHash)) {
      throw new IllegalArgumentException("not a bcrypt hash");
    }
    return Integer.parseInt(bcryptHash.substring(4, 6));
  }

  public static boolean matches(String password, String hash) {
    if (password == null || !isBcrypt(hash)) {
      return false;
    }
    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }

  /** Checks a password against a hash; a seam so tests can count the checks. */
  @FunctionalInterface
  public interface Verifier {
    boolean matches(String password, String hash);
  }
}
