package se.peppolgw.punchout.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the bearer secret of an external shop's cart API call against the buyer profile's
 * {@code externalShop.apiSecretHash} (PBKDF2, constant-time). A shop posts many carts with the same secret,
 * so once a secret has passed the full check its SHA-256 is remembered for that stored hash and later calls
 * compare digests in constant time instead of paying the PBKDF2 cost again. Only a secret that passed the
 * full check is ever remembered; a wrong secret always costs the full PBKDF2 work.
 */
public final class ApiSecretCheck {
  private static final int MAX_REMEMBERED = 1024;
  private final Map<String, byte[]> verifiedDigestByHash = new ConcurrentHashMap<>();

  public boolean verify(String secret, String storedHash) {
    if (secret == null || secret.isEmpty() || storedHash == null) {
      SecretHasher.verifyDummy(secret);
      return false;
    }
    byte[] digest = sha256(secret);
    byte[] known = verifiedDigestByHash.get(storedHash);
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return true;
    }
    if (!SecretHasher.verify(secret, storedHash)) {
      return false;
    }
    if (verifiedDigestByHash.size() >= MAX_REMEMBERED) {
      verifiedDigestByHash.clear();
    }
    verifiedDigestByHash.put(storedHash, digest);
    return true;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }
}
