package se.peppolgw.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.As4Answer;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/** What survives a restart, what a failing store answers, and the alternative duplicate policy. */
class InboundDurabilityTest {
  @TempDir Path dir;

  static byte[] invoiceSbd(Routing r, String instance) {
    return TestSender.sbd(r, instance, SharedTestData.read(SharedTestData.INVOICE),
        InboundRejectionTest.INVOICE_NS, "Invoice");
  }

  @Test
  void pendingMessagesAndDuplicateDetectionSurviveARestart() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    byte[] sbd = invoiceSbd(r, UUID.randomUUID().toString());
    TestSender.Sent first;
    String id;
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.inbox.dir", "none").start()) {
      first = fx.trustedSender().send(r, sbd);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, first.result());
      id = fx.gateway().store().inbox().inboxPending(0, 10).get(0).id();
    }
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.inbox.dir", "none").start()) {
      List<Transmission> pending = fx.gateway().store().inbox().inboxPending(0, 10);
      assertEquals(1, pending.size(), "still pending after restart");
      assertEquals(id, pending.get(0).id());
      // the very same bytes again, and the same SBDH instance under a new AS4 id
      TestSender sender = fx.trustedSender();
      As4Answer replay = sender.replay(first);
      assertTrue(replay.receipt());
      TestSender.Sent resend = sender.send(r, sbd);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, resend.result());
      assertEquals(1, fx.gateway().store().inbox().inboxPending(0, 10).size(), "no second hand-over");
      assertEquals(TransmissionState.DUPLICATE,
          fx.gateway().store().findByAs4MessageId(resend.messageId()).get(0).state());
    }
  }

  @Test
  void duplicatesCanBeAnsweredWithAnErrorInstead() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.inbound.duplicate-answer", "error").start()) {
      Routing r = GatewayFixture.invoiceRouting();
      byte[] sbd = invoiceSbd(r, UUID.randomUUID().toString());
      TestSender sender = fx.trustedSender();
      assertEquals(EAS4UserMessageSendResult.SUCCESS, sender.send(r, sbd).result());
      TestSender.Sent again = sender.send(r, sbd);
      assertEquals(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, again.result());
      assertEquals("EBMS:0004", again.answer().firstCode());
      assertTrue(again.answer().allDetails().contains("Duplicate"), again.answer().allDetails());
      assertEquals(1, fx.gateway().store().inbox().inboxPending(0, 10).size());
    }
  }

  @Test
  void aFailingStoreGivesAnErrorNotAReceiptAndRecovers() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      Routing r = GatewayFixture.invoiceRouting();
      TestSender sender = fx.trustedSender();
      String url = fx.gateway().config().store().url();
      // Break the payload table behind the gateway's back: every insert now fails.
      execute(url, "ALTER TABLE payload RENAME TO payload_broken");
      byte[] sbd = invoiceSbd(r, UUID.randomUUID().toString());
      TestSender.Sent failed = sender.send(r, sbd);
      assertFalse(failed.answer().receipt(), "no receipt while the store fails");
      // An AS4 error that says "temporary, retry later", on an HTTP 503 so that HTTP-level retries
      // (Apache HttpClient re-executes 503s) and monitoring see it as a server-side outage.
      assertEquals("EBMS:0004", failed.answer().firstCode());
      assertTrue(failed.answer().allDetails().contains("NOT received"), failed.answer().allDetails());
      assertEquals(503, failed.answer().httpStatus());
      assertEquals(0, fx.gateway().store().inbox().inboxPending(0, 10).size());

      execute(url, "ALTER TABLE payload_broken RENAME TO payload");
      TestSender.Sent retried = sender.send(r, sbd);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, retried.result());
      assertEquals(1, fx.gateway().store().inbox().inboxPending(0, 10).size());
    }
  }

  static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
