package se.peppolgw.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.InstrumentedH2Files;
import se.peppolgw.ap.testkit.ResponseTap;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * "Durable before the receipt" for the disk: for every message received over AS4, the H2 file was
 * forced (fsync) after the message's row was written and before the first byte of the receipt
 * left the gateway. The database runs on an instrumented H2 file system that numbers writes and
 * forces; a relay in front of the gateway numbers the moment each answer starts, in the same
 * sequence.
 */
class ForcedBeforeReceiptTest {
  @TempDir Path dir;

  private record Message(String instanceId, TestSender.Sent sent) {}

  @Test
  void eachReceiptLeavesOnlyAfterItsMessageIsForcedToTheDisk_aloneAndInGroupCommitBatches()
      throws Exception {
    InstrumentedH2Files.Journal journal = InstrumentedH2Files.install();
    Routing r = GatewayFixture.invoiceRouting();
    List<Message> messages = new ArrayList<>();
    try (GatewayFixture fx =
            new GatewayFixture(dir).with("gateway.db.url", InstrumentedH2Files.url(dir.resolve("db"))).start();
        ResponseTap tap = new ResponseTap(URI.create(fx.as4Url()).getPort(), journal::mark)) {
      TestSender sender = fx.trustedSender(tap.url(URI.create(fx.as4Url())));
      // one at a time: each message is a batch of its own
      for (int i = 0; i < 3; i++) {
        messages.add(send(sender, r, journal));
      }
      // concurrent senders: the writer takes several messages per commit and per force
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<Message>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          futures.add(pool.submit(() -> send(sender, r, journal)));
        }
        for (Future<Message> f : futures) {
          messages.add(f.get());
        }
      } finally {
        pool.shutdown();
      }
      for (Message m : messages) {
        assertEquals(EAS4UserMessageSendResult.SUCCESS, m.sent().result(), m.instanceId());
        long written = journal.firstWritten(m.instanceId());
        assertTrue(written > 0, "the message's row reached the database file: " + m.instanceId());
        ResponseTap.Answer receipt = tap.answerContaining(m.sent().messageId());
        assertNotNull(receipt, "the receipt for " + m.sent().messageId() + " passed the relay");
        assertTrue(journal.forcedBetween(written, receipt.startedAt()),
            "forced after the row was written (event " + written + ") and before the receipt left (event "
                + receipt.startedAt() + ") for " + m.instanceId());
      }
      assertTrue(journal.forces() > 0);
    }
  }

  private static Message send(TestSender sender, Routing r, InstrumentedH2Files.Journal journal) {
    String instance = UUID.randomUUID().toString();
    journal.watch(instance);
    return new Message(instance, sender.send(r, InboundDurabilityTest.invoiceSbd(r, instance)));
  }
}
