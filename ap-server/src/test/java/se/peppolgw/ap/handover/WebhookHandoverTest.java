package se.peppolgw.ap.handover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/** The webhook gets the document with a verifiable signature, and an outage is retried. */
class WebhookHandoverTest {
  @TempDir Path dir;

  record Call(String id, String ts, String signature, byte[] body) {}

  @Test
  void webhookIsRetriedUntilItAcceptsAndSignatureVerifies() throws Exception {
    List<Call> calls = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      calls.add(new Call(
          ex.getRequestHeaders().getFirst(WebhookDelivery.ID_HEADER),
          ex.getRequestHeaders().getFirst(WebhookDelivery.TIMESTAMP_HEADER),
          ex.getRequestHeaders().getFirst(WebhookDelivery.SIGNATURE_HEADER),
          body));
      int status = failuresLeft.getAndDecrement() > 0 ? 502 : 204;
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    hook.start();
    try (GatewayFixture fx = new GatewayFixture(dir)
        .with("gateway.inbox.dir", "none")
        .with("gateway.webhook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")
        .with("gateway.webhook.secret", "s3cret")
        .start()) {
      TestSender.Routing r = GatewayFixture.invoiceRouting();
      byte[] invoice = SharedTestData.read(SharedTestData.INVOICE);
      TestSender.Sent sent = fx.trustedSender().send(r, TestSender.sbd(r, UUID.randomUUID().toString(), invoice,
          "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"));
      assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
      String id = fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0).id();

      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      // the webhook mode's acknowledgement is its 2xx: handed over, then acknowledged
      while (fx.gateway().store().find(id).orElseThrow().state() != TransmissionState.ACKNOWLEDGED) {
        assertTrue(System.nanoTime() < end, "not acknowledged in time; calls: " + calls.size());
        Thread.sleep(50);
      }
      assertEquals(3, calls.size(), "two failures, then success");
      Call ok = calls.get(2);
      assertEquals(id, ok.id());
      assertArrayEquals(SbdWriter.bodyOf(invoice), ok.body());
      String expected = "sha256=" + WebhookDelivery.sign("s3cret".getBytes(StandardCharsets.UTF_8), ok.ts(), ok.body());
      assertEquals(expected, ok.signature());
      List<EventType> types = fx.gateway().store().timeline(id).stream().map(TimelineEvent::type).toList();
      assertEquals(1, types.stream().filter(t -> t == EventType.HANDOVER_FAILED).count(), types.toString());
      assertTrue(types.contains(EventType.HANDED_OVER));
      assertTrue(types.indexOf(EventType.HANDED_OVER) < types.indexOf(EventType.ACKNOWLEDGED), types.toString());
      Transmission t = fx.gateway().store().find(id).orElseThrow();
      assertTrue(t.handedOverAt() != null);
    } finally {
      hook.stop(0);
    }
  }
}
