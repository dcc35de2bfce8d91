package se.peppolgw.smp;

import java.security.KeyStore;

import com.helger.peppol.security.PeppolTrustStores;

/**
 * The SMP CA trust stores shipped by peppol-commons. {@code Config2025} holds the G2 and the G3 SMP CAs;
 * {@link #forNetwork(SmlNetwork, boolean)} drops the G2 ones (revoked 2026-04-01, see
 * {@link PeppolPkiGenerations}).
 */
public final class PeppolSmpTrustStores {
  private PeppolSmpTrustStores() {
  }

  /** The network's SMP CAs, G2 only when {@code trustG2}. */
  public static KeyStore forNetwork(SmlNetwork network, boolean trustG2) {
    return PeppolPkiGenerations.filter(forNetwork(network), trustG2);
  }

  /** All the network's SMP CAs peppol-commons ships (G2 and G3). */
  public static KeyStore forNetwork(SmlNetwork network) {
    return switch (network) {
      case PRODUCTION -> PeppolTrustStores.Config2025.TRUSTSTORE_SMP_PRODUCTION;
      case TEST -> PeppolTrustStores.Config2025.TRUSTSTORE_SMP_TEST;
    };
  }
}
