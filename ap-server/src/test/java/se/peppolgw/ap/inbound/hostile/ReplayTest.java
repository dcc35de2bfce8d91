package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.As4Answer;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestClock;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * Replays of a captured message, byte for byte, long after the original. phase4's own duplicate
 * register would have forgotten it after 10 minutes; ours is in the database for
 * {@code gateway.inbound.duplicate-window-days}. The gateway's clock is moved forward (the
 * register, its purge and the timeline use it); the bytes on the wire stay as captured, including
 * their signed eb:Timestamp.
 */
class ReplayTest {
  @TempDir static Path dir;
  static TestClock clock = new TestClock();
  static GatewayFixture fx;
  static TestSender trusted;
  static BackOfficeWatch backOffice;

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).withClock(clock).start();
    trusted = fx.trustedSender();
    backOffice = new BackOfficeWatch(fx);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** Each case starts in real time (the cases move the clock by hours and by weeks). */
  @BeforeEach
  void realTime() {
    clock.reset();
  }

  /** Sends an invoice and waits until it was handed over (document + metadata file). */
  static TestSender.Sent receivedAndHandedOver() throws InterruptedException {
    backOffice.snapshot();
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent first = trusted.send(r, BackOfficeWatch.invoiceSbd(r));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, first.result(), () -> first.answer().allDetails());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (backOffice.inboxFiles() < backOffice.filesBefore() + 2) {
      assertTrue(System.nanoTime() < deadline, "first message not handed over within 10 s");
      Thread.sleep(50);
    }
    backOffice.snapshot();
    return first;
  }

  @Test
  void identicalMessageReplayedHoursLaterIsNotHandedOverAgain() throws Exception {
    TestSender.Sent first = receivedAndHandedOver();
    clock.advance(Duration.ofHours(7));
    // what the hourly purge would do now: nothing, the window is 30 days
    fx.gateway().store().purgeDedupBefore(clock.instant().minus(fx.gateway().config().inbound().duplicateWindow()));

    As4Answer replay = trusted.replay(first);
    // default duplicate answer: a fresh signed receipt (README "Duplicates")
    assertTrue(replay.receipt(), () -> "replay answer: " + replay.errorCodes() + " " + replay.allDetails());
    backOffice.assertNothingHandedOver();
    List<Transmission> rows = fx.gateway().store().findByAs4MessageId(first.messageId());
    assertEquals(2, rows.size());
    Transmission dup =
        rows.stream().filter(t -> t.state() == TransmissionState.DUPLICATE).findFirst().orElseThrow();
    Transmission original =
        rows.stream().filter(t -> t.state() != TransmissionState.DUPLICATE).findFirst().orElseThrow();
    assertEquals(original.id(), dup.duplicateOf());
    assertTrue(Duration.between(original.createdAt(), dup.createdAt()).toHours() >= 7);
  }

  @Test
  void identicalMessageReplayedAfterTheDuplicateWindowIsRefused() throws Exception {
    TestSender.Sent first = receivedAndHandedOver();
    Duration window = fx.gateway().config().inbound().duplicateWindow();
    clock.advance(window.plusDays(1));
    // the hourly purge has forgotten the message by now
    fx.gateway().store().purgeDedupBefore(clock.instant().minus(window));

    As4Answer replay = trusted.replay(first);
    System.out.println("[replay] " + replay.httpStatus() + " " + replay.errorCodes() + " " + replay.allDetails());
    // Before the fix this replay got a receipt and was handed over a second time.
    assertFalse(replay.receipt(), "a replay the register has forgotten must not get a receipt");
    assertEquals("EBMS:0004", replay.firstCode(), replay::allDetails);
    assertTrue(replay.allDetails().contains("days ago: it can no longer be told apart from a replay"), replay.allDetails());
    BackOfficeWatch.assertRejectionLogged(fx, first.messageId(), "EBMS:0004", "can no longer be told apart from a replay");
    backOffice.assertNothingHandedOver();
  }
}
