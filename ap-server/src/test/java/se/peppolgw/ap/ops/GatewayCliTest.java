package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.cli.GatewayCli;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The CLI against a running gateway: search, show, chain, an action, and a refused token. */
class GatewayCliTest {
  @TempDir static Path dir;
  static GatewayFixture gw;
  static Row order;
  static Row waiting;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    order = new Row();
    order.businessId = "PO-CLI-1";
    order.insert(gw.gateway().store().database());
    waiting = new Row().out("RETRY_WAIT").type("invoice");
    waiting.orderRef = "PO-CLI-1";
    waiting.businessId = "INV-CLI-1";
    waiting.outbox = true;
    waiting.insert(gw.gateway().store().database());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  record Run(int code, String out, String err) {}

  static Run cli(String token, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 4];
    all[0] = "--url";
    all[1] = gw.url("/").toString();
    all[2] = "--token";
    all[3] = token;
    System.arraycopy(args, 0, all, 4, args.length);
    int code =
        new GatewayCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(all);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void searchShowChain() {
    Run s = cli(OpsTestSupport.VIEWER_TOKEN, "log", "search", "--direction", "in", order.sbdhId);
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains(order.id) && s.out().contains("PO-CLI-1"), s.out());
    // a whole identifier: its exact matches, then a cursor to the partial ones, named as such
    assertTrue(s.out().contains("partial matches, if any: --cursor "), s.out());
    Run page = cli(OpsTestSupport.VIEWER_TOKEN, "log", "search", "--limit", "1");
    assertEquals(0, page.code(), page.err());
    assertTrue(page.out().contains("more: --cursor ") && !page.out().contains("partial matches"), page.out());
    Run show = cli(OpsTestSupport.VIEWER_TOKEN, "log", "show", order.id);
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().startsWith("Received at "), show.out());
    assertTrue(show.out().contains("RECEIVED"), show.out());
    Run chain = cli(OpsTestSupport.VIEWER_TOKEN, "log", "chain", "PO-CLI-1");
    assertEquals(0, chain.code(), chain.err());
    assertTrue(chain.out().contains("INV-CLI-1") && chain.out().contains("missing: No order response yet"), chain.out());
    assertEquals(1, cli(OpsTestSupport.VIEWER_TOKEN, "log", "show", "no-such-id").code());
  }

  @Test
  void actionsNeedTheOperatorRole() {
    Run refused = cli(OpsTestSupport.VIEWER_TOKEN, "cancel", waiting.id);
    assertEquals(4, refused.code());
    assertTrue(refused.err().contains("403"), refused.err());
    Run ok = cli(OpsTestSupport.OPERATOR_TOKEN, "cancel", waiting.id);
    assertEquals(0, ok.code(), ok.err());
    assertEquals(TransmissionState.CANCELLED, gw.gateway().store().find(waiting.id).orElseThrow().state());
    assertEquals(4, cli("wrong", "log", "search").code());
    assertEquals(2, cli(OpsTestSupport.VIEWER_TOKEN, "log").code());
  }

  /** retry, redeliver, resend: each posts its own name; the outcome printed, refusals exit 1, usage 2. */
  @Test
  void eachActionPostsItsNameAndExitsAsDocumented() throws Exception {
    Row due = new Row().out("RETRY_WAIT").type("invoice");
    due.outbox = true;
    due.insert(gw.gateway().store().database());
    Run retried = cli(OpsTestSupport.OPERATOR_TOKEN, "retry", due.id);
    assertEquals(0, retried.code(), retried.err());
    assertTrue(retried.out().strip().endsWith(": " + due.id), retried.out());

    Row received = new Row();
    received.insert(gw.gateway().store().database());
    Run json = cli(OpsTestSupport.OPERATOR_TOKEN, "redeliver", "--json", received.id);
    assertEquals(0, json.code(), json.err());
    assertEquals(received.id, se.peppolgw.ap.api.Json.MAPPER.readTree(json.out()).get("id").asText(), json.out());

    // an outbound transmission has nothing to hand over: refused as unknown
    Run wrongDirection = cli(OpsTestSupport.OPERATOR_TOKEN, "redeliver", due.id);
    assertEquals(1, wrongDirection.code(), wrongDirection.out());
    assertTrue(wrongDirection.err().startsWith("HTTP 404 Not found: No inbound transmission"), wrongDirection.err());
    Run unknown = cli(OpsTestSupport.OPERATOR_TOKEN, "retry", "no-such-id");
    assertEquals(1, unknown.code(), unknown.out());
    assertTrue(unknown.err().startsWith("HTTP 404"), unknown.err());
    Run noFile = cli(OpsTestSupport.OPERATOR_TOKEN, "resend", "--file", dir.resolve("missing.xml").toString(), due.id);
    assertEquals(2, noFile.code(), noFile.err());
    assertTrue(noFile.err().contains("no such file"), noFile.err());
  }
}
