package se.peppolgw.ap.ops;

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
  /** Checked against when the user is unknown, so that a wrong name costs as much as a wrong password. */
  private static final String DUMMY = hash("not-a-password", 10);

  private PasswordHashes() {}

  public static String hash(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), salt, cost);
  }

  public static boolean isBcrypt(String hash) {
    return hash != null && hash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  }

  public static boolean matches(String password, String hash) {
    if (password == null || !isBcrypt(hash)) {
      OpenBSDBCrypt.checkPassword(DUMMY, "x".toCharArray());
      return false;
    }
    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }

  /** Spends the time of one check without a hash: unknown users take as long as known ones. */
  public static void spendCheckTime() {
    OpenBSDBCrypt.checkPassword(DUMMY, "x".toCharArray());
  }
}
