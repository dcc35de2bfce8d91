package se.peppolgw.ap.cli;

import static se.peppolgw.ap.cli.OperatorApi.enc;
import static se.peppolgw.ap.cli.OperatorApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TransmissionQuery;

/** {@code ./gateway log search|show|chain}: the transmission log of a running gateway. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Search the transmission log, show one transmission, or an order's chain.",
    subcommands = {LogCommand.Search.class, LogCommand.Show.class, LogCommand.Chain.class})
final class LogCommand implements Callable<Integer> {
  @ParentCommand GatewayCommand root;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "log needs search, show or chain");
  }

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = {"List transmissions, newest first; exit code 1 when none matches."})
  static final class Search implements Callable<Integer> {
    @ParentCommand LogCommand log;

    @Option(names = "--direction", paramLabel = "in|out") String direction;
    @Option(names = "--state", paramLabel = "STATE") String state;
    @Option(names = "--type", paramLabel = "TYPE", description = "document type, e.g. invoice") String type;
    @Option(names = "--counterpart", paramLabel = "PARTICIPANT") String counterpart;
    @Option(names = "--from", paramLabel = "DATE") String from;
    @Option(names = "--to", paramLabel = "DATE") String to;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50") int limit;
    @Option(names = "--cursor", paramLabel = "C", description = "the next page (printed as 'more:')") String cursor;

    @Parameters(paramLabel = "IDENTIFIER", arity = "0..*",
        description = "order or invoice number, SBDH or AS4 id, participant …")
    List<String> identifier = List.of();

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = log.root;
      StringBuilder q = new StringBuilder("/api/transmissions?limit=" + limit);
      param(q, "direction", direction);
      param(q, "state", state);
      param(q, "documentType", type);
      param(q, "counterpart", counterpart);
      param(q, "from", from);
      param(q, "to", to);
      param(q, "cursor", cursor);
      if (!identifier.isEmpty()) {
        param(q, "q", String.join(" ", identifier));
      }
      HttpResponse<String> r = root.api().get(q.toString());
      if (r.statusCode() != 200) {
        return root.api().problem(r, root.err());
      }
      JsonNode body = Json.MAPPER.readTree(r.body());
      boolean none = body.get("items").isEmpty();
      if (root.json) {
        root.out().println(r.body());
      } else if (none) {
        root.err().println("No transmission matches.");
      } else {
        PrintWriter out = root.out();
        out.printf("%-20s %-3s %-12s %-16s %-18s %-22s %s%n", "CREATED", "DIR", "STATE", "TYPE", "NUMBER",
            "COUNTERPART", "ID");
        for (JsonNode t : body.get("items")) {
          boolean in = t.get("direction").asText().equals("IN");
          out.printf("%-20s %-3s %-12s %-16s %-18s %-22s %s%n",
              t.get("createdAt").asText().replace('T', ' ').replaceAll("\\..*|Z$", ""),
              in ? "in" : "out", t.get("state").asText(), t.get("documentType").asText(),
              text(t, "businessId"), text(t, in ? "senderId" : "receiverId"), t.get("id").asText());
        }
        if (!body.get("nextCursor").isNull()) {
          String next = body.get("nextCursor").asText();
          // after the exact matches of an identifier, the next page starts the partial ones (maybe none)
          boolean partial = startsPartialMatches(next);
          out.println((partial ? "partial matches, if any: --cursor " : "more: --cursor ") + next);
        }
      }
      return none ? ExitCodes.NOT_FOUND : ExitCodes.OK;
    }

    private static boolean startsPartialMatches(String cursor) {
      try {
        return TransmissionQuery.Cursor.decode(cursor).startsPartialMatches();
      } catch (IllegalArgumentException e) {
        return false; // a gateway of another version: print it as a plain next page
      }
    }

    private static void param(StringBuilder q, String name, String value) {
      if (value != null && !value.isBlank()) {
        q.append('&').append(name).append('=').append(enc(value));
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Verdict, identifiers, links, timeline and download URLs of one transmission.")
  static final class Show implements Callable<Integer> {
    @ParentCommand LogCommand log;

    @Parameters(paramLabel = "ID", description = "transmission id") String id;

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = log.root;
      HttpResponse<String> r = root.api().get("/api/transmissions/" + enc(id));
      if (r.statusCode() != 200) {
        return root.api().problem(r, root.err());
      }
      if (root.json) {
        root.out().println(r.body());
      } else {
        show(Json.MAPPER.readTree(r.body()), root.out(), root.api().url());
      }
      return ExitCodes.OK;
    }

    private static void show(JsonNode t, PrintWriter out, String url) {
      out.println(t.get("verdict").get("text").asText());
      out.println("  " + t.get("verdict").get("side").asText());
      out.println();
      for (String f : List.of("id", "direction", "state", "documentType", "businessId", "orderReference",
          "buyerReference", "senderId", "receiverId", "sbdhInstanceId", "as4MessageId", "as4ConversationId",
          "remoteAp", "errorCode", "errorDetail", "createdAt")) {
        if (t.hasNonNull(f)) {
          out.printf("  %-18s %s%n", f, t.get(f).asText());
        }
      }
      for (JsonNode l : t.get("links")) {
        out.printf("  %-18s %s -> %s by %s%n", "link " + l.get("kind").asText(), l.get("from").asText(),
            l.get("to").asText(), l.get("by").asText());
      }
      out.println();
      for (JsonNode e : t.get("timeline")) {
        out.printf("  %s  %-22s %-24s %6s  %s%n", e.get("at").asText(), e.get("type").asText(), text(e, "code"),
            e.hasNonNull("durationMs") ? e.get("durationMs").asText() + "ms" : "", text(e, "message"));
      }
      for (var d : t.get("downloads").properties()) {
        out.println("  download " + d.getKey() + ": " + url + d.getValue().asText());
      }
    }
  }

  @Command(name = "chain", mixinStandardHelpOptions = true,
      description = {"The documents of an order and what is missing; exit code 1 when none is known."})
  static final class Chain implements Callable<Integer> {
    @ParentCommand LogCommand log;

    @Parameters(paramLabel = "ORDER-NUMBER") String orderNumber;

    @Override
    public Integer call() throws IOException, InterruptedException {
      GatewayCommand root = log.root;
      HttpResponse<String> r = root.api().get("/api/ops/chains/" + enc(orderNumber));
      if (r.statusCode() != 200) {
        return root.api().problem(r, root.err());
      }
      JsonNode c = Json.MAPPER.readTree(r.body());
      boolean none = c.get("documents").isEmpty();
      if (root.json) {
        root.out().println(r.body());
        return none ? ExitCodes.NOT_FOUND : ExitCodes.OK;
      }
      if (none) {
        root.err().println("No document of order " + orderNumber + " is known.");
        return ExitCodes.NOT_FOUND;
      }
      for (JsonNode t : c.get("documents")) {
        root.out().printf("%-24s %-3s %-16s %-18s %-12s %s%n", t.get("createdAt").asText(),
            t.get("direction").asText().equals("IN") ? "in" : "out", t.get("documentType").asText(),
            text(t, "businessId"), t.get("state").asText(), t.get("id").asText());
      }
      for (JsonNode m : c.get("missing")) {
        root.out().println("missing: " + m.asText());
      }
      return ExitCodes.OK;
    }
  }
}
