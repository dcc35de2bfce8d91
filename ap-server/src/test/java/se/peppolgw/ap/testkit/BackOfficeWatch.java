package se.peppolgw.ap.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Watches what reaches the back office (pending inbox entries and inbox files) so that a refusal
 * test can prove that nothing did. Take a {@link #snapshot()} before each case.
 */
public final class BackOfficeWatch {
  public static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";

  private final GatewayFixture fx;
  private int pendingBefore;
  private long filesBefore;

  public BackOfficeWatch(GatewayFixture fx) {
    this.fx = fx;
  }

  public void snapshot() {
    pendingBefore = pending();
    filesBefore = inboxFiles();
  }

  public int pending() {
    return fx.gateway().store().inbox().inboxPending(0, 1000).size();
  }

  public long filesBefore() {
    return filesBefore;
  }

  public long inboxFiles() {
    if (!Files.isDirectory(fx.inboxDir())) {
      return 0;
    }
    try (Stream<Path> s = Files.list(fx.inboxDir())) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sender got this EBMS code (and a detail with the fragment), no receipt. */
  public static void assertAs4Error(TestSender.Sent sent, String code, String detailFragment) {
    As4Answer a = sent.answer();
    assertNotEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
    assertFalse(a.receipt(), "no receipt may be given");
    assertEquals(code, a.firstCode(), () -> "answer: " + a.httpStatus() + " " + a.errorCodes() + " " + a.allDetails());
    if (detailFragment != null) {
      assertTrue(
          a.allDetails().contains(detailFragment),
          () -> "detail should mention '" + detailFragment + "': " + a.allDetails());
    }
  }

  /**
   * The refusal of this AS4 message is on the transmission log: state REJECTED with this EBMS code
   * and a detail containing the fragment. Returns the logged transmission.
   */
  public static Transmission assertRejectionLogged(
      GatewayFixture fx, String as4MessageId, String code, String detailFragment) {
    Transmission logged =
        fx.gateway().store().findByAs4MessageId(as4MessageId).stream()
            .filter(t -> t.state() == TransmissionState.REJECTED)
            .findFirst()
            .orElseThrow(() -> new AssertionError("rejection of " + as4MessageId + " not logged"));
    assertEquals(code, logged.errorCode(), logged::errorDetail);
    if (detailFragment != null) {
      assertTrue(
          logged.errorDetail() != null && logged.errorDetail().contains(detailFragment),
          () -> "logged detail should mention '" + detailFragment + "': " + logged.errorDetail());
    }
    return logged;
  }

  /**
   * This message is not pending for the back office and no inbox file names it. Unlike {@link
   * #assertNothingHandedOver()} this holds while other messages of the same class arrive.
   */
  public void assertNotHandedOver(String as4MessageId) throws InterruptedException {
    Thread.sleep(200); // give a (wrongly) woken hand-over worker the chance to show itself
    assertTrue(
        fx.gateway().store().inbox().inboxPending(0, 1000).stream()
            .noneMatch(t -> as4MessageId.equals(t.as4MessageId())),
        () -> as4MessageId + " is pending for the back office");
    if (Files.isDirectory(fx.inboxDir())) {
      try (Stream<Path> s = Files.list(fx.inboxDir())) {
        for (Path f : (Iterable<Path>) s::iterator) {
          assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(as4MessageId),
              () -> f + " names " + as4MessageId);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Nothing new is pending for the back office and no file appeared since the snapshot. */
  public void assertNothingHandedOver() throws InterruptedException {
    Thread.sleep(200); // give a (wrongly) woken hand-over worker the chance to show itself
    assertEquals(pendingBefore, pending());
    assertEquals(filesBefore, inboxFiles());
  }

  /** The shared example invoice in an SBD for this routing, with a fresh instance identifier. */
  public static byte[] invoiceSbd(TestSender.Routing r) {
    return TestSender.sbd(r, UUID.randomUUID().toString(), SharedTestData.read(SharedTestData.INVOICE), INVOICE_NS, "Invoice");
  }
}
