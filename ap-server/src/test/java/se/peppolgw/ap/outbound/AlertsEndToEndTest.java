package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Alerts from a running gateway to a real SMTP server (GreenMail): a send that ends FAILED, and a
 * message from a trusted access point that is refused, each give one mail naming the transmission.
 */
class AlertsEndToEndTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;

  @Test
  void aFailedSendAndARefusedTrustedMessageEachSendOneMail() throws Exception {
    try (GatewayFixture fx = LocalLoopbackTest.served(new GatewayFixture(dir))
        .with("gateway.outbound.dir", "none")
        .with("gateway.routing.local-loopback", "false")
        .with("gateway.alerts.smtp.host", "127.0.0.1")
        .with("gateway.alerts.smtp.port", Integer.toString(SMTP.getSmtp().getPort()))
        .with("gateway.alerts.smtp.starttls", "false")
        .with("gateway.alerts.smtp.from", "gateway@example.com")
        .with("gateway.alerts.smtp.to", "ops@example.com")
        .start()) {
      String id = OutboundApiTest.json(LocalLoopbackTest.post(fx, TestDocuments.order())).get("id").asText();
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.FAILED,
          Duration.ofSeconds(30),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      assertTrue(SMTP.waitForIncomingEmail(30_000, 1), "no alert mail");
      MimeMessage failed = SMTP.getReceivedMessages()[0];
      assertTrue(failed.getSubject().contains(id), failed.getSubject());
      String body = GreenMailUtil.getBody(failed);
      assertTrue(body.contains("PARTICIPANT_NOT_REGISTERED"), body);
      assertEquals("outbound-failed", failed.getHeader("X-Gateway-Alert")[0]);

      // a trusted access point sends for a participant this gateway does not serve
      TestSender.Routing unserved = new TestSender.Routing(
          GatewayFixture.BUYER, "0088:7300010000001", GatewayFixture.invoiceRouting().documentTypeId(),
          GatewayFixture.BILLING_PROCESS, "SE");
      byte[] sbd = TestSender.sbd(unserved, UUID.randomUUID().toString(), SharedTestData.read(SharedTestData.INVOICE),
          "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice");
      fx.trustedSender().send(unserved, sbd);
      assertTrue(SMTP.waitForIncomingEmail(30_000, 2), "no second alert mail");
      MimeMessage refused = SMTP.getReceivedMessages()[1];
      assertEquals("inbound-refused", refused.getHeader("X-Gateway-Alert")[0]);
      assertTrue(GreenMailUtil.getBody(refused).contains("EBMS:0004"), GreenMailUtil.getBody(refused));
      assertTrue(GreenMailUtil.getBody(refused).contains(GatewayFixture.BUYER), GreenMailUtil.getBody(refused));
    }
  }
}
