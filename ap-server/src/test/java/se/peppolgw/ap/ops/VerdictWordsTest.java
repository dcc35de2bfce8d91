package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.ubl.BusinessFacts;

/** Verdicts say a failure once, in words; a refused message without a document type has a title. */
class VerdictWordsTest {
  static Transmission t(Direction dir, TransmissionState state, String docType, String code, String detail) {
    Instant now = Instant.parse("2026-01-02T10:00:00Z");
    return new Transmission(1, "tx-1", dir, state, "as4@x", null, null, null, null, docType, null, null, null,
        null, BusinessFacts.NONE, null, null, null, null, null, code, detail, now, now, null, null, null);
  }

  static int occurrences(String s, String part) {
    return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void anSmpFailureSaysItsReasonOnce() {
    String detail = "PARTICIPANT_NOT_REGISTERED: The receiver participant is not registered in the Peppol network.";
    for (TransmissionState s : List.of(TransmissionState.FAILED, TransmissionState.RETRY_WAIT)) {
      Verdict v = Verdict.of(t(Direction.OUT, s, null, "PARTICIPANT_NOT_REGISTERED", detail), List.of(),
          Optional.empty(), ZoneOffset.UTC);
      assertEquals(0, occurrences(v.headline(), "PARTICIPANT_NOT_REGISTERED"), v.headline());
      assertEquals(1, occurrences(v.headline(), "not registered in the Peppol network"), v.headline());
    }
  }

  @Test
  void aDetailThatIsOnlyTheCodeFallsBackToWordsInsteadOfRepeatingIt() {
    assertEquals("no detail recorded", Verdict.reason("SMP_UNREACHABLE", "SMP_UNREACHABLE", "no detail recorded"));
    assertEquals("as it was", Verdict.reason("X", "as it was", "none"));
    assertEquals("none", Verdict.reason(null, null, "none"));
  }

  @Test
  void anInboundRefusalNamesTheCodeOnceAndCarriesATitle() {
    Transmission refused = t(Direction.IN, TransmissionState.REJECTED, null, "EBMS:0009",
        "EBMS:0009 the message could not be parsed");
    Verdict v = Verdict.of(refused, List.of(), Optional.empty(), ZoneOffset.UTC);
    assertEquals(1, occurrences(v.headline(), "EBMS:0009"), v.headline());
    assertEquals("Refused AS4 message", DocumentKinds.title(refused));
    assertEquals("AS4 message of unknown document type",
        DocumentKinds.title(t(Direction.IN, TransmissionState.RECEIVED, null, null, null)));
    assertTrue(DocumentKinds.title(t(Direction.IN, TransmissionState.REJECTED,
        "urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order##urn:fdc:peppol.eu:poacc:trns:order:3::2.1",
        "EBMS:0004", "x")).startsWith("Order"));
  }
}
