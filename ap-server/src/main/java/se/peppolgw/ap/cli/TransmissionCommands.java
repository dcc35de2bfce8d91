package se.peppolgw.ap.cli;

import static se.peppolgw.ap.cli.OperatorApi.enc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import se.peppolgw.ap.api.Json;

/** The actions on one transmission: resend, retry, cancel, redeliver (operator role or more). */
final class TransmissionCommands {
  private TransmissionCommands() {}

  /** Posts the action; exit 1 when the transmission is unknown or its state does not allow it. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Parameters(paramLabel = "ID", description = "transmission id") String id;

    abstract String action();

    byte[] body() throws IOException {
      return new byte[0];
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
      byte[] body = body();
      HttpResponse<String> r = root.api().post("/api/transmissions/" + enc(id) + "/" + action(), body);
      if (r.statusCode() >= 300) {
        return root.api().problem(r, root.err());
      }
      if (root.json) {
        root.out().println(r.body());
      } else {
        JsonNode n = Json.MAPPER.readTree(r.body());
        root.out().println(n.get("result").asText() + ": " + n.get("id").asText());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "resend", mixinStandardHelpOptions = true,
      description = "Send an outbound document again as a new transmission (optionally corrected).")
  static final class Resend extends Action {
    @Option(names = "--file", paramLabel = "FILE", description = "the corrected document to send instead")
    Path file;

    @Override
    String action() {
      return "resend";
    }

    @Override
    byte[] body() throws IOException {
      if (file == null) {
        return new byte[0];
      }
      // ./gateway changes into the installation folder; a relative --file is the caller's
      String cwd = OperatorApi.env("GATEWAY_CWD");
      Path f = Path.of(cwd != null ? cwd : ".").resolve(file);
      if (!Files.isRegularFile(f)) {
        throw new CliException(ExitCodes.USAGE, "--file " + file + ": no such file");
      }
      return Files.readAllBytes(f);
    }
  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Try a waiting or failed outbound transmission again now.")
  static final class Retry extends Action {
    @Override
    String action() {
      return "retry";
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Stop sending an outbound transmission that is still being retried.")
  static final class Cancel extends Action {
    @Override
    String action() {
      return "cancel";
    }
  }

  @Command(name = "redeliver", mixinStandardHelpOptions = true,
      description = "Hand a received document over to the back office again.")
  static final class Redeliver extends Action {
    @Override
    String action() {
      return "redeliver";
    }
  }
}
