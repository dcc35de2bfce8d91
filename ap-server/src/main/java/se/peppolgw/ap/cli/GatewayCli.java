package se.peppolgw.ap.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command line of {@code ./gateway} for embedding and tests: runs one command with the given
 * streams and returns its exit code ({@link ExitCodes}). {@code run} starts the gateway through
 * {@link se.peppolgw.ap.GatewayMain}; the real entry point is {@code GatewayMain.main}.
 */
public final class GatewayCli {
  private final PrintStream out;
  private final PrintStream err;

  public GatewayCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Kept for scripts that start this class directly; {@code GatewayMain} is the same command line. */
  public static void main(String[] args) throws Exception {
    se.peppolgw.ap.GatewayMain.main(args);
  }

  /** Runs one command; returns the exit code (0 ok, 1 not found, 2 usage, 3 unreachable, 4 not allowed). */
  public int run(String[] argv) {
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    try {
      return GatewayCommand.commandLine(se.peppolgw.ap.GatewayMain::serve, o, e).execute(argv);
    } finally {
      o.flush();
      e.flush();
    }
  }
}
