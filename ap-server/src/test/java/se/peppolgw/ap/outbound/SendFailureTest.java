package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.peppolgw.smp.FailureKind;

/** The failure kinds: every code an earlier gateway stored reads back, each kind round-trips. */
class SendFailureTest {

  /** Every error code the gateway wrote on an outbound transmission before SendFailure existed. */
  static Map<String, SendFailure> codesWrittenBefore() {
    Map<String, SendFailure> m = new LinkedHashMap<>();
    // AttemptClassifier
    m.put("TRANSPORT_ERROR", SendFailure.TRANSPORT_ERROR);
    m.put("TLS_HANDSHAKE_FAILED", SendFailure.TLS_HANDSHAKE_FAILED);
    m.put("HTTP_400", SendFailure.HTTP_CLIENT_ERROR);
    m.put("HTTP_404", SendFailure.HTTP_CLIENT_ERROR);
    m.put("HTTP_413", SendFailure.HTTP_CLIENT_ERROR);
    m.put("HTTP_499", SendFailure.HTTP_CLIENT_ERROR);
    m.put("HTTP_500", SendFailure.HTTP_SERVER_ERROR);
    m.put("HTTP_502", SendFailure.HTTP_SERVER_ERROR);
    m.put("HTTP_503", SendFailure.HTTP_SERVER_ERROR);
    m.put("HTTP_504", SendFailure.HTTP_SERVER_ERROR);
    m.put("NO_SIGNAL", SendFailure.NO_SIGNAL);
    m.put("INVALID_SIGNAL", SendFailure.INVALID_SIGNAL);
    m.put("INVALID_RESPONSE", SendFailure.INVALID_RESPONSE);
    m.put("RECEIVER_CERTIFICATE_INVALID", SendFailure.RECEIVER_CERTIFICATE_INVALID);
    m.put("SEND_REFUSED", SendFailure.SEND_REFUSED);
    m.put("INVALID_PARAMETERS", SendFailure.INVALID_PARAMETERS);
    m.put("RECEIPT_NOT_FOR_US", SendFailure.RECEIPT_NOT_FOR_US);
    m.put("RECEIPT_NOT_VERIFIED", SendFailure.RECEIPT_NOT_VERIFIED);
    m.put("RECEIPT_WITHOUT_NRR", SendFailure.RECEIPT_WITHOUT_NRR);
    m.put("AS4_ERROR", SendFailure.AS4_ERROR);
    m.put("EBMS:0001", SendFailure.RECEIVER_AS4_ERROR);
    m.put("EBMS:0004", SendFailure.RECEIVER_AS4_ERROR);
    m.put("EBMS:0101", SendFailure.RECEIVER_AS4_ERROR);
    m.put("EBMS:0103", SendFailure.RECEIVER_AS4_ERROR);
    m.put("EBMS:0301", SendFailure.RECEIVER_AS4_ERROR);
    // the worker: smp-lookup's FailureKind names
    for (FailureKind k : FailureKind.values()) {
      m.put(k.name(), SendFailure.valueOf(k.name()));
    }
    return m;
  }

  @Test
  void everyCodeWrittenByEarlierVersionsReadsAsItsKind() {
    codesWrittenBefore().forEach((code, kind) ->
        assertEquals(Optional.of(kind), SendFailure.fromStoredCode(code), code));
    assertEquals(Optional.empty(), SendFailure.fromStoredCode(null));
    for (String never : new String[] {"", "OK", "SUCCESS", "HTTP_200", "HTTP_5", "EBMS:4", "ebms:0004", "Gave up"}) {
      assertEquals(Optional.empty(), SendFailure.fromStoredCode(never), never);
    }
  }

  /** A stored code of every kind; a family needs a value from outside. */
  static String sample(SendFailure f) {
    return switch (f) {
      case HTTP_CLIENT_ERROR -> f.code("HTTP_404");
      case HTTP_SERVER_ERROR -> f.code("HTTP_502");
      case RECEIVER_AS4_ERROR, RECEIVER_UNAVAILABLE -> f.code("EBMS:0004");
      default -> f.code(null);
    };
  }

  @Test
  void everyKindReadsBackFromTheCodeItStores() {
    for (SendFailure f : SendFailure.values()) {
      String code = sample(f);
      assertEquals(Optional.of(f), SendFailure.fromStored(code, f.isRetryable()), f + " stored as " + code);
      assertFalse(f.description().isBlank(), f.name());
      assertTrue(f.sideLine().startsWith(f.side().words() + ": "), f.sideLine());
      assertTrue(f.sideLine().endsWith("."), f.sideLine());
    }
  }

  @Test
  void anEbmsCodeIsTheReceiversRefusalUnlessItWasRetried() {
    assertEquals(Optional.of(SendFailure.RECEIVER_AS4_ERROR), SendFailure.fromStored("EBMS:0004", false));
    assertEquals(Optional.of(SendFailure.RECEIVER_UNAVAILABLE), SendFailure.fromStored("EBMS:0004", true));
    assertEquals(Optional.of(SendFailure.TRANSPORT_ERROR), SendFailure.fromStored("TRANSPORT_ERROR", true));
    assertTrue(SendFailure.RECEIVER_AS4_ERROR.isErrorSignal() && SendFailure.RECEIVER_UNAVAILABLE.isErrorSignal());
    assertFalse(SendFailure.HTTP_SERVER_ERROR.isErrorSignal());
  }

  @Test
  void aFamilyTakesOnlyValuesOfItsShape() {
    assertEquals("HTTP_503", SendFailure.HTTP_SERVER_ERROR.code("HTTP_503"));
    assertThrows(IllegalArgumentException.class, () -> SendFailure.HTTP_SERVER_ERROR.code("HTTP_404"));
    assertThrows(IllegalArgumentException.class, () -> SendFailure.HTTP_CLIENT_ERROR.code(null));
    assertThrows(IllegalArgumentException.class, () -> SendFailure.RECEIVER_AS4_ERROR.code("PEPPOL:NOT_SERVICED"));
    assertTrue(SendFailure.RECEIVER_AS4_ERROR.isFamily());
    assertFalse(SendFailure.TRANSPORT_ERROR.isFamily());
    // a fixed code ignores the value: there is nothing from outside in it
    assertEquals("NO_SIGNAL", SendFailure.NO_SIGNAL.code("HTTP_200"));
  }

  @Test
  void aLookupFailureKeepsSmpLookupsNameAndRetryability() {
    for (FailureKind k : FailureKind.values()) {
      SendFailure f = SendFailure.of(k);
      assertEquals(k.name(), f.code(), k.name());
      assertEquals(k.isRetryable(), f.isRetryable(), k.name());
      assertEquals(SendFailure.Stage.LOOKUP, f.stage(), k.name());
    }
  }

  @Test
  void theSideSaysWhoActsInWords() {
    assertEquals(FailureSide.RECEIVER_SMP, SendFailure.PARTICIPANT_NOT_REGISTERED.side());
    assertTrue(SendFailure.PARTICIPANT_NOT_REGISTERED.sideLine().contains("not registered in Peppol"));
    assertEquals(FailureSide.OURS, SendFailure.RECEIVER_AS4_ERROR.side());
    assertEquals(FailureSide.NETWORK, SendFailure.DNS_UNREACHABLE.side());
    assertTrue(SendFailure.TLS_HANDSHAKE_FAILED.sideLine().contains("nothing was sent"));
  }
}
