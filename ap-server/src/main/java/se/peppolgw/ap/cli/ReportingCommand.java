package se.peppolgw.ap.cli;

import static se.peppolgw.ap.cli.OperatorApi.enc;
import static se.peppolgw.ap.cli.OperatorApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import se.peppolgw.ap.api.Json;

/** {@code ./gateway reporting list|show|send}: Peppol Reporting (TSR and EUSR) of a running gateway. */
@Command(
    name = "reporting",
    mixinStandardHelpOptions = true,
    description = "Peppol Reporting: the months and their reports, one report's XML, or send a month.",
    subcommands = {ReportingCommand.ListMonths.class, ReportingCommand.Show.class, ReportingCommand.Send.class})
final class ReportingCommand implements Callable<Integer> {
  @ParentCommand GatewayCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "reporting needs list, show or send");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The months and their reports.")
  static final class ListMonths implements Callable<Integer> {
    @ParentCommand ReportingCommand reporting;

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = reporting.root;
      HttpResponse<String> r = root.api().get("/api/reporting/reports");
      if (r.statusCode() != 200) {
        return root.api().problem(r, root.err());
      }
      if (root.json) {
        root.out().println(r.body());
        return ExitCodes.OK;
      }
      JsonNode b = Json.MAPPER.readTree(r.body());
      if (b.hasNonNull("note")) {
        root.out().println(b.get("note").asText());
      }
      if (b.hasNonNull("attention")) {
        root.out().println("ATTENTION: " + b.get("attention").asText());
      }
      root.out().printf("%-8s %-5s %-10s %12s  %s%n", "MONTH", "KIND", "STATE", "TRANSACTIONS", "PROBLEMS");
      for (JsonNode m : b.get("months")) {
        for (JsonNode rep : m.get("reports")) {
          root.out().printf("%-8s %-5s %-10s %12d  %s%n", m.get("month").asText(), rep.get("kind").asText(),
              rep.get("state").asText(), rep.get("transactions").asInt(), text(rep, "problems"));
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one report's XML.")
  static final class Show implements Callable<Integer> {
    @ParentCommand ReportingCommand reporting;

    @Parameters(index = "0", paramLabel = "MONTH", description = "yyyy-MM") String month;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KIND", defaultValue = "tsr",
        description = "tsr (default) or eusr")
    String kind;

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = reporting.root;
      HttpResponse<String> r = root.api().get("/api/reporting/" + enc(month) + "/" + enc(kind));
      if (r.statusCode() != 200) {
        return root.api().problem(r, root.err());
      }
      r.headers().firstValue("X-Report-Problems").ifPresent(p -> root.err().println("problems: " + p));
      root.out().print(r.body());
      root.out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = "Build and send a month's reports; exit code 1 when they cannot be sent.")
  static final class Send implements Callable<Integer> {
    @ParentCommand ReportingCommand reporting;

    @Parameters(paramLabel = "MONTH", description = "yyyy-MM") String month;

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = reporting.root;
      HttpResponse<String> r = root.api().post("/api/reporting/" + enc(month) + "/send", new byte[0]);
      if (r.statusCode() != 200 && r.statusCode() != 422) {
        return root.api().problem(r, root.err());
      }
      if (root.json) {
        root.out().println(r.body());
      } else {
        JsonNode n = Json.MAPPER.readTree(r.body());
        root.out().println(n.get("result").asText());
        for (JsonNode rep : n.get("reports")) {
          root.out().printf("  %-5s %-10s %d transactions %s%n", rep.get("kind").asText(), rep.get("state").asText(),
              rep.get("transactions").asInt(), text(rep, "problems"));
        }
      }
      return r.statusCode() == 200 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }
  }
}
