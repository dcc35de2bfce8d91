package se.peppolgw.ap.cli;

import static se.peppolgw.ap.cli.OperatorApi.enc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import se.peppolgw.ap.api.Json;

/**
 * The actions on one transmission: resend, retry, cancel, redeliver (operator role or more). Each
 * is {@code POST /api/transmissions/{id}/{command name}} with the outcome printed, so a new action
 * is one annotated class here (and its route in the operator API).
 */
final class TransmissionCommands {
  private TransmissionCommands() {}

  /**
   * Posts the action named like the command and prints the outcome ({@code result: id}, or the
   * API's JSON with {@code --json}). Exit 0 when done; 1 when the transmission is unknown or its
   * state does not allow the action; 4 when the caller's role may not.
   */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand GatewayCommand root;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "transmission id") String id;

    /** The request body: none, but for resend's corrected document. */
    byte[] body() throws IOException {
      return new byte[0];
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
      HttpResponse<String> r = root.api().post("/api/transmissions/" + enc(id) + "/" + spec.name(), body());
      if (r.statusCode() >= 300) {
        return root.api().problem(r, root.err());
      }
      if (root.json) {
        root.out().println(r.body());
      } else {
        JsonNode n = Json.MAPPER.readTree(r.body());
        root.out().println(OperatorApi.text(n, "result") + ": " + OperatorApi.text(n, "id"));
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
  static final class Retry extends Action {}

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Stop sending an outbound transmission that is still being retried.")
  static final class Cancel extends Action {}

  @Command(name = "redeliver", mixinStandardHelpOptions = true,
      description = "Hand a received document over to the back office again.")
  static final class Redeliver extends Action {}
}
