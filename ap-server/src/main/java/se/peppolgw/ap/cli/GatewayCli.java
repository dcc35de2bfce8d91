package se.peppolgw.ap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.Ops;
import se.peppolgw.ap.ops.security.PasswordHashes;

/**
 * The operator's command line; talks to a running gateway's operator API.
 *
 * <pre>
 * gateway log search [--direction in|out] [--state S] [--type T] [--counterpart P]
 *                    [--from DATE] [--to DATE] [--limit N] [--json] [IDENTIFIER]
 * gateway log show ID [--json]
 * gateway log chain ORDER-NUMBER
 * gateway resend ID [--file corrected.xml]
 * gateway retry ID | gateway cancel ID | gateway redeliver ID
 * gateway hash-password            (reads the password from standard input)
 * gateway reporting list | show MONTH [tsr|eusr] | send MONTH     (Peppol Reporting)
 * </pre>
 *
 * Gateway URL: {@code --url} or GATEWAY_URL (default http://localhost:8080). Token: {@code
 * --token} or GATEWAY_TOKEN, else the local-mode token in {@code data/local-operator-token.txt}.
 */
public final class GatewayCli {
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String url = env("GATEWAY_URL", "http://localhost:8080");
  private String token = System.getenv("GATEWAY_TOKEN");
  private boolean json;

  public GatewayCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new GatewayCli(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit code (0 ok, 1 refused or not found, 2 usage, 3 unreachable). */
  public int run(String[] argv) {
    List<String> args = new ArrayList<>();
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--json")) {
        json = true;
      } else if (a.startsWith("--")) {
        if (i + 1 >= argv.length) {
          return usage(a + " needs a value");
        }
        opts.put(a.substring(2), argv[++i]);
      } else {
        args.add(a);
      }
    }
    url = opts.getOrDefault("url", url).replaceAll("/+$", "");
    token = opts.getOrDefault("token", token);
    if (args.isEmpty()) {
      return usage(null);
    }
    try {
      return switch (args.get(0)) {
        case "log" -> log(args, opts);
        case "resend" -> action(args, "resend", opts.get("file"));
        case "retry", "cancel", "redeliver" -> action(args, args.get(0), null);
        case "hash-password" -> hashPassword();
        case "reporting" -> reporting(args);
        default -> usage("unknown command: " + args.get(0));
      };
    } catch (IOException e) {
      err.println("Cannot reach the gateway at " + url + ": " + e.getMessage());
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
  }

