package se.peppolgw.ap.pki;

import com.helger.base.state.EChange;
import com.helger.phase4.profile.peppol.PeppolCRLDownloader;
import com.helger.phase4.profile.peppol.Phase4PeppolHttpClientSettings;
import com.helger.security.crl.CRLCache;
import com.helger.security.crl.CRLDownloader;
import java.security.cert.CRL;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * A {@link CRLCache} that retries failed downloads.
 *
 * <p>ph-security 12.1.5's own {@code CRLCache} caches a failed download as "no CRL" without an
 * expiry, so after one CRL outage the revocation status of every certificate of that CA stays
 * undeterminable until the process restarts. This cache remembers a failure only for {@code
 * retryAfterFailure} (so a dead CRL server is not hit by every message), keeps the previous CRL
 * when a refresh fails, and expires a CRL at its nextUpdate at the latest.
 */
public final class RetryingCrlCache extends CRLCache {
  public static final Duration DEFAULT_CACHING_DURATION = CRLCache.DEFAULT_CACHING_DURATION;
  public static final Duration DEFAULT_RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(RetryingCrlCache.class);
  private static volatile RetryingCrlCache peppolDefault;

  private record Entry(CRL crl, Instant expires) {}

  private final Duration retryAfterFailure;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public RetryingCrlCache(
      CRLDownloader downloader, Duration cachingDuration, Duration retryAfterFailure) {
    this(downloader, cachingDuration, retryAfterFailure, Clock.systemUTC());
  }

  RetryingCrlCache(
      CRLDownloader downloader, Duration cachingDuration, Duration retryAfterFailure, Clock clock) {
    super(downloader, cachingDuration);
    this.retryAfterFailure = Objects.requireNonNull(retryAfterFailure, "retryAfterFailure");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A cache downloading with phase4's {@link PeppolCRLDownloader} settings (connect timeout 5 s)
   * but verifying the CRL server's TLS certificate with {@code tls}: phase4's own settings trust
   * every certificate, and a CRL fetched over https from an impostor must not count. CRLs kept
   * 24 h, failures retried after 1 minute.
   */
  public static RetryingCrlCache peppol(OutboundTls tls) {
    return new RetryingCrlCache(
        new PeppolCRLDownloader(tls.applyTo(new Phase4PeppolHttpClientSettings())),
        DEFAULT_CACHING_DURATION,
        DEFAULT_RETRY_AFTER_FAILURE);
  }

  /**
   * The process-wide cache used by {@link ApCertificateVerifier} unless told otherwise: {@link
   * #peppol(OutboundTls)} with the JDK's trust store.
   */
  public static RetryingCrlCache peppolDefault() {
    RetryingCrlCache c = peppolDefault;
    if (c == null) {
      synchronized (RetryingCrlCache.class) {
        c = peppolDefault;
        if (c == null) {
          c = peppol(OutboundTls.jdkDefault());
          peppolDefault = c;
        }
      }
    }
    return c;
  }

  @Override
  public CRL getCRLFromURL(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    Entry e = entries.get(url);
    if (e != null && e.expires().isAfter(now)) {
      return e.crl();
    }
    CRL fresh = getDownloader().downloadCRL(url);
    if (fresh != null) {
      entries.put(url, new Entry(fresh, expiry(fresh, now.plus(getCachingDuration()))));
      return fresh;
    }
    CRL previous = e == null ? null : e.crl();
    LOG.warn(
        "CRL download from {} failed; {} for {}",
        url,
        previous == null ? "retrying" : "keeping the previous CRL and retrying",
        retryAfterFailure);
    entries.put(url, new Entry(previous, now.plus(retryAfterFailure)));
    return previous;
  }

  @Override
  public void setCRLOfURL(String url, CRL crl) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(crl, "crl");
    entries.put(url, new Entry(crl, expiry(crl, clock.instant().plus(getCachingDuration()))));
  }

  @Override
  public EChange clearCache() {
    boolean had = !entries.isEmpty();
    entries.clear();
    return EChange.valueOf(had);
  }

  private static Instant expiry(CRL crl, Instant cachedUntil) {
    if (crl instanceof X509CRL && ((X509CRL) crl).getNextUpdate() != null) {
      Instant next = ((X509CRL) crl).getNextUpdate().toInstant();
      return next.isBefore(cachedUntil) ? next : cachedUntil;
    }
    return cachedUntil;
  }
}
