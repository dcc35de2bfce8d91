package se.peppolgw.punchout.security;

import java.io.Console;

/**
 * Prints the stored form of a buyer secret for {@code config/punchout/buyers/*.json}.
 * Usage: {@code java -cp punchout/target/classes se.peppolgw.punchout.security.HashSecret [secret]};
 * without an argument the secret is read from the console without echo (keeps it out of shell history).
 * {@code HashSecret --generate} makes a new random secret (256 bits, for an external shop's
 * {@code externalShop.apiSecretHash}) and prints the secret, then its hash.
 */
public final class HashSecret {
  private HashSecret() {
  }

  public static void main(String[] args) {
    String secret;
    if (args.length > 0 && args[0].equals("--generate")) {
      secret = Tokens.secret();
      System.out.println("secret: " + secret);
      System.out.println("hash:   " + SecretHasher.hash(secret, SecretHasher.DEFAULT_ITERATIONS));
      return;
    }
    if (args.length > 0) {
      secret = args[0];
    } else {
      Console console = System.console();
      if (console == null) {
        System.err.println("usage: HashSecret <secret>  (or run in a terminal to be prompted)");
        System.exit(2);
        return;
      }
      secret = new String(console.readPassword("Secret: "));
    }
    System.out.println(SecretHasher.hash(secret, SecretHasher.DEFAULT_ITERATIONS));
  }
}
