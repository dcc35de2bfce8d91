package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.store.Digests;

/**
 * Bearer tokens for the back-office API. Only SHA-256 hashes are configured and kept: tokens are
 * long random strings, so a fast hash is enough (no dictionary to attack) and a leaked
 * configuration file does not leak a usable token. Comparison is constant-time.
 */
public final class ApiTokens {
  public static final String PREFIX = "sha256:";
  private final List<byte[]> hashes;

  public ApiTokens(List<String> configuredHashes) {
    this.hashes =
        configuredHashes.stream()
            .map(
                h -> {
                  String v = h.trim().toLowerCase(Locale.ROOT);
                  if (!v.startsWith(PREFIX) || v.length() != PREFIX.length() + 64) {
                    throw new ConfigException(
                        "gateway.api.token-hashes: '" + h + "' is not of the form sha256:<64 hex>;"
                            + " create one with: java -jar gateway.jar hash-token <token>");
                  }
                  return HexFormat.of().parseHex(v.substring(PREFIX.length()));
                })
            .toList();
  }

  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  public static String hash(String token) {
    return PREFIX + Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }

  /** A new random token (256 bits, URL-safe). */
  public static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The answer to a request without a valid token: 401, a challenge and a problem body. */
  public static void refuse(jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
    resp.setHeader("WWW-Authenticate", "Bearer realm=\"gateway\"");
    Problem.write(
        resp, 401, "Unauthorized", "Send a configured API token as 'Authorization: Bearer <token>'");
  }

  /** True when the request carries one of the configured tokens. */
  public boolean allows(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented =
        HexFormat.of()
            .parseHex(hash(h.substring(7).trim()).substring(PREFIX.length()));
    boolean ok = false;
    for (byte[] known : hashes) {
      ok |= MessageDigest.isEqual(known, presented);
    }
    return ok;
  }
}
