package se.peppolgw.smp;

import java.security.KeyStore;

import com.helger.peppol.security.PeppolTrustStores;

/**
 * The SMP CA trust stores shipped by peppol-commons. {@code Config2025} holds the G2 and the G3 SMP CAs,
 * so SMPs signed under either PKI generation are accepted during the migration.
 */
public final class PeppolSmpTrustStores {
  private PeppolSmpTrustStores() {
  }

  public static KeyStore forNetwork(SmlNetwork network) {
    return switch (network) {
      case PRODUCTION -> PeppolTrustStores.Config2025.TRUSTSTORE_SMP_PRODUCTION;
      case TEST -> PeppolTrustStores.Config2025.TRUSTSTORE_SMP_TEST;
    };
  }
}
