package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.outbound.OutboundCheck;
import se.peppolgw.ap.outbound.OutboundParser;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.outbound.ValidationPolicy;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.testkit.TestInbound;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.store.ValidationOutcome;
import se.peppolgw.ap.validation.PeppolBisValidator;

/**
 * An unexpected failure while answering one document (here: the outbox's intake throws on the
 * first MLS) is that document's recorded decision, not a stop for every answer behind it.
 */
class MlsResponderFaultTest {
  @TempDir Path dir;

  @Test
  void aDocumentWhoseAnswerThrowsIsRecordedAsNotSentAndTheNextIsAnswered() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Database db =
        Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4)) {
      TransmissionStore store = new TransmissionStore(db, clock);
      InboundValidationStore results = new InboundValidationStore(db, clock);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String id = store.storeInbound(TestInbound.record("mf", i)).transmissionId();
        results.recordValidation(
            new InboundValidation(id, ValidationOutcome.PASSED, "test rules", null, 0, 0, List.of(), 1L,
                clock.instant()),
            List.of());
        ids.add(id);
      }
      AtomicInteger intakes = new AtomicInteger();
      OutboundCheck failsOnce = p -> {
        if (intakes.getAndIncrement() == 0) {
          throw new IllegalStateException("a bug met while checking the first MLS");
        }
        return OutboundCheck.Result.NOT_APPLICABLE;
      };
      OutboundService outbound =
          new OutboundService(
              new OutboundParser("SE", clock), new PeppolBisValidator(), new ValidationPolicy(true, false),
              new OutboxStore(db, clock), () -> {},
              new OutboundService.Repeats(Duration.ofDays(1), Duration.ofDays(1), clock), failsOnce);
      MlsResponder responder = new MlsResponder(store, results, outbound, "0242:000001", "SE", true, clock);

      responder.answerPending();

      MlsDecision first = results.mlsAnswer(ids.get(0)).orElseThrow();
      assertEquals(MlsDecision.Decision.NOT_SENT, first.decision(), first::toString);
      assertEquals("AP", first.responseCode());
      assertTrue(first.reason().contains("a bug met while checking the first MLS"), first.reason());
      assertTrue(
          store.timeline(ids.get(0)).stream()
              .anyMatch(e -> e.type() == EventType.MLS_ANSWER && e.message().contains("could not be made")),
          () -> "timeline: " + store.timeline(ids.get(0)));

      MlsDecision second = results.mlsAnswer(ids.get(1)).orElseThrow();
      assertEquals(MlsDecision.Decision.SENT, second.decision(), second::toString);
      assertEquals("0242:000002", second.mlsTo());
      assertEquals(List.of(), results.awaitingMlsAnswer(10));
    }
  }
}
