package se.peppolgw.ap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.ops.security.PasswordHashes;
import se.peppolgw.punchout.security.SecretHasher;
import se.peppolgw.punchout.security.Tokens;

/** The commands that print a version, a new token or a hash; none of them needs a gateway. */
final class SecretCommands {
  private SecretCommands() {}

  @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the gateway's version.")
  static final class VersionCommand implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Override
    public Integer call() {
      root.out().println(se.peppolgw.ap.Gateway.version());
      return ExitCodes.OK;
    }
  }

  @Command(name = "new-token", mixinStandardHelpOptions = true,
      description = "Make a new API token and print it with its configuration value (sha256 hash).")
  static final class NewToken implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Override
    public Integer call() {
      String t = ApiTokens.newToken();
      root.out().println("token:      " + t);
      root.out().println("config:     gateway.api.token-hashes=" + ApiTokens.hash(t));
      return ExitCodes.OK;
    }
  }

  @Command(name = "hash-token", mixinStandardHelpOptions = true,
      description = "Print the configuration value (sha256:<hex>) of an API or operator token.")
  static final class HashToken implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Parameters(paramLabel = "TOKEN", description = "the token")
    String token;

    @Override
    public Integer call() {
      root.out().println(ApiTokens.hash(token));
      return ExitCodes.OK;
    }
  }

  @Command(name = "hash-password", mixinStandardHelpOptions = true,
      description = {"Print the bcrypt hash for gateway.operator.<name>.password-hash.",
          "Reads the password from the terminal (no echo) or standard input."})
  static final class HashPassword implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Override
    public Integer call() throws IOException {
      String pw = readSecret("Password: ");
      if (pw.length() < 10) {
        root.err().println("Use at least 10 characters.");
        return ExitCodes.USAGE;
      }
      root.out().println(PasswordHashes.hash(pw, PasswordHashes.DEFAULT_COST));
      return ExitCodes.OK;
    }
  }

  @Command(name = "hash-secret", mixinStandardHelpOptions = true,
      description = {"Print the stored form (pbkdf2-sha256$…) of a punch-out secret: a buyer's",
          "secretHash or an external shop's apiSecretHash in config/punchout/buyers/*.json.",
          "Reads the secret from the terminal (no echo) or standard input."})
  static final class HashSecret implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @picocli.CommandLine.Option(names = "--generate",
        description = "make a new random secret (256 bits) and print it, then its hash")
    boolean generate;

    @Override
    public Integer call() throws IOException {
      if (generate) {
        String secret = Tokens.secret();
        root.out().println("secret: " + secret);
        root.out().println("hash:   " + SecretHasher.hash(secret, SecretHasher.DEFAULT_ITERATIONS));
        return ExitCodes.OK;
      }
      String secret = readSecret("Secret: ");
      if (secret.isEmpty()) {
        root.err().println("No secret given (type it, or pipe it to standard input).");
        return ExitCodes.USAGE;
      }
      root.out().println(SecretHasher.hash(secret, SecretHasher.DEFAULT_ITERATIONS));
      return ExitCodes.OK;
    }
  }

  /** From the terminal without echo (keeps it out of shell history), else standard input. */
  static String readSecret(String prompt) throws IOException {
    var console = System.console();
    if (console != null) {
      char[] c = console.readPassword(prompt);
      return c == null ? "" : new String(c);
    }
    return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
  }
}
