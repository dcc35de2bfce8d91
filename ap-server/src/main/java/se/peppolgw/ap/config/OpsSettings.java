package se.peppolgw.ap.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operators of the UI at {@code /ops} and the operator API ({@code gateway.operators}, {@code
 * gateway.operator.<name>.*}, {@code gateway.ops.*}), bound once from the configuration (README.md
 * lists every key and default). Roles and hashes are checked by the operator directory, which
 * {@link ConfigCheck} builds before anything starts.
 *
 * @param operators in the order of {@code gateway.operators}
 * @param sessionIdleTimeout an operator session ends after this long without a request
 */
public record OpsSettings(List<Operator> operators, Duration sessionIdleTimeout) {

  /**
   * @param role {@code viewer} (default), {@code operator} or {@code admin}
   * @param passwordHash bcrypt hash ($2a$/$2b$/$2y$) of the password; absent: no UI login
   * @param tokenHashes {@code sha256:<hex>} hashes of the operator's API bearer tokens (CLI, scripts)
   */
  public record Operator(String name, String role, Optional<String> passwordHash, List<String> tokenHashes) {}

  public OpsSettings {
    operators = List.copyOf(operators);
  }

  public List<String> operatorNames() {
    return operators.stream().map(Operator::name).toList();
  }

  /** The role of the named operator; {@code viewer} for a name that is not configured. */
  public String operatorRole(String name) {
    return operator(name).map(Operator::role).orElse("viewer");
  }

  public Optional<String> operatorPasswordHash(String name) {
    return operator(name).flatMap(Operator::passwordHash);
  }

  public List<String> operatorTokenHashes(String name) {
    return operator(name).map(Operator::tokenHashes).orElse(List.of());
  }

  private Optional<Operator> operator(String name) {
    return operators.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  static OpsSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    Duration idle =
        p.read(() -> Duration.ofMinutes(c.intValue("gateway.ops.session-idle-minutes", 60, 1, 10_080)), null);
    p.throwIfAny();
    return new OpsSettings(
        c.list("gateway.operators").stream()
            .map(n -> new Operator(
                n,
                src.get("gateway.operator." + n + ".role").orElse("viewer"),
                src.get("gateway.operator." + n + ".password-hash"),
                c.list("gateway.operator." + n + ".token-hashes")))
            .toList(),
        idle);
  }
}
