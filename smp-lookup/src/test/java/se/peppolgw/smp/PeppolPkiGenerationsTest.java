package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.security.PeppolTrustStores.Config2018;
import com.helger.peppol.security.PeppolTrustStores.Config2025;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** G2 Peppol CAs are trusted only before 2026-04-01 or when configured; G3 always. */
@SuppressWarnings("deprecation") // Config2018: the G2 certificates, deprecated as G2 is over
class PeppolPkiGenerationsTest {
  static final Instant BEFORE = Instant.parse("2026-03-31T23:59:59Z");
  static final Instant AFTER = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void g2IsTrustedByDefaultOnlyBeforeTheRevocation() {
    assertTrue(PeppolPkiGenerations.g2Trusted(false, BEFORE));
    assertFalse(PeppolPkiGenerations.g2Trusted(false, AFTER));
    assertTrue(PeppolPkiGenerations.g2Trusted(true, AFTER), "re-enabled by configuration");
  }

  @Test
  void theRealG2AndG3CasAreToldApart() {
    for (X509Certificate g2 :
        List.of(Config2018.CERTIFICATE_PRODUCTION_AP, Config2018.CERTIFICATE_PILOT_AP,
            Config2018.CERTIFICATE_PRODUCTION_SMP, Config2018.CERTIFICATE_PILOT_SMP)) {
      assertTrue(PeppolPkiGenerations.isG2(g2), g2.getSubjectX500Principal().getName());
      assertTrue(g2.getSubjectX500Principal().getName().contains("G2"));
    }
    for (X509Certificate g3 :
        List.of(Config2025.CERTIFICATE_PRODUCTION_AP, Config2025.CERTIFICATE_TEST_AP,
            Config2025.CERTIFICATE_PRODUCTION_SMP, Config2025.CERTIFICATE_TEST_SMP)) {
      assertFalse(PeppolPkiGenerations.isG2(g3), g3.getSubjectX500Principal().getName());
    }
  }

  @Test
  void filteringKeepsG3AndOtherCasAndDropsG2() {
    List<X509Certificate> cas =
        List.of(Config2018.CERTIFICATE_PILOT_AP, Config2025.CERTIFICATE_TEST_AP);
    assertEquals(List.of(Config2025.CERTIFICATE_TEST_AP), PeppolPkiGenerations.filter(cas, false));
    assertEquals(cas, PeppolPkiGenerations.filter(cas, true));
  }

  private static List<String> aliases(KeyStore ks) throws Exception {
    return new ArrayList<>(Collections.list(ks.aliases()));
  }

  @Test
  void smpTrustStoresWithoutG2HoldOnlyTheG3SmpCa() throws Exception {
    for (SmlNetwork n : SmlNetwork.values()) {
      KeyStore g3 = PeppolSmpTrustStores.forNetwork(n, false);
      List<String> a = aliases(g3);
      assertTrue(a.stream().anyMatch(s -> s.contains("service metadata publisher") && s.contains("g3")), n + ": " + a);
      assertTrue(a.stream().noneMatch(s -> s.contains("g2")), n + ": " + a);
      for (String alias : a) {
        assertFalse(PeppolPkiGenerations.isG2((X509Certificate) g3.getCertificate(alias)));
      }
      // with the key: the shipped store, G2 included
      KeyStore all = PeppolSmpTrustStores.forNetwork(n, true);
      assertSame(PeppolSmpTrustStores.forNetwork(n), all);
      assertTrue(aliases(all).stream().anyMatch(s -> s.contains("g2")));
    }
  }
}
