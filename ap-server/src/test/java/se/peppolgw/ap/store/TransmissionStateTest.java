package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.store.OperatorAction.ACKNOWLEDGE;
import static se.peppolgw.ap.store.OperatorAction.CANCEL;
import static se.peppolgw.ap.store.OperatorAction.REDELIVER;
import static se.peppolgw.ap.store.OperatorAction.RESEND;
import static se.peppolgw.ap.store.OperatorAction.RETRY_NOW;
import static se.peppolgw.ap.store.TransmissionState.ACKNOWLEDGED;
import static se.peppolgw.ap.store.TransmissionState.CANCELLED;
import static se.peppolgw.ap.store.TransmissionState.CONSUMED;
import static se.peppolgw.ap.store.TransmissionState.DELIVERED;
import static se.peppolgw.ap.store.TransmissionState.DUPLICATE;
import static se.peppolgw.ap.store.TransmissionState.FAILED;
import static se.peppolgw.ap.store.TransmissionState.HANDED_OVER;
import static se.peppolgw.ap.store.TransmissionState.PENDING;
import static se.peppolgw.ap.store.TransmissionState.RECEIVED;
import static se.peppolgw.ap.store.TransmissionState.REJECTED;
import static se.peppolgw.ap.store.TransmissionState.RETRY_WAIT;
import static se.peppolgw.ap.store.TransmissionState.SENDING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The life of a transmission: every (from, to) pair of the matrix, and the actions per state. */
class TransmissionStateTest {

  /** The transitions the gateway performs today, written out by hand from the store's SQL. */
  static Map<TransmissionState, Set<TransmissionState>> expectedTransitions() {
    Map<TransmissionState, Set<TransmissionState>> m = new EnumMap<>(TransmissionState.class);
    m.put(RECEIVED, EnumSet.of(HANDED_OVER, ACKNOWLEDGED)); // hand-over; pull-API ack
    m.put(HANDED_OVER, EnumSet.of(ACKNOWLEDGED, RECEIVED)); // ack; operator's re-delivery
    m.put(ACKNOWLEDGED, EnumSet.of(RECEIVED)); // re-delivery
    m.put(REJECTED, EnumSet.noneOf(TransmissionState.class));
    m.put(DUPLICATE, EnumSet.noneOf(TransmissionState.class));
    m.put(CONSUMED, EnumSet.noneOf(TransmissionState.class));
    m.put(PENDING, EnumSet.of(SENDING, CANCELLED)); // claim; cancel
    m.put(SENDING, EnumSet.of(DELIVERED, RETRY_WAIT, FAILED, PENDING)); // outcome; release
    m.put(RETRY_WAIT, EnumSet.of(SENDING, CANCELLED));
    m.put(DELIVERED, EnumSet.noneOf(TransmissionState.class));
    m.put(FAILED, EnumSet.of(PENDING)); // retry now
    m.put(CANCELLED, EnumSet.noneOf(TransmissionState.class));
    return m;
  }

  @Test
  void everyPairOfTheMatrixIsAllowedOrRefusedAsExpected() {
    Map<TransmissionState, Set<TransmissionState>> expected = expectedTransitions();
    assertEquals(EnumSet.allOf(TransmissionState.class), expected.keySet(), "a state without expectations");
    int allowed = 0;
    for (TransmissionState from : TransmissionState.values()) {
      for (TransmissionState to : TransmissionState.values()) {
        boolean ok = expected.get(from).contains(to);
        assertEquals(ok, from.canBecome(to), from + " -> " + to);
        if (ok) {
          allowed++;
          assertEquals(from.direction(), to.direction(), "a transition never changes direction: " + from + " -> " + to);
          assertFalse(from == to, "staying is no transition: " + from);
        }
      }
    }
    assertEquals(14, allowed);
  }

  @Test
  void finalStatesEndOnTheirOwnAndOnlyAnOperatorOrTheBackOfficeMovesThem() {
    Set<TransmissionState> finals = EnumSet.of(ACKNOWLEDGED, REJECTED, DUPLICATE, CONSUMED, DELIVERED, FAILED, CANCELLED);
    for (TransmissionState s : TransmissionState.values()) {
      assertEquals(finals.contains(s), s.isFinal(), s.name());
    }
    // what leaves a final state is an action: a re-delivery, a retry
    assertEquals(EnumSet.of(RECEIVED), ACKNOWLEDGED.next());
    assertTrue(ACKNOWLEDGED.allows(REDELIVER));
    assertEquals(EnumSet.of(PENDING), FAILED.next());
    assertTrue(FAILED.allows(RETRY_NOW));
  }

  @Test
  void directionsSplitTheStatesInTwo() {
    assertEquals(EnumSet.of(RECEIVED, HANDED_OVER, ACKNOWLEDGED, REJECTED, DUPLICATE, CONSUMED),
        states(Direction.IN));
    assertEquals(EnumSet.of(PENDING, SENDING, RETRY_WAIT, DELIVERED, FAILED, CANCELLED), states(Direction.OUT));
    assertEquals(EnumSet.of(RECEIVED, REJECTED, DUPLICATE, CONSUMED, PENDING),
        EnumSet.copyOf(java.util.Arrays.stream(TransmissionState.values()).filter(TransmissionState::isInitial).toList()));
  }

  private static Set<TransmissionState> states(Direction d) {
    Set<TransmissionState> s = EnumSet.noneOf(TransmissionState.class);
    for (TransmissionState t : TransmissionState.values()) {
      if (t.direction() == d) {
        s.add(t);
      }
    }
    return s;
  }

  @Test
  void eachStateAllowsTheActionsOfTodaysRules() {
    Map<TransmissionState, Set<OperatorAction>> expected = new EnumMap<>(TransmissionState.class);
    expected.put(RECEIVED, EnumSet.of(REDELIVER, ACKNOWLEDGE));
    expected.put(HANDED_OVER, EnumSet.of(REDELIVER, ACKNOWLEDGE));
    expected.put(ACKNOWLEDGED, EnumSet.of(REDELIVER)); // acknowledging again is answered "already"
    expected.put(REJECTED, EnumSet.noneOf(OperatorAction.class)); // it never reached the back office
    expected.put(DUPLICATE, EnumSet.noneOf(OperatorAction.class));
    expected.put(CONSUMED, EnumSet.noneOf(OperatorAction.class));
    // not yet delivered and still going out: no resend, it would race the original
    expected.put(PENDING, EnumSet.of(RETRY_NOW, CANCEL));
    expected.put(RETRY_WAIT, EnumSet.of(RETRY_NOW, CANCEL));
    expected.put(SENDING, EnumSet.noneOf(OperatorAction.class)); // an attempt is running
    expected.put(DELIVERED, EnumSet.of(RESEND));
    expected.put(FAILED, EnumSet.of(RETRY_NOW, RESEND));
    expected.put(CANCELLED, EnumSet.of(RESEND));
    Set<OperatorAction> inbound = EnumSet.of(REDELIVER, ACKNOWLEDGE);
    for (TransmissionState s : TransmissionState.values()) {
      assertEquals(expected.get(s), s.allowedActions(), s.name());
      for (OperatorAction a : OperatorAction.values()) {
        assertEquals(expected.get(s).contains(a), s.allows(a), s + " " + a);
        if (s.allows(a)) {
          assertEquals(s.direction() == Direction.IN, inbound.contains(a), s + " " + a);
        }
      }
    }
  }
}
