package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The SQL literals the store writes for its enums are exactly the names it stores. */
class JdbcLiteralsTest {
  @Test
  void oneConstantIsItsQuotedName() {
    assertEquals("'RETRY_WAIT'", Jdbc.lit(TransmissionState.RETRY_WAIT));
    assertEquals("'IN'", Jdbc.lit(Direction.IN));
    assertEquals("'MLS_REQUESTED'", Jdbc.lit(EventType.MLS_REQUESTED));
  }

  @Test
  void aListIsParenthesisedAndKeepsItsOrder() {
    assertEquals("('RECEIVED','HANDED_OVER')", Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER));
    assertEquals("('FAILED')", Jdbc.in(TransmissionState.FAILED));
  }
}
