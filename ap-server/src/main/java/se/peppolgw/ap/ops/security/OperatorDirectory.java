package se.peppolgw.ap.ops.security;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;

/**
 * The configured operators: name, role, bcrypt password hash and hashed API tokens. Nothing here
 * holds a password or token in clear.
 */
public final class OperatorDirectory {
  /** One configured operator. */
  public record Account(String name, OperatorRole role, String passwordHash, List<byte[]> tokenHashes) {}

  private final Map<String, Account> accounts;
  private final PasswordHashes.Verifier verifier;
  /**
   * Checked when the name is unknown (or has no password), with the highest cost of the configured
   * hashes: an unknown name then costs exactly as much as a wrong password, so login timing does
   * not tell which operator names exist.
   */
  private final String dummyHash;

  public OperatorDirectory(List<Account> accounts) {
    this(accounts, PasswordHashes::matches);
  }

  public OperatorDirectory(List<Account> accounts, PasswordHashes.Verifier verifier) {
    Map<String, Account> m = new LinkedHashMap<>();
    for (Account a : accounts) {
      m.put(a.name().toLowerCase(Locale.ROOT), a);
    }
    this.accounts = Map.copyOf(m);
    this.verifier = verifier;
    int cost =
        accounts.stream()
            .map(Account::passwordHash)
            .filter(PasswordHashes::isBcrypt)
            .mapToInt(PasswordHashes::cost)
            .max()
            .orElse(PasswordHashes.DEFAULT_COST);
    this.dummyHash = PasswordHashes.hash(OpsSessions.random(), cost);
  }

  /** The cost of the hash an unknown name is checked against. */
  int dummyCost() {
    return PasswordHashes.cost(dummyHash);
  }

  public static OperatorDirectory fromConfig(GatewayConfig c) {
    return new OperatorDirectory(
        c.ops().operatorNames().stream()
            .map(
                n -> {
                  String base = "gateway.operator." + n;
                  String hash = c.ops().operatorPasswordHash(n).orElse(null);
                  if (hash != null && !PasswordHashes.isBcrypt(hash)) {
                    throw new ConfigException(
                        base + ".password-hash is not a bcrypt hash ($2y$12$…); make one with:"
                            + " ./gateway hash-password");
                  }
                  List<String> tokens = c.ops().operatorTokenHashes(n);
                  if (hash == null && tokens.isEmpty()) {
                    throw new ConfigException(
                        base + ".password-hash (or .token-hashes) is missing: operator '" + n
                            + "' could never log in");
                  }
                  return new Account(
                      n,
                      OperatorRole.parse(base + ".role", c.ops().operatorRole(n)),
                      hash,
                      tokenHashes(base + ".token-hashes", tokens));
                })
            .toList());
  }

  public static List<byte[]> tokenHashes(String key, List<String> configured) {
    return configured.stream()
        .map(
            h -> {
              String v = h.trim().toLowerCase(Locale.ROOT);
              if (!v.matches("sha256:[0-9a-f]{64}")) {
                throw new ConfigException(
                    key + ": '" + h + "' is not of the form sha256:<64 hex>; make one with:"
                        + " ./gateway new-token");
              }
              return HexFormat.of().parseHex(v.substring(7));
            })
        .toList();
  }

  public boolean isEmpty() {
    return accounts.isEmpty();
  }

  /**
   * The operator if name and password match. Known and unknown names take one and the same path:
   * exactly one password check, against the account's hash or the equally costly dummy hash.
   */
  public Optional<Operator> login(String name, String password) {
    Account a = name == null ? null : accounts.get(name.trim().toLowerCase(Locale.ROOT));
    boolean known = a != null && a.passwordHash() != null;
    boolean matches = verifier.matches(password == null ? "" : password, known ? a.passwordHash() : dummyHash);
    return known && matches ? Optional.of(new Operator(a.name(), a.role(), false)) : Optional.empty();
  }

  /** The operator of this name as configured now (for a session opened earlier). */
  public Optional<Operator> current(String name) {
    Account a = name == null ? null : accounts.get(name.toLowerCase(Locale.ROOT));
    return a == null || a.passwordHash() == null
        ? Optional.empty()
        : Optional.of(new Operator(a.name(), a.role(), false));
  }

  /** The operator owning this bearer token. */
  public Optional<Operator> byToken(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    byte[] presented = HexFormat.of().parseHex(ApiTokens.hash(token.trim()).substring(7));
    Account found = null;
    for (Account a : accounts.values()) {
      for (byte[] h : a.tokenHashes()) {
        if (MessageDigest.isEqual(h, presented)) {
          found = a;
        }
      }
    }
    return Optional.ofNullable(found).map(a -> new Operator(a.name(), a.role(), true));
  }
}
