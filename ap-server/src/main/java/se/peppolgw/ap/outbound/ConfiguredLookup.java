package se.peppolgw.ap.outbound;

import com.helger.peppol.sml.ISMLInfo;
import com.helger.peppol.sml.SMLInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.config.RoutingSettings.StaticRouteConfig;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PeppolPkiGenerations;
import se.peppolgw.smp.ReceiverCertificateChecks;
import se.peppolgw.smp.SmlNetwork;
import se.peppolgw.smp.SmpLookupConfig;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.SmpLookupService;
import se.peppolgw.smp.StaticRoute;
import se.peppolgw.smp.tls.OutboundTls;
/**
 * The receiver lookup that the routing configuration asks for: smp-lookup over a static table, a
 * fixed SMP or the SML (with the SMP trust and signature settings), in local mode wrapped so that
 * documents for this gateway's own participants go to its own AS4 endpoint; and the network the
 * sending report names. Checked at start: a setting that cannot work stops the start with a
 * {@link ConfigException}.
 */
final class ConfiguredLookup {
  // logged under Outbound's name, as before the split: the start-up lines operators know
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

  private ConfiguredLookup() {}

  /**
   * The lookup the outbound worker asks: {@code service}, or without one a lookup that says no
   * route is configured; in local mode with loopback, this gateway's own participants first.
   *
   * @param service the smp-lookup service, or null when static routing has no routes
   */
  static ReceiverLookup receiverLookup(GatewayConfig config, SmpLookupService service, MlsSettings mls,
      Supplier<String> ownAs4Url, ApKeyMaterial keys, Clock clock) {
    ReceiverLookup lookup =
        service != null
            ? service::lookup
            : q -> {
              throw new SmpLookupException(
                  FailureKind.PARTICIPANT_NOT_REGISTERED,
                  "No static routes are configured (gateway.routing.static-routes /"
                      + " gateway.routing.static-table).");
            };
    if (config.mode() == Mode.LOCAL && config.routing().localLoopback()) {
      // our MLS participant too: an MLS we answer ourselves in local mode arrives over real AS4
      lookup = new LocalLoopbackLookup(mls.servedWith(config.served().participants()), ownAs4Url, keys.certificate(), lookup, clock);
      LOG.info("Routing (local mode): documents for this gateway's own participants go to its own"
          + " AS4 endpoint (gateway.routing.local-loopback)");
    }
    return lookup;
  }

  /** The smp-lookup service the routing mode asks for, or null when static routing has no route. */
  static SmpLookupService service(
      GatewayConfig config, ApCertificateVerifier verifier, Clock clock, OutboundTls tls) {
    SmpLookupConfig.Builder b =
        SmpLookupConfig.builder()
            .clock(clock)
            .tls(tls)
            .positiveTtl(config.routing().cacheTtl())
            .negativeTtl(config.routing().negativeCacheTtl());
    String mode = config.routing().mode();
    switch (mode) {
      case "static" -> {
        int routes = 0;
        for (StaticRouteConfig r : config.routing().staticRoutes()) {
          X509Certificate cert = readCertificate(r);
          for (String docType : r.documentTypes()) {
            b.staticRoute(
                new StaticRoute(
                    "iso6523-actorid-upis::" + r.participant(),
                    "busdox-docid-qns::" + docType,
                    r.process() == null ? null : "cenbii-procid-ubl::" + r.process(),
                    r.url(),
                    cert));
            routes++;
          }
        }
        Optional<java.nio.file.Path> table = config.routing().staticTable();
        table.ifPresent(b::staticTable);
        if (routes == 0 && table.isEmpty()) {
          LOG.warn("Routing: static mode without any route; every outbound document will fail as"
              + " not registered");
          return null;
        }
        b.mode(se.peppolgw.smp.LookupMode.STATIC_TABLE);
      }
      case "sml", "fixed-smp" -> {
        if (mode.equals("sml")) {
          b.sml(config.routing().smlZone().orElse(network(config.mode()).dnsZone()));
          config.routing().dnsServer().ifPresent(b::dnsServer);
        } else {
          b.fixedSmp(
              config.routing().smpUrl()
                  .orElseThrow(() -> new ConfigException(
                      "gateway.routing.smp-url is required with gateway.routing.mode=fixed-smp")));
        }
        b.verifySmpSignature(config.routing().verifySmpSignature());
        if (config.routing().smpTruststorePath().isPresent()) {
          b.smpTrustStore(smpTrustStore(config));
        } else if (config.mode() != Mode.LOCAL) {
          // G3 SMP CAs only after 2026-04-01 unless gateway.pki.trust-g2 (PeppolPkiGenerations)
          b.peppolSmpTrustStore(
              network(config.mode()),
              PeppolPkiGenerations.g2Trusted(config.keys().pkiTrustG2(), clock.instant()));
        } else if (config.routing().verifySmpSignature()) {
          throw new ConfigException(
              "gateway.routing.smp-truststore.path is required in local mode with SMP lookups");
        }
      }
      default ->
          throw new ConfigException(
              "gateway.routing.mode = '" + mode + "': expected static, sml or fixed-smp");
    }
    SmpLookupService s =
        SmpLookupService.create(b.build(), ReceiverCertificateChecks.trustedCa(verifier.asTrustedCAChecker()));
    LOG.info("Routing: receivers are looked up by {}", s.modeName());
    return s;
  }

  private static SmlNetwork network(Mode mode) {
    return mode == Mode.PRODUCTION ? SmlNetwork.PRODUCTION : SmlNetwork.TEST;
  }

  /** What the sending report names as the network. */
  static ISMLInfo sendingNetwork(GatewayConfig config) {
    if (config.routing().mode().equals("sml") && config.routing().smlZone().isEmpty()) {
      return network(config.mode()).sml();
    }
    String zone =
        config.routing().mode().equals("sml")
            ? config.routing().smlZone().orElseThrow()
            : config.routing().mode() + ".routing.invalid.";
    return SMLInfo.builder()
        .id("gateway-" + config.routing().mode())
        .displayName("Gateway routing: " + config.routing().mode())
        .dnsZone(zone)
        .managementServiceURL("https://routing.invalid")
        .urlSuffixManageSMP("")
        .urlSuffixManageParticipant("")
        .build();
  }

  private static KeyStore smpTrustStore(GatewayConfig config) {
    java.nio.file.Path p = config.routing().smpTruststorePath().orElseThrow();
    try {
      return SmpLookupConfig.loadTrustStore(p, config.routing().smpTruststorePassword().toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("gateway.routing.smp-truststore.path: cannot read " + p + ": " + e.getMessage());
    }
  }

  private static X509Certificate readCertificate(StaticRouteConfig r) {
    String key = "gateway.routing.static." + r.name() + ".certificate";
    try (InputStream in = Files.newInputStream(r.certificate())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      throw new ConfigException(key + ": cannot read a certificate from " + r.certificate() + ": " + e.getMessage());
    }
  }
}
