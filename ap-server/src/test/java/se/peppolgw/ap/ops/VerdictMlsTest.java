package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.ubl.BusinessFacts;

/** The verdict of a delivered transmission follows its latest Message Level Status. */
class VerdictMlsTest {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private static Transmission t(TransmissionState state) {
    return new Transmission(1, "t-1", state == TransmissionState.CONSUMED ? Direction.IN : Direction.OUT, state,
        "as4", "conv", "sbdh", "0088:1", "0088:2", "urn:doc", "urn:proc", "SE", "PSE000002", null, BusinessFacts.of("INV-1", null, null),
        1L, "x", 1L, "x", null, null, null, AT, AT, null, null, null);
  }

  private static TimelineEvent mls(String code, String text) {
    return new TimelineEvent(0, AT.plusSeconds(60), EventType.MLS_RECEIVED, code,
        text + " (Message Level Status mls-1 from 0242:000002, inbound transmission in-1)", null, null);
  }

  private static Verdict of(TransmissionState s, List<TimelineEvent> tl) {
    return Verdict.of(t(s), tl, Optional.empty(), ZoneOffset.UTC);
  }

  @Test
  void eachAnswerInItsWordsAndTheLatestCounts() {
    Verdict none = of(TransmissionState.DELIVERED, List.of());
    assertTrue(none.headline().startsWith("Delivered to the receiving access point PSE000002"), none.headline());

    Verdict ab = of(TransmissionState.DELIVERED, List.of(mls("AB", "Acknowledged")));
    assertEquals("good", ab.tone());
    assertTrue(ab.headline().startsWith("Acknowledged; delivered to PSE000002, answered at 2026-12-01 10:01:00 UTC"),
        ab.headline());

    Verdict re = of(TransmissionState.DELIVERED, List.of(mls("AP", "Accepted by the receiver's access point"),
        mls("RE", "Rejected by the receiver's access point: BR-01: x (at /Invoice)")));
    assertEquals("bad", re.tone());
    assertTrue(re.headline().startsWith("Rejected by the receiver's access point: BR-01: x (at /Invoice); delivered"),
        re.headline());
    assertTrue(re.side().startsWith("Our side"), re.side());

    Verdict back = of(TransmissionState.DELIVERED, List.of(mls("RE", "Rejected by the receiver's access point: y"),
        mls("AP", "Accepted by the receiver's access point")));
    assertEquals("good", back.tone(), "a later positive answer replaces the rejection");

    Verdict consumed = of(TransmissionState.CONSUMED, List.of());
    assertTrue(consumed.headline().contains("Message Level Status for this gateway"), consumed.headline());
  }
}
