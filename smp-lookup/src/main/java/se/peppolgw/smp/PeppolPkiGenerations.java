package se.peppolgw.smp;

import com.helger.peppol.security.PeppolTrustStores;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Which generation of the Peppol PKI is trusted. OpenPeppol's PKI G3 migration ended trust in the
 * G2 PKI (root, AP and SMP CAs of both the production and the test network) on 2026-04-01; from
 * then on only G3 CAs are trusted by default. A closed test network that still runs on G2
 * certificates can re-enable them by configuration ({@code gateway.pki.trust-g2=true}).
 *
 * <p>The G2 CAs are peppol-commons' {@code PeppolTrustStores.Config2018} certificates; its {@code
 * Config2025} trust stores hold G2 and G3 together, so they are filtered here.
 */
public final class PeppolPkiGenerations {
  /** The first day (UTC) on which G2 CAs are no longer trusted by default. */
  public static final LocalDate G2_TRUST_ENDS = LocalDate.of(2026, 4, 1);

  // peppol-commons deprecates Config2018 because G2 is over: exactly what is needed to recognise it
  @SuppressWarnings("deprecation")
  private static final List<X509Certificate> G2 =
      List.of(
          PeppolTrustStores.Config2018.CERTIFICATE_PRODUCTION_ROOT,
          PeppolTrustStores.Config2018.CERTIFICATE_PRODUCTION_AP,
          PeppolTrustStores.Config2018.CERTIFICATE_PRODUCTION_SMP,
          PeppolTrustStores.Config2018.CERTIFICATE_PILOT_ROOT,
          PeppolTrustStores.Config2018.CERTIFICATE_PILOT_AP,
          PeppolTrustStores.Config2018.CERTIFICATE_PILOT_SMP);

  private PeppolPkiGenerations() {}

  /** True for a CA certificate of the G2 Peppol PKI (either network). */
  public static boolean isG2(X509Certificate ca) {
    return G2.contains(ca);
  }

  /** Whether G2 CAs are trusted at {@code now}: before 2026-04-01, or when configured. */
  public static boolean g2Trusted(boolean configured, Instant now) {
    return configured || now.isBefore(G2_TRUST_ENDS.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The CAs, without the G2 ones unless {@code trustG2}. */
  public static List<X509Certificate> filter(Collection<X509Certificate> cas, boolean trustG2) {
    return cas.stream().filter(ca -> trustG2 || !isG2(ca)).toList();
  }

  /** A copy of a trust store without its G2 entries unless {@code trustG2} (then the store itself). */
  public static KeyStore filter(KeyStore trustStore, boolean trustG2) {
    if (trustG2) {
      return trustStore;
    }
    try {
      KeyStore copy = KeyStore.getInstance("PKCS12");
      copy.load(null, null);
      for (String alias : Collections.list(trustStore.aliases())) {
        Certificate c = trustStore.getCertificate(alias);
        if (c instanceof X509Certificate x && !isG2(x)) {
          copy.setCertificateEntry(alias, x);
        }
      }
      return copy;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot copy the Peppol trust store: " + e.getMessage(), e);
    }
  }
}
