package se.peppolgw.smp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * Everything the lookup needs, as plain values. Build with {@link #builder()}; the server maps its own
 * configuration file onto the builder.
 *
 * @param mode                    where answers come from
 * @param smlZone                 DNS zone of the SML (mode SML), e.g. {@link SmlNetwork#dnsZone()}
 * @param fixedSmpUrl             the SMP to ask (mode FIXED_SMP)
 * @param staticTableFile         routing table file (mode STATIC_TABLE), may be null when routes are given
 * @param staticRoutes            routing table entries given in code (mode STATIC_TABLE)
 * @param dnsServer               DNS server for the NAPTR query; null = the system resolver
 * @param dnsTimeout              timeout of one NAPTR query
 * @param smpConnectTimeout       TCP connect timeout towards the SMP
 * @param smpResponseTimeout      read timeout towards the SMP
 * @param positiveTtl             how long a found endpoint is cached (default 15 min)
 * @param negativeTtl             how long "not registered / not supported" is cached (default 1 min)
 * @param maxCacheEntries         cache bound; the least recently used entry is evicted beyond it
 * @param breakerFailureThreshold consecutive failures of one SMP host that open its circuit breaker
 * @param breakerCoolDown         how long an open breaker rejects before letting one trial through
 * @param smpTrustStore           CAs trusted to have issued the SMP signing certificate
 * @param verifySmpSignature      verify the SMP response signature (only ever false in tests)
 * @param clock                   time source for the activation/expiration checks
 * @param ticker                  monotonic nanosecond source for cache lifetimes and breaker cool-downs;
 *                                {@code System::nanoTime} unless a test drives time by hand
 * @param tls                     how HTTPS connections to SMPs are verified (the JDK's trust store
 *                                plus any configured extra one; host names checked; TLS 1.2+)
 */
public record SmpLookupConfig(
    LookupMode mode,
    String smlZone,
    URI fixedSmpUrl,
    Path staticTableFile,
    List<StaticRoute> staticRoutes,
    InetSocketAddress dnsServer,
    Duration dnsTimeout,
    Duration smpConnectTimeout,
    Duration smpResponseTimeout,
    Duration positiveTtl,
    Duration negativeTtl,
    int maxCacheEntries,
    int breakerFailureThreshold,
    Duration breakerCoolDown,
    KeyStore smpTrustStore,
    boolean verifySmpSignature,
    Clock clock,
    LongSupplier ticker,
    OutboundTls tls) {

  public static final Duration DEFAULT_POSITIVE_TTL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_CACHE_ENTRIES = 10_000;
  public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_BREAKER_COOL_DOWN = Duration.ofSeconds(30);
  /** The port a DNS server listens on when "host:port" gives none. */
  public static final int DNS_PORT = 53;

  public SmpLookupConfig {
    Objects.requireNonNull(mode, "mode");
    staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
    requirePositive(dnsTimeout, "dnsTimeout");
    requirePositive(smpConnectTimeout, "smpConnectTimeout");
    requirePositive(smpResponseTimeout, "smpResponseTimeout");
    Objects.requireNonNull(positiveTtl, "positiveTtl");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    requirePositive(breakerCoolDown, "breakerCoolDown");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(tls, "tls");
    if (maxCacheEntries < 1) {
      throw new IllegalArgumentException("maxCacheEntries must be at least 1");
    }
    if (breakerFailureThreshold < 1) {
      throw new IllegalArgumentException("breakerFailureThreshold must be at least 1");
    }
    switch (mode) {
      case SML -> {
        if (smlZone == null || smlZone.isBlank()) {
          throw new IllegalArgumentException("mode SML needs an SML DNS zone");
        }
        requireTrustStore(verifySmpSignature, smpTrustStore);
      }
      case FIXED_SMP -> {
        Objects.requireNonNull(fixedSmpUrl, "mode FIXED_SMP needs fixedSmpUrl");
        requireTrustStore(verifySmpSignature, smpTrustStore);
      }
      case STATIC_TABLE -> {
        if (staticTableFile == null && staticRoutes.isEmpty()) {
          throw new IllegalArgumentException("mode STATIC_TABLE needs a staticTableFile or staticRoutes");
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static void requireTrustStore(boolean verify, KeyStore trustStore) {
    if (verify && trustStore == null) {
      throw new IllegalArgumentException("verifying SMP signatures needs an SMP trust store");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses "host", "host:port" or "[v6addr]:port"; the port defaults to 53. */
  public static InetSocketAddress parseDnsServer(String hostPort) {
    String s = hostPort.trim();
    String host = s;
    int port = DNS_PORT;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      host = s.substring(1, end);
      if (end + 1 < s.length() && s.charAt(end + 1) == ':') {
        port = Integer.parseInt(s.substring(end + 2));
      }
    } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
    }
    return new InetSocketAddress(host, port);
  }

  /** Loads a trust store file (PKCS12 or JKS, detected by the JDK). */
  public static KeyStore loadTrustStore(Path file, char[] password) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(file.getFileName().toString().endsWith(".jks") ? "JKS" : "PKCS12");
      ks.load(in, password);
      return ks;
    }
  }

  /** Builder with the defaults listed on {@link SmpLookupConfig}. */
  public static final class Builder {
    private LookupMode mode = LookupMode.SML;
    private String smlZone = SmlNetwork.PRODUCTION.dnsZone();
    private URI fixedSmpUrl;
    private Path staticTableFile;
    private final List<StaticRoute> staticRoutes = new ArrayList<>();
    private InetSocketAddress dnsServer;
    private Duration dnsTimeout = Duration.ofSeconds(5);
    private Duration smpConnectTimeout = Duration.ofSeconds(5);
    private Duration smpResponseTimeout = Duration.ofSeconds(10);
    private Duration positiveTtl = DEFAULT_POSITIVE_TTL;
    private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
    private int maxCacheEntries = DEFAULT_MAX_CACHE_ENTRIES;
    private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
    private Duration breakerCoolDown = DEFAULT_BREAKER_COOL_DOWN;
    private KeyStore smpTrustStore;
    private boolean verifySmpSignature = true;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private OutboundTls tls = OutboundTls.jdkDefault();

    private Builder() {
    }

    /** Mode SML on one of the OpenPeppol networks. */
    public Builder sml(SmlNetwork network) {
      return sml(network.dnsZone());
    }

    /** Mode SML on any zone (a private SML, a test zone). */
    public Builder sml(String dnsZone) {
      this.mode = LookupMode.SML;
      this.smlZone = dnsZone;
      return this;
    }

    public Builder fixedSmp(URI smpUrl) {
      this.mode = LookupMode.FIXED_SMP;
      this.fixedSmpUrl = smpUrl;
      return this;
    }

    public Builder staticTable(Path tableFile) {
      this.mode = LookupMode.STATIC_TABLE;
      this.staticTableFile = tableFile;
      return this;
    }

    public Builder staticRoute(StaticRoute route) {
      this.mode = LookupMode.STATIC_TABLE;
      this.staticRoutes.add(route);
      return this;
    }

    public Builder mode(LookupMode lookupMode) {
      this.mode = lookupMode;
      return this;
    }

    public Builder dnsServer(InetSocketAddress address) {
      this.dnsServer = address;
      return this;
    }

    /** "host", "host:port" or "[v6addr]:port"; null or blank = the system resolver. */
    public Builder dnsServer(String hostPort) {
      this.dnsServer = hostPort == null || hostPort.isBlank() ? null : parseDnsServer(hostPort);
      return this;
    }

    public Builder dnsTimeout(Duration d) {
      this.dnsTimeout = d;
      return this;
    }

    public Builder smpConnectTimeout(Duration d) {
      this.smpConnectTimeout = d;
      return this;
    }

    public Builder smpResponseTimeout(Duration d) {
      this.smpResponseTimeout = d;
      return this;
    }

    public Builder positiveTtl(Duration d) {
      this.positiveTtl = d;
      return this;
    }

    public Builder negativeTtl(Duration d) {
      this.negativeTtl = d;
      return this;
    }

    public Builder maxCacheEntries(int n) {
      this.maxCacheEntries = n;
      return this;
    }

    public Builder breakerFailureThreshold(int n) {
      this.breakerFailureThreshold = n;
      return this;
    }

    public Builder breakerCoolDown(Duration d) {
      this.breakerCoolDown = d;
      return this;
    }

    public Builder smpTrustStore(KeyStore trustStore) {
      this.smpTrustStore = trustStore;
      return this;
    }

    /** The SMP CAs (G2 and G3) that peppol-commons ships for the network. */
    public Builder peppolSmpTrustStore(SmlNetwork network) {
      this.smpTrustStore = PeppolSmpTrustStores.forNetwork(network);
      return this;
    }

    /** The network's SMP CAs from peppol-commons, the G2 ones only when {@code trustG2}. */
    public Builder peppolSmpTrustStore(SmlNetwork network, boolean trustG2) {
      this.smpTrustStore = PeppolSmpTrustStores.forNetwork(network, trustG2);
      return this;
    }

    public Builder verifySmpSignature(boolean verify) {
      this.verifySmpSignature = verify;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Monotonic nanoseconds for cache lifetimes and breaker cool-downs; tests pass a hand-driven one. */
    public Builder ticker(LongSupplier nanos) {
      this.ticker = nanos;
      return this;
    }

    /** How HTTPS connections to SMPs are verified; the JDK's trust store unless set. */
    public Builder tls(OutboundTls t) {
      this.tls = Objects.requireNonNull(t, "tls");
      return this;
    }

    public SmpLookupConfig build() {
      return new SmpLookupConfig(mode, smlZone, fixedSmpUrl, staticTableFile, staticRoutes, dnsServer, dnsTimeout,
          smpConnectTimeout, smpResponseTimeout, positiveTtl, negativeTtl, maxCacheEntries, breakerFailureThreshold,
          breakerCoolDown, smpTrustStore, verifySmpSignature, clock, ticker, tls);
    }
  }
}
