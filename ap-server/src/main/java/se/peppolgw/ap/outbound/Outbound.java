package se.peppolgw.ap.outbound;

import com.helger.phase4.crypto.IAS4CryptoFactory;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.ServedParticipant;
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
import se.peppolgw.smp.SmpLookupService;

/**
 * The outbound side, composed from the configuration: API servlet, acceptance service, receiver
 * lookup ({@link ConfiguredLookup}: smp-lookup over a static table, a fixed SMP or the SML),
 * phase4 sender, worker and folder watcher.
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
    SmpLookupService lookupService = ConfiguredLookup.service(config, verifier, clock, tls);
    ReceiverLookup lookup = ConfiguredLookup.receiverLookup(config, lookupService, mls, ownAs4Url, keys, clock);
    // one pooled client for all sends of this node: connections to a receiving AP are reused
    PooledHttpPoster http =
        config.outbound().reuseConnections()
            ? new PooledHttpPoster(config.outbound().workers(), config.outbound().responseTimeout(), tls)
            : null;
    PeppolAs4Sender sender =
        new PeppolAs4Sender(
            crypto, keys.seatId(), verifier.asTrustedCAChecker(), ConfiguredLookup.sendingNetwork(config),
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
            new OutboundParser(config.outbound().defaultCountryC1().orElse(null), clock, mls),
            validator,
            policy,
            outbox,
            worker::wake,
            new OutboundService.Repeats(
                config.outbound().duplicateWindow(), config.outbound().idempotencyRetention(), clock),
            se.peppolgw.ap.desk.BuyerProfiles.rules(config, db, store, clock));
    // who may send for which sender participant: our own, plus what configuration adds
    List<String> ours = config.served().participants().stream().map(ServedParticipant::participantId).toList();
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
