package se.peppolgw.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.InstrumentedH2Files;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * The data disk fills up during a receive: the database write fails as the kernel's ENOSPC would
 * (an instrumented H2 file system; a real tiny file system needs root). The sender must get an
 * error that says "retry", never a receipt; what was receipted before stays; after space is freed
 * and the gateway restarted, the same message is accepted as new (it was never stored).
 */
class H2DiskFullTest {
  @TempDir Path dir;

  @Test
  void aFullDiskAnswersAnErrorNotAReceiptAndLosesNothingReceipted() throws Exception {
    InstrumentedH2Files.Journal journal = InstrumentedH2Files.install();
    Routing r = GatewayFixture.invoiceRouting();
    String url = InstrumentedH2Files.url(dir.resolve("db"));
    byte[] before = InboundDurabilityTest.invoiceSbd(r, UUID.randomUUID().toString());
    byte[] during = InboundDurabilityTest.invoiceSbd(r, UUID.randomUUID().toString());
    String receiptedId;
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.db.url", url).start()) {
      TestSender sender = fx.trustedSender();
      TestSender.Sent ok = sender.send(r, before);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, ok.result());
      receiptedId = fx.gateway().store().findByAs4MessageId(ok.messageId()).get(0).id();

      journal.diskFull(true);
      TestSender.Sent full = sender.send(r, during);
      assertFalse(full.answer().receipt(), "no receipt while nothing can be written");
      assertEquals("EBMS:0004", full.answer().firstCode());
      assertTrue(full.answer().allDetails().contains("NOT received"), full.answer().allDetails());
      assertEquals(503, full.answer().httpStatus());
      journal.diskFull(false);
    }
    // space freed, gateway restarted (H2 closes its store after a failed write)
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.db.url", url).start()) {
      Transmission kept = fx.gateway().store().find(receiptedId).orElseThrow();
      assertTrue(kept.state() == TransmissionState.RECEIVED || kept.state() == TransmissionState.HANDED_OVER,
          kept.state().toString());
      TestSender.Sent again = fx.trustedSender().send(r, during);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, again.result());
      // (a loaded machine may make the sender post twice; the second post is then the duplicate)
      List<Transmission> stored = fx.gateway().store().findByAs4MessageId(again.messageId());
      assertTrue(stored.stream().anyMatch(t -> t.state() != TransmissionState.DUPLICATE),
          "the message refused on the full disk was never stored, so it is new now: "
              + stored.stream().map(Transmission::state).toList());
    }
  }
}