  private int log(List<String> args, Map<String, String> opts) throws IOException, InterruptedException {
    if (args.size() < 2) {
      return usage("log needs search, show or chain");
    }
    switch (args.get(1)) {
      case "search" -> {
        StringBuilder q = new StringBuilder("/api/transmissions?limit=" + opts.getOrDefault("limit", "50"));
        param(q, "direction", opts.get("direction"));
        param(q, "state", opts.get("state"));
        param(q, "documentType", opts.get("type"));
        param(q, "counterpart", opts.get("counterpart"));
        param(q, "from", opts.get("from"));
        param(q, "to", opts.get("to"));
        param(q, "cursor", opts.get("cursor"));
        if (args.size() > 2) {
          param(q, "q", String.join(" ", args.subList(2, args.size())));
        }
        HttpResponse<String> r = get(q.toString());
        if (r.statusCode() != 200) {
          return problem(r);
        }
        if (json) {
          out.println(r.body());
          return 0;
        }
        JsonNode body = Json.MAPPER.readTree(r.body());
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
          out.println("more: --cursor " + body.get("nextCursor").asText());
        }
        return 0;
      }
      case "show" -> {
        if (args.size() != 3) {
          return usage("log show needs one transmission id");
        }
        HttpResponse<String> r = get("/api/transmissions/" + enc(args.get(2)));
        if (r.statusCode() != 200) {
          return problem(r);
        }
        if (json) {
          out.println(r.body());
          return 0;
        }
        show(Json.MAPPER.readTree(r.body()));
        return 0;
      }
      case "chain" -> {
        if (args.size() != 3) {
          return usage("log chain needs one order number");
        }
        HttpResponse<String> r = get("/api/ops/chains/" + enc(args.get(2)));
        if (r.statusCode() != 200) {
          return problem(r);
        }
        if (json) {
          out.println(r.body());
          return 0;
        }
        JsonNode c = Json.MAPPER.readTree(r.body());
        for (JsonNode t : c.get("documents")) {
          out.printf("%-24s %-3s %-16s %-18s %-12s %s%n", t.get("createdAt").asText(),
              t.get("direction").asText().equals("IN") ? "in" : "out", t.get("documentType").asText(),
              text(t, "businessId"), t.get("state").asText(), t.get("id").asText());
        }
        for (JsonNode m : c.get("missing")) {
          out.println("missing: " + m.asText());
        }
        return 0;
      }
      default -> {
        return usage("unknown log command: " + args.get(1));
      }
    }
  }

  private void show(JsonNode t) {
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

  private int action(List<String> args, String action, String file) throws IOException, InterruptedException {
    if (args.size() != 2) {
      return usage(action + " needs one transmission id");
    }
    // ./gateway changes into the installation folder; a relative --file is the caller's
    byte[] body = file == null ? new byte[0] : Files.readAllBytes(Path.of(env("GATEWAY_CWD", ".")).resolve(file));
    HttpRequest.Builder b =
        request("/api/transmissions/" + enc(args.get(1)) + "/" + action)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      return problem(r);
    }
    if (json) {
      out.println(r.body());
    } else {
      JsonNode n = Json.MAPPER.readTree(r.body());
      out.println(n.get("result").asText() + ": " + n.get("id").asText());
    }
    return 0;
  }

  /** Peppol Reporting: the months and their reports, one report's XML, or build-and-send a month. */
  private int reporting(List<String> args) throws IOException, InterruptedException {
    String sub = args.size() > 1 ? args.get(1) : "";
    switch (sub) {
      case "list" -> {
        if (args.size() != 2) {
          return usage("reporting list takes no arguments");
        }
        HttpResponse<String> r = get("/api/reporting/reports");
        if (r.statusCode() != 200) {
          return problem(r);
        }
        if (json) {
          out.println(r.body());
          return 0;
        }
        JsonNode b = Json.MAPPER.readTree(r.body());
        if (b.hasNonNull("note")) {
          out.println(b.get("note").asText());
        }
        if (b.hasNonNull("attention")) {
          out.println("ATTENTION: " + b.get("attention").asText());
        }
        out.printf("%-8s %-5s %-10s %12s  %s%n", "MONTH", "KIND", "STATE", "TRANSACTIONS", "PROBLEMS");
        for (JsonNode m : b.get("months")) {
          for (JsonNode rep : m.get("reports")) {
            out.printf("%-8s %-5s %-10s %12d  %s%n", m.get("month").asText(), rep.get("kind").asText(),
                rep.get("state").asText(), rep.get("transactions").asInt(), text(rep, "problems"));
          }
        }
        return 0;
      }
      case "show" -> {
        if (args.size() < 3 || args.size() > 4) {
          return usage("reporting show needs a month (yyyy-MM) and optionally tsr or eusr");
        }
        String kind = args.size() == 4 ? args.get(3) : "tsr";
        HttpResponse<String> r = get("/api/reporting/" + enc(args.get(2)) + "/" + enc(kind));
        if (r.statusCode() != 200) {
          return problem(r);
        }
        r.headers().firstValue("X-Report-Problems").ifPresent(p -> err.println("problems: " + p));
        out.print(r.body());
        return 0;
      }
      case "send" -> {
        if (args.size() != 3) {
          return usage("reporting send needs one month (yyyy-MM)");
        }
        HttpRequest.Builder b =
            request("/api/reporting/" + enc(args.get(2)) + "/send").POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 422) {
          return problem(r);
        }
        if (json) {
          out.println(r.body());
        } else {
          JsonNode n = Json.MAPPER.readTree(r.body());
          out.println(n.get("result").asText());
          for (JsonNode rep : n.get("reports")) {
            out.printf("  %-5s %-10s %d transactions %s%n", rep.get("kind").asText(), rep.get("state").asText(),
                rep.get("transactions").asInt(), text(rep, "problems"));
          }
        }
        return r.statusCode() == 200 ? 0 : 1;
      }
      default -> {
        return usage("reporting needs list, show or send");
      }
    }
  }

  private int hashPassword() throws IOException {
    var console = System.console();
    String pw;
    if (console != null) {
      char[] c = console.readPassword("Password: ");
      pw = c == null ? "" : new String(c);
    } else {
      pw = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    if (pw.length() < 10) {
      err.println("Use at least 10 characters.");
      return 2;
    }
    out.println(PasswordHashes.hash(pw, PasswordHashes.DEFAULT_COST));
    return 0;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
    String t = token != null ? token : localToken();
    if (t != null) {
      b.header("Authorization", "Bearer " + t);
    }
    return b;
  }

  private static String localToken() throws IOException {
    Path f = Path.of(env("GATEWAY_DATA_DIR", "data")).resolve(Ops.LOCAL_TOKEN_FILE);
    return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).trim() : null;
  }

  private int problem(HttpResponse<String> r) {
    String detail = r.body();
    try {
      JsonNode n = Json.MAPPER.readTree(r.body());
      detail = n.path("title").asText() + ": " + n.path("detail").asText();
    } catch (IOException e) {
      // not JSON: print as is
    }
    err.println("HTTP " + r.statusCode() + " " + detail);
    return r.statusCode() == 401 || r.statusCode() == 403 ? 4 : 1;
  }

  private int usage(String error) {
    if (error != null) {
      err.println(error);
    }
    err.println(
        """
        usage: gateway log search [--direction in|out] [--state S] [--type T] [--counterpart P]
                                  [--from DATE] [--to DATE] [--limit N] [--cursor C] [--json] [IDENTIFIER]
               gateway log show ID [--json]
               gateway log chain ORDER-NUMBER
               gateway resend ID [--file corrected.xml]
               gateway retry ID | gateway cancel ID | gateway redeliver ID
               gateway hash-password
               gateway reporting list | show MONTH [tsr|eusr] | send MONTH
        options: --url URL (GATEWAY_URL, default http://localhost:8080), --token T (GATEWAY_TOKEN,
                 default: the local-mode token in data/local-operator-token.txt)""");
    return 2;
  }

  private static void param(StringBuilder q, String name, String value) {
    if (value != null && !value.isBlank()) {
      q.append('&').append(name).append('=').append(enc(value));
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : "";
  }

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v;
  }
}
