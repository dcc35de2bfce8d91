package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * The validation results and MLS decisions (V63): each at most once per document, validation only
 * after the receipt, hand-over only after validation. Run on H2 and on PostgreSQL.
 */
abstract class InboundValidationStoreContract {
  protected Database db;
  private TransmissionStore store;
  private InboundValidationStore results;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T08:00:00Z"));
  private int n;

  protected abstract Database openDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (String t : List.of("inbound_followup", "mls_decision", "inbound_validation", "payload", "transmission_event",
          "inbound_dedup", "transmission")) {
        s.execute("DELETE FROM " + t);
      }
    }
    store = new TransmissionStore(db, clock);
    results = new InboundValidationStore(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String received(boolean withReceipt) {
    n++;
    String id = store.storeInbound(StoreContract.record("ivs-" + n + "@test", "ivs-sbdh-" + n, "0088:1"))
        .transmissionId();
    if (withReceipt) {
      store.attachSignal(id, PayloadKind.RECEIPT, "<receipt/>".getBytes(StandardCharsets.UTF_8),
          TimelineEvent.of(EventType.RECEIPT_SENT, "sent"));
    }
    return id;
  }

  private static List<String> ids(List<Transmission> ts) {
    return ts.stream().map(Transmission::id).toList();
  }

  private InboundValidation result(String id, ValidationOutcome o) {
    List<ValidationFinding> findings =
        o == ValidationOutcome.FAILED
            ? List.of(
                new ValidationFinding("BR-02", "error", "/Invoice[1]", "An Invoice shall have a number"),
                new ValidationFinding("PEPPOL-R1", "warning", null, "a warning"))
            : List.of();
    int errors = o == ValidationOutcome.FAILED ? 1 : 0;
    return new InboundValidation(
        id, o, "eu.peppol.bis3:invoice:2026.5", null, errors, findings.size() - errors, findings, 12L,
        clock.instant());
  }

  @Test
  void validationWaitsForTheStoredReceiptOrTheGrace() {
    String answered = received(true);
    String unanswered = received(false);
    assertEquals(List.of(answered), ids(results.awaitingValidation(10)));
    clock.advance(InboundValidationStore.RECEIPT_GRACE.plus(Duration.ofSeconds(1)));
    assertEquals(List.of(answered, unanswered), ids(results.awaitingValidation(10)));
  }

  @Test
  void aResultIsStoredOnceWithItsFindingsAndEvents() {
    String id = received(true);
    InboundValidation failed = result(id, ValidationOutcome.FAILED);
    assertTrue(results.recordValidation(failed, List.of(TimelineEvent.of(EventType.VALIDATION_FAILED, "1 error"))));
    // a second node with another opinion loses: the first result stays
    assertFalse(results.recordValidation(result(id, ValidationOutcome.PASSED), List.of()));
    InboundValidation back = results.validation(id).orElseThrow();
    assertEquals(ValidationOutcome.FAILED, back.outcome());
    assertEquals(failed.findings(), back.findings());
    assertEquals(1, back.errors().size());
    assertEquals(1, back.warnings().size());
    assertEquals(12L, back.durationMs());
    assertEquals(1, store.timeline(id).stream().filter(e -> e.type() == EventType.VALIDATION_FAILED).count());
    assertTrue(results.awaitingValidation(10).isEmpty());
  }

  @Test
  void handOverWaitsForValidationAndMayHoldFailedDocuments() {
    String pending = received(true);
    String passed = received(true);
    String failed = received(true);
    results.recordValidation(result(passed, ValidationOutcome.PASSED), List.of());
    results.recordValidation(result(failed, ValidationOutcome.FAILED), List.of());
    assertEquals(List.of(passed, failed), ids(results.awaitingHandover(10, false)));
    assertEquals(List.of(passed), ids(results.awaitingHandover(10, true)));
    assertFalse(ids(results.awaitingHandover(10, false)).contains(pending));
  }

  @Test
  void anMlsDecisionIsRecordedOnce() {
    String notValidated = received(true);
    String validated = received(true);
    results.recordValidation(result(validated, ValidationOutcome.PASSED), List.of());
    assertEquals(List.of(validated), ids(results.awaitingMlsAnswer(10)));
    assertFalse(ids(results.awaitingMlsAnswer(10)).contains(notValidated));

    String outbound = store.storeInbound(StoreContract.record("ivs-out@test", "ivs-out", "0088:2")).transmissionId();
    MlsDecision a =
        new MlsDecision(validated, MlsDecision.Decision.SENT, "AP", "0242:000001", MlsDecision.Addressing.FALLBACK,
            outbound, null, clock.instant());
    assertTrue(results.recordMlsAnswer(a, TimelineEvent.of(EventType.MLS_ANSWER, "AP sent").withCode("AP")));
    assertFalse(results.recordMlsAnswer(
        new MlsDecision(validated, MlsDecision.Decision.NOT_SENT, "AP", null, null, null, "late", clock.instant()),
        TimelineEvent.of(EventType.MLS_ANSWER, "second")));
    assertEquals(a, results.mlsAnswer(validated).orElseThrow());
    assertEquals(validated, results.mlsAnswerSentAs(outbound).orElseThrow().inboundId());
    assertTrue(results.awaitingMlsAnswer(10).isEmpty());
    assertEquals(1, store.timeline(validated).stream().filter(e -> e.type() == EventType.MLS_ANSWER).count());
  }

  @Test
  void theFollowUpQueueHoldsExactlyTheUnfinishedDocuments() throws Exception {
    String a = received(true);
    String b = received(true);
    // neither a duplicate, nor a consumed message (an MLS for the gateway), nor a refusal is queued
    store.storeInbound(StoreContract.record("ivs-1@test", "ivs-sbdh-other", "0088:1"));
    store.storeInbound(StoreContract.record("ivs-mls@test", "ivs-mls", "0088:1"), null, (c, id, at) -> {});
    store.storeRejected(StoreContract.record("ivs-bad@test", "ivs-bad", "0088:1"), "EBMS:0103", "bad");
    assertEquals(List.of(a + " VALIDATE", b + " VALIDATE"), queue());

    results.recordValidation(result(a, ValidationOutcome.PASSED), List.of());
    assertEquals(List.of(a + " ANSWER", b + " VALIDATE"), queue());
    // the second node's result is refused, and so is its move of the queue
    assertFalse(results.recordValidation(result(a, ValidationOutcome.FAILED), List.of()));
    assertEquals(List.of(a + " ANSWER", b + " VALIDATE"), queue());

    results.recordMlsAnswer(
        new MlsDecision(a, MlsDecision.Decision.NOT_SENT, "AP", null, null, null, "off", clock.instant()),
        TimelineEvent.of(EventType.MLS_ANSWER, "not sent"));
    assertEquals(List.of(b + " VALIDATE"), queue());
  }

  @Test
  void theWorkersReadTheirWorkFromTheQueue() throws Exception {
    String a = received(true);
    String b = received(true);
    results.recordValidation(result(b, ValidationOutcome.PASSED), List.of());
    String c = received(true);
    results.recordValidation(result(c, ValidationOutcome.PASSED), List.of());
    assertEquals(List.of(a), ids(results.awaitingValidation(10)));
    assertEquals(List.of(b, c), ids(results.awaitingMlsAnswer(10)));
    // taken off the queue by hand, a document is no longer found: no scan of the log behind it
    try (Connection conn = db.connection(); Statement s = conn.createStatement()) {
      s.execute("DELETE FROM inbound_followup WHERE transmission_id IN ('" + a + "', '" + b + "')");
    }
    assertTrue(results.awaitingValidation(10).isEmpty());
    assertEquals(List.of(c), ids(results.awaitingMlsAnswer(10)));
    // oldest first, and the limit holds
    String d = received(true);
    String e = received(true);
    assertEquals(List.of(d), ids(results.awaitingValidation(1)));
    assertEquals(List.of(d, e), ids(results.awaitingValidation(10)));
  }

  /** The queue's rows as "id STEP", oldest first. */
  private List<String> queue() throws Exception {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = db.connection(); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT transmission_id, step FROM inbound_followup ORDER BY seq")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }
}
