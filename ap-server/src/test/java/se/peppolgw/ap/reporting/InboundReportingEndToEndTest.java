package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.As4Answer;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Real AS4 on loopback into a gateway: an accepted message is counted with the sending AP's seat
 * id from its certificate, C1 from the SBDH and C4 from the served participant's configuration;
 * its replay (a duplicate) and a refused message are not counted.
 */
class InboundReportingEndToEndTest {
  @TempDir Path dir;
  GatewayFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new GatewayFixture(dir)
        .with("gateway.participant.supplier.country", "no")
        .with("gateway.reporting.schedule.enabled", "false")
        .start();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void acceptedCountedOnceDuplicateAndRefusedNot() throws Exception {
    TestSender sender = fx.trustedSender(); // seat id PSE000002
    byte[] invoice = SharedTestData.read(SharedTestData.INVOICE);
    TestSender.Routing routing =
        new TestSender.Routing(GatewayFixture.BUYER, GatewayFixture.SUPPLIER,
            DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, "DK");
    TestSender.Sent sent = sender.send(routing,
        TestSender.sbd(routing, UUID.randomUUID().toString(), invoice,
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"));
    assertTrue(sent.answer().receipt(), () -> "answer: " + sent.answer());

    // the same message again: answered, recorded as DUPLICATE, not counted
    As4Answer again = sender.replay(sent);
    assertTrue(again.httpStatus() < 500, "answered: " + again);

    // a receiver this gateway does not serve: refused, not counted
    TestSender.Routing unserved =
        new TestSender.Routing(GatewayFixture.BUYER, "0007:9999999999",
            DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, "DK");
    TestSender.Sent refused = sender.send(unserved,
        TestSender.sbd(unserved, UUID.randomUUID().toString(), invoice,
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"));
    assertFalse(refused.answer().receipt());

    ReportingStore rs = new ReportingStore(fx.gateway().store().database(), java.time.Clock.systemUTC());
    List<ReportingStore.Item> items = rs.items(Instant.EPOCH, Instant.now().plusSeconds(3600));
    assertEquals(1, items.size(), items.toString());
    ReportingStore.Item i = items.get(0);
    Transmission t = fx.gateway().store().find(i.transmissionId()).orElseThrow();
    assertEquals(sent.messageId(), t.as4MessageId(), "the item is the accepted transmission");
    assertTrue(t.state() != TransmissionState.DUPLICATE && t.state() != TransmissionState.REJECTED);
    assertEquals("RECEIVING", i.direction());
    assertEquals("PSE000002", i.counterpartSp(), "the CN of the sender's certificate");
    assertEquals("DK", i.c1Country(), "from the SBDH");
    assertEquals("NO", i.c4Country(), "gateway.participant.supplier.country");
    assertEquals(GatewayFixture.SUPPLIER, i.endUserId());
    assertEquals(t.createdAt(), i.exchangedAt(), "stored in the same transaction, same instant");

    // and the preview of this month counts it
    ReportingService svc = fx.gateway().reporting().service();
    String xml = svc.xml(svc.currentPeriod(), ReportKind.TSR).orElseThrow().xml();
    assertEquals(1, new ReportXml(xml).number(ReportXml.path("Total", "Incoming")));
  }
}
