package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import se.peppolgw.ap.outbound.SendFailure;

/** Finding 7b: a refused TLS handshake reads in clear words on the transmission's verdict. */
class VerdictTlsTest {
  @Test
  void aRefusedHandshakeNamesTheCertificateAndTheKeyToFixIt() {
    String as4 = Verdict.side(SendFailure.fromStoredCode("TLS_HANDSHAKE_FAILED"), "TLS_HANDSHAKE_FAILED");
    assertTrue(as4.contains("receiving access point") && as4.contains("TLS certificate"), as4);
    assertTrue(as4.contains("nothing was sent") && as4.contains("gateway.outbound.tls.truststore.path"), as4);
    String smp = Verdict.side(SendFailure.fromStoredCode("SMP_TLS_HANDSHAKE_FAILED"), "SMP_TLS_HANDSHAKE_FAILED");
    assertTrue(smp.contains("receiver's SMP"), smp);
  }
}
