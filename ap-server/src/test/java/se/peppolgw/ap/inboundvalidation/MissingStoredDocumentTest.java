package se.peppolgw.ap.inboundvalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.handover.HandoverWorker;
import se.peppolgw.ap.handover.InboxFolderWriter;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.testkit.TestInbound;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.store.ValidationOutcome;
import se.peppolgw.ap.validation.PeppolBisValidator;

/**
 * A received message whose stored document bytes are gone (a damaged row) used to stop the
 * validation queue and the hand-over at it, on every run: nothing received after it reached the
 * back office. Now it gets a result and one timeline entry of its own, and the rest goes on.
 */
class MissingStoredDocumentTest {
  @TempDir Path dir;

  @Test
  void aMessageWithoutItsDocumentIsReportedAndTheOthersAreValidatedAndHandedOver() throws Exception {
    try (Database db =
        Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4)) {
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      InboundValidationStore results = new InboundValidationStore(db, Clock.systemUTC());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String id = store.storeInbound(TestInbound.record("md", i)).transmissionId();
        // validated once its receipt is kept, as after a real receive
        store.attachSignal(id, PayloadKind.RECEIPT, "<receipt/>".getBytes(StandardCharsets.UTF_8),
            TimelineEvent.of(EventType.RECEIPT_SENT, "Signed receipt sent"));
        ids.add(id);
      }
      String damaged = ids.get(0); // the head of both queues
      try (Connection c = db.connection();
          PreparedStatement ps =
              c.prepareStatement("DELETE FROM payload WHERE transmission_id = ? AND kind = 'DOCUMENT'")) {
        ps.setString(1, damaged);
        assertEquals(1, ps.executeUpdate());
      }
      Path inbox = dir.resolve("inbox");
      try (HandoverWorker handover =
              new HandoverWorker(
                  null, store, results, false, new InboxFolderWriter(inbox), null, null, Duration.ofMillis(100));
          InboundValidationWorker validation =
              new InboundValidationWorker(
                  store, results,
                  new InboundDocumentValidator(new PeppolBisValidator(), Clock.systemUTC()),
                  handover::wake, () -> {}, Duration.ofMillis(100))) {
        validation.wake();
        for (String id : ids.subList(1, ids.size())) {
          InboundValidationEndToEndTest.await(
              () -> store.find(id).orElseThrow().state() == TransmissionState.HANDED_OVER,
              () -> id + ": " + store.timeline(id));
          assertTrue(Files.isRegularFile(inbox.resolve(id + ".xml")), id);
        }

        InboundValidation v = results.validation(damaged).orElseThrow();
        assertEquals(ValidationOutcome.NOT_VALIDATED, v.outcome());
        assertTrue(v.reason().contains("document is missing"), v.reason());
        // several sweeps later: still waiting, said once, and neither worker counts it as an outage
        Thread.sleep(500);
        assertEquals(TransmissionState.RECEIVED, store.find(damaged).orElseThrow().state());
        List<TimelineEvent> said =
            store.timeline(damaged).stream().filter(e -> e.type() == EventType.HANDOVER_FAILED).toList();
        assertEquals(1, said.size(), () -> "timeline: " + store.timeline(damaged));
        assertTrue(said.get(0).message().contains("document is missing"), said.get(0).message());
        assertTrue(handover.isHealthy(), "hand-over healthy");
        assertTrue(validation.isHealthy(), "validation healthy");
        assertTrue(Files.notExists(inbox.resolve(damaged + ".xml")));
      }
    }
  }
}
