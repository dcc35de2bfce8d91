package se.peppolgw.ap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.helger.security.crl.CRLCache;
import com.helger.security.crl.CRLDownloader;
import com.helger.security.revocation.ERevocationCheckMode;
import java.security.cert.CRL;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.pki.ApCertificateVerifier.RevocationPolicy;
import se.peppolgw.ap.pki.ApCertificateVerifier.Status;

class RetryingCrlCacheTest {
  private static final String URL = "http://crl.invalid/ca.crl";

  /** Fails until {@link #crl} is set; counts calls. */
  private static final class FlakyDownloader extends CRLDownloader {
    final AtomicInteger calls = new AtomicInteger();
    volatile CRL crl;

    @Override
    public CRL downloadCRL(String url) {
      calls.incrementAndGet();
      return crl;
    }
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aFailedDownloadIsRetriedAfterTheRetryIntervalNotOnEveryCall() {
    DevCa ca = DevPki.createStandaloneCa("CRL Test CA");
    Instant now = Instant.now();
    X509CRL crl = ca.createCrl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
    FlakyDownloader d = new FlakyDownloader();
    MutableClock clock = new MutableClock();
    RetryingCrlCache cache =
        new RetryingCrlCache(d, Duration.ofHours(24), Duration.ofMinutes(1), clock);

    assertNull(cache.getCRLFromURL(URL));
    assertNull(cache.getCRLFromURL(URL));
    assertEquals(1, d.calls.get(), "no second download within the retry interval");

    d.crl = crl; // the CRL server is back
    clock.now = clock.now.plus(Duration.ofSeconds(61));
    assertSame(crl, cache.getCRLFromURL(URL));
    assertSame(crl, cache.getCRLFromURL(URL));
    assertEquals(2, d.calls.get());

    // refresh fails: the previous CRL is kept
    d.crl = null;
    clock.now = clock.now.plus(Duration.ofHours(25));
    assertSame(crl, cache.getCRLFromURL(URL));
    assertEquals(3, d.calls.get());
  }

  @Test
  void libraryCacheNeverRetriesAFailedDownload() {
    // documents why RetryingCrlCache exists; if this fails, ph-security fixed it
    FlakyDownloader d = new FlakyDownloader();
    CRLCache library = new CRLCache(d, Duration.ofHours(24));
    assertNull(library.getCRLFromURL(URL));
    d.crl = DevPki.createStandaloneCa("X").createCrl(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
    assertNull(library.getCRLFromURL(URL));
    assertEquals(1, d.calls.get());
  }

  @Test
  void theVerifierRecoversOnceTheCrlCanBeFetchedAgain() {
    DevCa ca = DevPki.createStandaloneCa("Recovering CA");
    Instant now = Instant.now();
    X509Certificate cert =
        ca.issueApCertificate("PSE000007", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)), URL)
            .certificate();
    FlakyDownloader d = new FlakyDownloader();
    MutableClock clock = new MutableClock();
    RetryingCrlCache cache = new RetryingCrlCache(d, Duration.ofHours(24), Duration.ofMinutes(1), clock);
    ApCertificateVerifier v =
        ApCertificateVerifier.forCas(
            Mode.PRODUCTION,
            List.of(ca.certificate()),
            RevocationPolicy.defaults().withCheckMode(ERevocationCheckMode.CRL).withCrlCache(cache));

    assertEquals(Status.REVOCATION_UNKNOWN, v.verify(cert, now).status());
    d.crl = ca.createCrl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertEquals(Status.VALID, v.verify(cert, now).status());
  }
}
