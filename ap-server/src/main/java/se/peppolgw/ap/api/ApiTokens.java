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
  private final List<Token> tokens;

  /**
   * One configured token: its name (for logs and refusals), its hash, and the participants it may
   * send for beyond those this gateway serves ({@code *}: any).
   */
  public record Token(String name, byte[] hash, List<String> maySendFor) {}

  /** Tokens of {@code gateway.api.token-hashes}: they send for our own participants only. */
  public ApiTokens(List<String> configuredHashes) {
    this(configuredHashes, List.of());
  }

  /**
   * @param named tokens of {@code gateway.api.tokens} ({@code gateway.api.token.<name>.hash} and
   *     {@code .may-send-for})
   */
  public ApiTokens(List<String> configuredHashes, List<Token> named) {
    List<Token> all = new java.util.ArrayList<>();
    int i = 0;
    for (String h : configuredHashes) {
      all.add(new Token("API token #" + ++i + " (gateway.api.token-hashes)", parse("gateway.api.token-hashes", h), List.of()));
    }
    all.addAll(named);
    this.tokens = List.copyOf(all);
  }

  /** Parses a configured "sha256:<hex>" hash, naming {@code key} when it is malformed. */
  public static byte[] parse(String key, String h) {
    String v = h.trim().toLowerCase(Locale.ROOT);
    if (!v.startsWith(PREFIX) || v.length() != PREFIX.length() + 64 || !v.substring(PREFIX.length()).matches("[0-9a-f]{64}")) {
      throw new ConfigException(
          key + ": '" + h + "' is not of the form sha256:<64 hex>;"
              + " create one with: java -jar gateway.jar hash-token <token>");
    }
    return HexFormat.of().parseHex(v.substring(PREFIX.length()));
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
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
    return authenticate(req).isPresent();
  }

  /** The configured token the request carries, if any (every hash compared, constant-time). */
  public java.util.Optional<Token> authenticate(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return java.util.Optional.empty();
    }
    byte[] presented =
        HexFormat.of()
            .parseHex(hash(h.substring(7).trim()).substring(PREFIX.length()));
    Token match = null;
    for (Token known : tokens) {
      if (MessageDigest.isEqual(known.hash(), presented) && match == null) {
        match = known;
      }
    }
    return java.util.Optional.ofNullable(match);
  }
}
