package se.peppolgw.ap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./gateway}: without a command it starts the gateway ({@code run}); the other commands
 * make tokens and hashes, or talk to a running gateway's operator API. {@code ./gateway --help}
 * lists them all, and every command has its own {@code --help}.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    versionProvider = GatewayCommand.Version.class,
    description = "Peppol access point and punch-out gateway. Without a command: start it (run).",
    subcommands = {
      RunCommand.class,
      SecretCommands.VersionCommand.class,
      SecretCommands.NewToken.class,
      SecretCommands.HashToken.class,
      SecretCommands.HashPassword.class,
      SecretCommands.HashSecret.class,
      LogCommand.class,
      TransmissionCommands.Resend.class,
      TransmissionCommands.Retry.class,
      TransmissionCommands.Cancel.class,
      TransmissionCommands.Redeliver.class,
      ReportingCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 not found / not possible, 2 usage or refused configuration,",
      "3 gateway unreachable, 4 not allowed."
    })
public final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "configuration file (GATEWAY_CONFIG, default config/gateway.properties)")
  Path config;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "print stack traces of start failures (GATEWAY_DEBUG=1)")
  boolean debug;

  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "the running gateway (GATEWAY_URL; default from the configuration's"
          + " gateway.http.bind and gateway.http.port)")
  String url;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "operator API token (GATEWAY_TOKEN; default: the local-mode token in the data folder)")
  String token;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the API's JSON answer")
  boolean json;

  /** Starts the gateway; returns only when it could not start. */
  interface Server {
    int run(Path configFile, boolean debug, PrintWriter err);
  }

  private final Server server;

  GatewayCommand(Server server) {
    this.server = server;
  }

  /** The command line with its exit code mapping; out and err are the commands' streams. */
  public static CommandLine commandLine(Server server, PrintWriter out, PrintWriter err) {
    GatewayCommand root = new GatewayCommand(server);
    root.streams(out, err);
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException c) {
            commandLine.getErr().println(c.getMessage());
            return c.exitCode;
          }
          if (e instanceof IOException) {
            commandLine.getErr().println(
                "Cannot reach the gateway at " + root.api().url() + ": " + unreachable((IOException) e));
            return ExitCodes.UNREACHABLE;
          }
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNREACHABLE;
          }
          throw e;
        });
    return cl;
  }

  @Override
  public Integer call() {
    return startServer();
  }

  int startServer() {
    Path file = configFile();
    // the default file may be absent (local mode); a file the operator named must be there
    if ((config != null || OperatorApi.env("GATEWAY_CONFIG") != null) && !java.nio.file.Files.isRegularFile(file)) {
      err().println("Cannot start the gateway: the configuration file " + file + " does not exist");
      return ExitCodes.USAGE;
    }
    return server.run(file, debug || "1".equals(System.getenv("GATEWAY_DEBUG")), err());
  }

  /** --config, else GATEWAY_CONFIG, else config/gateway.properties. */
  Path configFile() {
    if (config != null) {
      return config;
    }
    String env = OperatorApi.env("GATEWAY_CONFIG");
    return Path.of(env != null ? env : "config/gateway.properties");
  }

  private OperatorApi api;

  OperatorApi api() {
    if (api == null) {
      api = new OperatorApi(this);
    }
    return api;
  }

  private PrintWriter out;
  private PrintWriter err;

  void streams(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /** {@code --version}: the same text as {@code ./gateway version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {se.peppolgw.ap.Gateway.version()};
    }
  }

  /** Why the gateway could not be reached, in words (the JDK's ConnectException has no message). */
  static String unreachable(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused: is the gateway running, and on this address? (--url, GATEWAY_URL or"
          + " gateway.http.port / GATEWAY_HTTP_PORT)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time: " + e.getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
