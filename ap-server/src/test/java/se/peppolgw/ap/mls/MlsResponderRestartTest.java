package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * One MLS per received document, also when the gateway stops between submitting the MLS to the
 * outbox and recording the decision: after the restart the same outbound transmission is found
 * again (Idempotency-Key), not a second MLS made. Real AS4 in, the MLS through the outbox.
 */
class MlsResponderRestartTest {
  static final Duration MAX = Duration.ofSeconds(90);
  static final String BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";

  @TempDir Path dir;
  GatewayFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private Transmission send(TestSender.Routing routing, byte[] document) {
    byte[] sbd =
        TestSender.sbd(routing, UUID.randomUUID().toString(), document, BackOfficeWatch.INVOICE_NS, "Invoice");
    TestSender.Sent sent = fx.trustedSender().send(routing, sbd);
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), () -> "answer: " + sent.answer());
    return fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0);
  }

  private InboundValidationStore answers() {
    return new InboundValidationStore(fx.gateway().store().database(), Clock.systemUTC());
  }

  private MlsDecision awaitAnswer(String id) throws InterruptedException {
    long end = System.nanoTime() + MAX.toNanos();
    while (answers().mlsAnswer(id).isEmpty()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no MLS decision: " + fx.gateway().store().timeline(id));
      }
      Thread.sleep(50);
    }
    return answers().mlsAnswer(id).orElseThrow();
  }

  private long outboundCount() throws Exception {
    try (Connection c = fx.gateway().store().database().connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM transmission WHERE direction = 'OUT'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aCrashBetweenSubmittingAndRecordingDoesNotSendASecondMls() throws Exception {
    fx = new GatewayFixture(dir).with("gateway.mls.send", "true").start();
    Transmission in = send(GatewayFixture.invoiceRouting(), SharedTestData.read(SharedTestData.INVOICE));
    MlsDecision first = awaitAnswer(in.id());
    assertEquals(MlsDecision.Decision.SENT, first.decision(), first::toString);
    assertEquals("AP", first.responseCode());
    // no MLS_TO in the test sender's SBDH: its service provider, from seat PSE000002
    assertEquals("0242:000002", first.mlsTo());
    assertEquals(MlsDecision.Addressing.FALLBACK, first.addressedBy());
    assertEquals(1, outboundCount());
    // the outbound MLS names what it answers
    TimelineEvent note = fx.gateway().store().timeline(first.outboundId()).stream()
        .filter(e -> e.type() == EventType.NOTE).findFirst().orElseThrow();
    assertTrue(note.message().contains(in.id()), note.message());

    // the crash: the MLS is in the outbox, the decision was never recorded (nor, in the same
    // transaction, the document taken off the follow-up queue)
    try (Connection c = fx.gateway().store().database().connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM mls_decision WHERE inbound_id = ?");
        PreparedStatement queued = c.prepareStatement(
            "INSERT INTO inbound_followup (transmission_id, step, seq)"
                + " SELECT id, 'ANSWER', seq FROM transmission WHERE id = ?")) {
      ps.setString(1, in.id());
      assertEquals(1, ps.executeUpdate());
      queued.setString(1, in.id());
      assertEquals(1, queued.executeUpdate());
    }
    fx.stop();
    fx.start();

    MlsDecision again = awaitAnswer(in.id());
    assertEquals(first.outboundId(), again.outboundId());
    assertEquals(1, outboundCount());
  }

  @Test
  void aDocumentWithoutRuleSetIsAcknowledgedWithAnAbThatPassesTheMlsRules() throws Exception {
    fx = new GatewayFixture(dir).with("gateway.mls.send", "true").start();
    String custom = "urn:example.com:private-invoice:1.0";
    String xml =
        new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
            .replace(">" + BILLING + "<", ">" + custom + "<");
    TestSender.Routing routing =
        new TestSender.Routing(
            GatewayFixture.BUYER, GatewayFixture.SUPPLIER_GLN,
            DocumentTypeAliases.expand("invoice").replace(BILLING, custom),
            GatewayFixture.BILLING_PROCESS, "SE");
    Transmission in = send(routing, xml.getBytes(StandardCharsets.UTF_8));
    MlsDecision a = awaitAnswer(in.id());
    assertEquals("AB", a.responseCode());
    byte[] mls = fx.gateway().store().payload(a.outboundId(), PayloadKind.DOCUMENT).orElseThrow();
    ValidationReport r =
        new PeppolBisValidator().validate("ApplicationResponse", MlsBuilder.CUSTOMIZATION_ID, mls);
    assertTrue(r.isValid(), () -> r.errors().toString());
    String text = new String(mls, StandardCharsets.UTF_8);
    assertTrue(text.contains("<cbc:ResponseCode>AB</cbc:ResponseCode>"), text);
    assertTrue(text.contains(custom), text);
    // the reason, and no claim of a hand-over that may not have happened yet
    assertTrue(text.contains("Received; the content was not validated: "), text);
    assertFalse(text.contains("handed over"), text);
    assertEquals(List.of(), r.warnings());
  }
}
