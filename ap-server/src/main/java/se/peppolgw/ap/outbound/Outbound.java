package se.peppolgw.ap.outbound;

import com.helger.peppol.sml.ISMLInfo;
import com.helger.peppol.sml.SMLInfo;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.config.RoutingSettings.StaticRouteConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.StatusNoticeStore;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.PeppolRuleCalendar;
import se.peppolgw.ap.validation.RuleSetFreshness;
import se.peppolgw.smp.tls.OutboundTls;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PeppolPkiGenerations;
import se.peppolgw.smp.ReceiverCertificateChecks;
import se.peppolgw.smp.SmlNetwork;
import se.peppolgw.smp.SmpLookupConfig;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.SmpLookupService;
import se.peppolgw.smp.StaticRoute;

/**
 * The outbound side, composed from the configuration: API servlet, acceptance service, receiver
 * lookup (smp-lookup: static table, fixed SMP or SML), phase4 sender, worker and folder watcher.
 */
public final class Outbound implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

  private final OutboxStore outbox;
  private final OutboundService service;
  private final OutboundWorker worker;
  private final OutboundApiServlet servlet;
  private final SmpLookupService lookupService;
  private final OutboundFolder folder;
  private final PooledHttpPoster http;
  private final Duration grace;
  private final PeppolBisValidator validator;
  private final Warmth warmth;
  /** Null without gateway.outbound.webhook.url. */
  private final OutboundStatusWebhook statusWebhook;

  private Outbound(
      OutboxStore outbox,
      OutboundService service,
      OutboundWorker worker,
      OutboundApiServlet servlet,
      SmpLookupService lookupService,
      OutboundFolder folder,
      PooledHttpPoster http,
      Duration grace,
      PeppolBisValidator validator,
      Warmth warmth,
      OutboundStatusWebhook statusWebhook) {
    this.warmth = warmth;
    this.statusWebhook = statusWebhook;
    this.outbox = outbox;
    this.service = service;
    this.worker = worker;
    this.servlet = servlet;
    this.lookupService = lookupService;
    this.folder = folder;
    this.http = http;
    this.grace = grace;
    this.validator = validator;
  }

  public static Outbound start(
      GatewayConfig config,
      Database db,
      TransmissionStore store,
      ApKeyMaterial keys,
      ApCertificateVerifier verifier,
      IAS4CryptoFactory crypto,
      ApiTokens tokens,
      Supplier<String> ownAs4Url,
      Clock clock,
      PeppolRuleCalendar rulesCalendar,
      Runnable beforeWarmUp,
      se.peppolgw.ap.jobs.Scheduler jobs) {
    Optional<URI> statusHook = config.outbound().webhookUrl();
    OutboxStore outbox = new OutboxStore(db, clock, store.reportingCapture(), statusHook.isPresent());
    MlsSettings mls = MlsSettings.from(config.source(), keys.seatId());
    PeppolBisValidator validator = new PeppolBisValidator(clock, rulesCalendar);
    logRuleSetFreshness(validator.freshness());
    ValidationPolicy policy =
        new ValidationPolicy(config.outbound().validationEnabled(), config.outbound().validationAllowSkip());
    if (!policy.enabled()) {
      LOG.warn("Outbound Peppol BIS validation is switched OFF (gateway.outbound.validation.enabled)");
    }
    Warmth warmth = new Warmth();
    Thread warm =
        new Thread(
            () -> {
              try {
                beforeWarmUp.run();
                if (policy.enabled()) {
                  validator.warmUp();
                }
              } finally {
                // a warm-up that failed is logged; the gateway then serves, slower, rather than never
                warmth.warmed();
              }
            },
            "validation-warm-up");
    warm.setDaemon(true);
    warm.start();
    // every outbound HTTPS connection (AS4, SMP) verifies its server: JDK CAs plus configured ones
    OutboundTls tls = config.outbound().tls();
    if (tls.extraCaCount() > 0) {
      LOG.info("Outbound HTTPS trusts the JDK's CAs and {} from gateway.outbound.tls.truststore.path",
          tls.extraCaCount());
    }
    SmpLookupService lookupService = lookupService(config, verifier, clock, tls);
    ReceiverLookup lookup =
        lookupService != null
            ? lookupService::lookup
            : q -> {
              throw new SmpLookupException(
                  FailureKind.PARTICIPANT_NOT_REGISTERED,
                  "No static routes are configured (gateway.routing.static-routes /"
                      + " gateway.routing.static-table).");
            };
    if (config.mode() == Mode.LOCAL && config.routing().localLoopback()) {
      // our MLS participant too: an MLS we answer ourselves in local mode arrives over real AS4
      lookup = new LocalLoopbackLookup(mls.servedWith(config.participants()), ownAs4Url, keys.certificate(), lookup, clock);
      LOG.info("Routing (local mode): documents for this gateway's own participants go to its own"
          + " AS4 endpoint (gateway.routing.local-loopback)");
    }
    // one pooled client for all sends of this node: connections to a receiving AP are reused
    PooledHttpPoster http =
        config.outbound().reuseConnections()
            ? new PooledHttpPoster(config.outbound().workers(), config.outbound().responseTimeout(), tls)
            : null;
    PeppolAs4Sender sender =
        new PeppolAs4Sender(
            crypto, keys.seatId(), verifier.asTrustedCAChecker(), network(config),
            config.outbound().responseTimeout(), http, tls);
    // Running sends extend their leases every third of the lease; a lease shorter than one attempt
    // still works but rests entirely on those renewals (a database hiccup longer than the lease
    // lets another node send in parallel, and the first outcome is then not recorded).
    Duration longestAttempt = config.outbound().responseTimeout().plus(PeppolAs4Sender.CONNECT_TIMEOUT);
    if (config.outbound().lease().compareTo(longestAttempt) <= 0) {
      LOG.warn(
          "gateway.outbound.lease-seconds ({} s) is not longer than one attempt can take ({} s:"
              + " gateway.outbound.response-timeout-seconds + connect timeout); raise it",
          config.outbound().lease().toSeconds(),
          longestAttempt.toSeconds());
    }
    RetryPolicy retry =
        new RetryPolicy(
            config.outbound().retry().maxAttempts(),
            config.outbound().retry().initialDelay(),
            config.outbound().retry().multiplier(),
            config.outbound().retry().maxDelay(),
            config.outbound().retry().jitter());
    OutboundWorker worker =
        new OutboundWorker(
            outbox,
            store,
            lookup,
            sender,
            retry,
            config.nodeId(),
            keys.seatId(),
            config.outbound().lease(),
            config.outbound().pollInterval(),
            config.outbound().workers(),
            clock);
    OutboundService service =
        new OutboundService(
            new OutboundParser(config.outboundDefaultCountryC1().orElse(null), clock, mls),
            validator,
            policy,
            outbox,
            worker::wake,
            new OutboundService.Repeats(
                config.outbound().duplicateWindow(), config.outbound().idempotencyRetention(), clock),
            se.peppolgw.ap.desk.BuyerProfiles.rules(config, db, store, clock));
    // who may send for which sender participant: our own, plus what configuration adds
    List<String> ours = config.participants().stream().map(ServedParticipant::participantId).toList();
    OutboundApiServlet servlet =
        new OutboundApiServlet(
            service, store, outbox, new se.peppolgw.ap.store.OutboundListing(db), tokens, ours,
            config.outbound().maxDocumentBytes(), warmth);
    worker.start();
    OutboundFolder folder =
        config.outbound().dir()
            .map(d -> new OutboundFolder(d, service, store::find, config.outbound().maxDocumentBytes(),
                    SenderScope.of("the outbound folder", ours, config.outbound().dirMaySendFor()), warmth,
                    new FolderMlsResults(new se.peppolgw.ap.store.MlsStore(db)::latest, store::timeline))
                .start())
            .orElse(null);
    OutboundStatusWebhook statusWebhook =
        statusHook
            .map(u -> new OutboundStatusWebhook(u, config.outbound().webhookSecret(),
                    new StatusNoticeStore(db, clock), store::find, config.nodeId(),
                    config.outbound().webhookRetryInitialDelay(), clock, tls)
                .start(jobs, config.outbound().pollInterval()))
            .orElse(null);
    long waiting = outbox.size();
    if (waiting > 0) {
      LOG.info("Outbound: {} unfinished document(s) in the outbox; resuming", waiting);
    }
    return new Outbound(
        outbox, service, worker, servlet, lookupService, folder, http, config.http().shutdownGrace(), validator,
        warmth, statusWebhook);
  }

  private static SmpLookupService lookupService(
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
              PeppolPkiGenerations.g2Trusted(config.pkiTrustG2(), clock.instant()));
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
  private static ISMLInfo network(GatewayConfig config) {
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

  public HttpServlet servlet() {
    return servlet;
  }

  public OutboundService service() {
    return service;
  }

  /** Whether validation is warm: until then new documents are refused with 503 + Retry-After. */
  public Warmth warmth() {
    return warmth;
  }

  /** The Peppol rule validator (shared with the validation of received documents). */
  public PeppolBisValidator validator() {
    return validator;
  }

  public OutboxStore outbox() {
    return outbox;
  }

  public OutboundWorker worker() {
    return worker;
  }

  /** The receiver lookup, or empty when static routing has no routes. */
  public Optional<SmpLookupService> lookupService() {
    return Optional.ofNullable(lookupService);
  }

  /** Stops the folder watcher and the worker; running sends get the shutdown grace to finish. */
  @Override
  public void close() {
    if (folder != null) {
      folder.close();
    }
    worker.stop(grace);
    if (statusWebhook != null) {
      statusWebhook.close();
    }
    if (http != null) {
      http.close();
    }
  }

  /**
   * Where the MLS side reports an answer to an outbound transmission: with an outbound status
   * webhook configured the back office gets a callback (see {@link
   * OutboundStatusWebhook#notifyMlsAnswer}); a document from the outbound folder gets the answer
   * in its result file ({@link OutboundFolder#mlsAnswered}).
   */
  public void notifyMlsAnswer(String transmissionId, String mlsResponseCode, String reasonCode, String reason) {
    if (folder != null) {
      folder.mlsAnswered(transmissionId);
    }
    if (statusWebhook != null) {
      statusWebhook.notifyMlsAnswer(transmissionId, mlsResponseCode, reasonCode, reason);
    }
  }

  /** The start-up line on the Peppol BIS rules: a warning when they are outdated. */
  static void logRuleSetFreshness(RuleSetFreshness f) {
    f.warning()
        .ifPresentOrElse(
            LOG::warn,
            () ->
                LOG.info(
                    "Peppol BIS rules: release {} in force, newest bundled {}",
                    f.inForceVersion(),
                    f.newestBundledVersion()));
  }

  /** Whether the Peppol BIS rules keep up with the release calendar (health, dashboard). */
  public RuleSetFreshness rulesFreshness() {
    return validator.freshness();
  }
}
