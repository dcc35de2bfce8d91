package se.peppolgw.ap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.punchout.security.SecretHasher;

class GatewayCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new GatewayCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Today log, resend, retry, cancel and redeliver are missing from the help. */
  @Test
  void helpListsEveryCommandAndEveryCommandHasHelp() {
    Run help = cli("--help");
    assertEquals(0, help.code(), help.err());
    List<String> names =
        List.of("run", "version", "new-token", "hash-token", "hash-password", "hash-secret", "log", "resend",
            "retry", "cancel", "redeliver", "reporting");
    for (String n : names) {
      assertTrue(help.out().matches("(?s).*\n  " + n + "[ ,].*"), n + " missing from:\n" + help.out());
    }
    assertTrue(help.out().contains("3 gateway unreachable"), help.out());
    List<String[]> all = new ArrayList<>();
    CommandLine root = GatewayCommand.commandLine(GatewayCommandTest::noServer, new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()));
    collect(root, new ArrayList<>(), all);
    assertTrue(all.size() >= 18, "commands found: " + all.size());
    for (String[] path : all) {
      String[] args = java.util.Arrays.copyOf(path, path.length + 1);
      args[path.length] = "--help";
      Run r = cli(args);
      assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: gateway " + String.join(" ", path)), r.out());
    }
  }

  private static void collect(CommandLine c, List<String> path, List<String[]> all) {
    for (var e : c.getSubcommands().entrySet()) {
      if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
        continue; // the help command, and aliases
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      all.add(p.toArray(String[]::new));
      collect(e.getValue(), p, all);
    }
  }

  private static int noServer(Path config, boolean debug, java.io.PrintWriter err) {
    throw new AssertionError("no server in this test");
  }

  @Test
  void usageErrorsExitWith2() {
    Run unknown = cli("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("Unmatched argument at index 0: 'frobnicate'"), unknown.err());
    assertEquals(2, cli("log").code());
    assertEquals(2, cli("reporting").code());
    assertEquals(2, cli("log", "show").code());
    assertEquals(2, cli("log", "search", "--limit", "many").code());
    assertEquals(2, cli("retry", "a", "b").code());
  }

  @Test
  void aNamedConfigurationFileThatDoesNotExistRefusesTheStart() {
    Path missing = dir.resolve("no-such.properties");
    for (String[] args : List.of(new String[] {"--config", missing.toString()},
        new String[] {"run", "--config", missing.toString()})) {
      Run r = cli(args);
      assertEquals(2, r.code(), r.err());
      assertEquals("Cannot start the gateway: the configuration file " + missing + " does not exist", r.err().strip());
    }
  }

  @Test
  void anUnreachableGatewayExitsWith3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = cli("--url", "http://127.0.0.1:" + port, "--token", "t", "log", "show", "x");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().startsWith("Cannot reach the gateway at http://127.0.0.1:" + port + ": connection refused"),
        r.err());
    assertTrue(!r.err().contains("null"), r.err());
  }

  @Test
  void tokensAndSecretsAreHashedAsTheConfigurationExpects() {
    Run t = cli("hash-token", "abc");
    assertEquals(0, t.code());
    assertEquals(ApiTokens.hash("abc"), t.out().strip());
    Run n = cli("new-token");
    assertEquals(0, n.code());
    String token = n.out().lines().findFirst().orElseThrow().substring("token:".length()).strip();
    assertTrue(n.out().contains("gateway.api.token-hashes=" + ApiTokens.hash(token)), n.out());
    Run g = cli("hash-secret", "--generate");
    assertEquals(0, g.code(), g.err());
    List<String> lines = g.out().lines().toList();
    String secret = lines.get(0).substring("secret:".length()).strip();
    String hash = lines.get(1).substring("hash:".length()).strip();
    assertTrue(hash.startsWith(SecretHasher.PREFIX + "$"), hash);
    assertTrue(SecretHasher.verify(secret, hash));
    assertTrue(!SecretHasher.verify(secret + "x", hash));
  }

  @Test
  void hashSecretReadsTheSecretFromStandardInput() {
    var in = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("buyer-secret-1\n".getBytes(StandardCharsets.UTF_8)));
      Run r = cli("hash-secret");
      assertEquals(0, r.code(), r.err());
      assertTrue(SecretHasher.verify("buyer-secret-1", r.out().strip()), r.out());
      System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
      assertEquals(2, cli("hash-secret").code());
    } finally {
      System.setIn(in);
    }
  }

  /**
   * The CLI finds the gateway from the configuration the server reads (its port and, in local
   * mode, the operator token in its data folder); a search that finds nothing exits with 1.
   */
  @Test
  void theCliFindsTheGatewayFromItsConfigurationAndNotFoundIs1() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      StringBuilder cfg = new StringBuilder();
      fx.settings.forEach((k, v) -> cfg.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
      cfg.append("gateway.http.port=").append(fx.gateway().port()).append('\n');
      Path config = Files.writeString(dir.resolve("gateway.properties"), cfg.toString());
      Run none = cli("--config", config.toString(), "log", "search", "NO-SUCH-ORDER-4711");
      assertEquals(1, none.code(), none.err());
      assertEquals("No transmission matches.", none.err().strip());
      Run chain = cli("log", "chain", "NO-SUCH-ORDER-4711", "--config", config.toString());
      assertEquals(1, chain.code(), chain.err());
      Run show = cli("--config", config.toString(), "log", "show", "no-such-id");
      assertEquals(1, show.code(), show.err());
      assertTrue(show.err().startsWith("HTTP 404 "), show.err());
      Run wrongToken = cli("--config", config.toString(), "--token", "wrong", "log", "search");
      assertEquals(4, wrongToken.code(), wrongToken.err());
    }
  }
}
