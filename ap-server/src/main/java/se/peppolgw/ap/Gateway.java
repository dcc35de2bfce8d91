package se.peppolgw.ap;

import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.HealthServlet;
import se.peppolgw.ap.api.InboxApiServlet;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.handover.BackOfficeHandover;
import se.peppolgw.ap.inboundvalidation.InboundDocumentValidator;
import se.peppolgw.ap.inboundvalidation.InboundValidationWorker;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.mls.MlsResponder;
import se.peppolgw.ap.pki.RetryingCrlCache;
import se.peppolgw.ap.http.JettyServer;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.inbound.As4Servlet;
import se.peppolgw.ap.inbound.InboundSettings;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.inbound.SigningCertificatePolicy;
import se.peppolgw.ap.config.AlertSettings;
import se.peppolgw.ap.alerts.Alerts;
import se.peppolgw.ap.metrics.BacklogGauges;
import se.peppolgw.ap.metrics.GatewayMetrics;
import se.peppolgw.ap.metrics.MetricsServlet;
import se.peppolgw.ap.ops.Ops;
import se.peppolgw.ap.reporting.Reporting;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.ApKeyMaterialLoader;
import se.peppolgw.ap.pki.PkiSettings;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The composition root: reads the configuration, loads keys, opens the store, wires phase4 and
 * starts Jetty. {@link #stop()} undoes it in reverse order, gracefully. Every periodic job runs
 * on one {@link Scheduler} owned here; what /health answers is {@link HealthCheck}'s, the local
 * mode API token {@link LocalSecrets}'. Read top to bottom, the constructor is the start order;
 * the rest is the accessors (GatewayMain and the tests use them) and the Builder. It stays one
 * class of about 430 lines on purpose: splitting the start order over several classes would hide
 * which part starts before which, and stop() must undo exactly that order.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  static {
    // before phase4 or TLS asks for a cipher: large encrypted payloads otherwise cost O(n²)
    se.peppolgw.ap.crypto.StreamingGcmDecryption.install();
  }

  private final GatewayConfig config;
  private final ApKeyMaterial keys;
  private final Database db;
  private final TransmissionStore store;
  private final BackOfficeHandover handover;
  private final se.peppolgw.ap.store.InboundValidationStore validations;
  /** Set once outbound (whose validator it uses) has started; woken after each stored message. */
  private volatile InboundValidationWorker inboundValidation;
  /** The periodic jobs of every part; stopped after them (pushed before them). */
  private final Scheduler jobs;
  private final JettyServer http;
  private final Clock clock;
  private final String localApiToken;
  private final Outbound outbound;
  private final Ops ops;
  private final Reporting reporting;
  private final SmpSelfCheckJob smpSelfCheck;
  private final GatewayMetrics metrics;
  /** Null when no alert channel is configured. */
  private final Alerts alerts;

  /** What has started, newest first: undone in this order by stop, or when a later part fails. */
  private final java.util.Deque<AutoCloseable> startedParts;
  private final HealthCheck health;

  /**
   * Starts every part and records it in {@code startedParts}; when a part fails, {@link
   * Builder#start()} stops the ones started before it (ports closed, database closed) and throws
   * the failure, a {@link ConfigException} naming the file or key when the configuration is the
   * cause.
   */
  private Gateway(Builder b, java.util.Deque<AutoCloseable> startedParts) throws Exception {
    this.config = b.config;
    this.clock = b.clock;
    this.startedParts = startedParts;
    // values read only later (by Jetty, by /health) are checked before anything starts
    config.http();
    AlertSettings alertSettings = config.alerts();
    boolean healthDetailsPublic = config.http().healthDetailsPublic();
    Mode mode = config.mode();
    if (mode == Mode.LOCAL) {
      LOG.warn("==============================================================================");
      LOG.warn(" LOCAL MODE: generated dev PKI under {}, static routing, NOT connected to", config.keys().keystoreDir());
      LOG.warn(" the Peppol network. Configure gateway.keystore.* and gateway.mode for real use.");
      LOG.warn("==============================================================================");
    }
    LocalSecrets.protectDataDir(config);
    this.keys = ApKeyMaterialLoader.load(pkiSettings(config), config.localSeatId(), b.clock);
    LOG.info("Access point certificate: {} (valid until {})", keys.subject(), keys.notAfter());

    this.db = Database.open(
            config.store().url(),
            config.store().user(),
            config.store().password(),
            config.store().poolSize(),
            config.store().groupCommitWriters());
    startedParts.push(db::close);
    // a few threads: a slow webhook or SMTP server holds one, the other jobs keep theirs
    this.jobs = new Scheduler("jobs", 4);
    startedParts.push(jobs::close);
    this.store =
        new TransmissionStore(
            db, clock, new se.peppolgw.ap.store.ReportingCapture(config.served().countries()));
    ApiTokens metricsToken = MetricsServlet.token(config.metrics().tokenHash());
    // gauges re-read the backlog at most every 5 s, however often they are scraped
    BacklogGauges backlog =
        new BacklogGauges(new se.peppolgw.ap.store.BacklogStore(db), clock, java.time.Duration.ofSeconds(5));
    this.metrics = new GatewayMetrics(backlog, () -> keys.daysUntilExpiry(clock), db.dataSource());
    startedParts.push(metrics::close);
    this.alerts = Alerts.start(jobs, alertSettings, clock, backlog::current, () -> keys.daysUntilExpiry(clock));
    if (alerts != null) {
      startedParts.push(alerts::close);
    }

    // our service provider participant (0242) receives the MLS answers to what we send
    MlsSettings mls = MlsSettings.from(config.source(), keys.seatId());
    List<ServedParticipant> participants = mls.servedWith(config.served().participants());
    MlsWatch mlsWatch = new MlsWatch(new MlsStore(db), mls.expectedWithin(), clock);
    if (config.served().participants().isEmpty()) {
      LOG.warn("No participants configured (gateway.participants): every inbound business document"
          + " will be refused with PEPPOL:NOT_SERVICED (MLS answers to {} are still received)",
          mls.serviceProviderId());
    }
    participants.forEach(
        p -> LOG.info("Serving participant {} ({}), document types: {}", p.participantId(), p.name(),
            p.documentTypes().isEmpty() ? "any" : p.documentTypes()));

    this.validations = new se.peppolgw.ap.store.InboundValidationStore(db, clock);
    this.handover = BackOfficeHandover.start(config, jobs, db, store, validations, clock);
    startedParts.push(handover::close);

    ApCertificateVerifier verifier =
        ApCertificateVerifier.forKeyMaterial(
            keys, config.keys().revocationSoftFail(), RetryingCrlCache.peppol(config.outbound().tls()));
    InboundSettings inbound =
        new InboundSettings(
            store,
            participants,
            SigningCertificatePolicy.of(verifier),
            keys.seatId(),
            config.inbound().maxPayloadBytes(),
            config.inbound().duplicateAnswer(),
            config.inbound().duplicateWindow(),
            clock,
            this::wakeInboundValidation,
            alerts == null ? metrics : se.peppolgw.ap.inbound.InboundObserver.both(metrics, alerts),
            this::tellBackOfficeOfMls);

    As4Runtime.acquire();
    startedParts.push(As4Runtime::release);
    var crypto =
        new AS4CryptoFactoryInMemoryKeyStore(
            keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());

    LocalSecrets.ApiAccess apiAccess = LocalSecrets.apiAccess(config);
    ApiTokens tokens = apiAccess.tokens();
    this.localApiToken = apiAccess.localToken();
    this.outbound = Outbound.start(
        config, db, store, keys, verifier, crypto, tokens, () -> as4Url().toString(), clock,
        b.rulesCalendar,
        b.beforeWarmUp, jobs);
    startedParts.push(outbound::close);
    outbound.worker().observe(
        alerts == null ? metrics : se.peppolgw.ap.outbound.AttemptObserver.both(metrics, alerts));
    outbound.service().onValidation(metrics::validated);
    this.smpSelfCheck =
        SmpSelfCheckJob.start(
            jobs, config, participants, outbound.lookupService(), () -> as4Url().toString(), keys.certificate(), clock);
    startedParts.push(smpSelfCheck::close);
    this.inboundValidation =
        new InboundValidationWorker(
            jobs,
            store,
            validations,
            new InboundDocumentValidator(outbound.validator(), clock),
            handover::wake,
            mlsResponder(config, mls, outbound, clock)::answerPending,
            config.handover().retryDelay());
    startedParts.push(inboundValidation::close);
    this.ops =
        Ops.start(config, db, store, outbound, handover::wakeHandover,
            keys.notAfter(), smpSelfCheck, clock, jobs);
    startedParts.push(ops::close);
    this.reporting = Reporting.start(config, db, outbound, keys.seatId(), ops.auth(), clock, jobs);
    ops.attachReporting(reporting.desk());
    startedParts.push(reporting::close);

    startedParts.push(
        jobs.every("duplicate-register-purge", java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(60),
            new DuplicateRegisterPurge(config, db, store, outbound, clock))::cancel);
    this.health =
        new HealthCheck(
            new HealthCheck.Parts(mode, db, keys, handover.worker(), inboundValidation, outbound, mlsWatch, smpSelfCheck,
                config.punchoutConfigDir().isPresent(), this::as4Url),
            clock);

    ApiTokens apiTokens = tokens;
    Ops opsPart = ops;
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/as4", new As4Servlet(crypto, inbound));
    servlets.put(
        "/health",
        new HealthServlet(
            health::report,
            req -> healthDetailsPublic || apiTokens.allows(req) || opsPart.isOperator(req)));
    servlets.put("/api/inbox/*", new InboxApiServlet(store, tokens, validations, handover.afterApiAcknowledgement()));
    servlets.put("/metrics", new MetricsServlet(metrics, req -> metricsToken.allows(req) || opsPart.isOperator(req)));
    servlets.put("/api/outbound/*", outbound.servlet());
    se.peppolgw.ap.desk.Desk desk =
        se.peppolgw.ap.desk.Desk.start(config, db, store, outbound.service(), tokens, ops.auth(), clock);
    servlets.putAll(desk.servlets());
    servlets.putAll(ops.servlets());
    servlets.putAll(reporting.servlets());
    servlets.putAll(b.extraServlets);
    // ports bound, nothing served until every part is mounted
    this.http = JettyServer.open(config, servlets);
    startedParts.push(http::stop);
    if (PunchoutMount.mount(config, db, clock, http, desk.catalogue())) {
      health.punchoutMounted();
    }
    http.start();
    health.started(true);
    LOG.info("Gateway listening on {} (AS4 endpoint {}), mode {}", http.localUrl(), as4Url(), mode);
  }

  /** Answers validated inbound documents with a Peppol MLS (docs/mls-receiving.md). */
  private MlsResponder mlsResponder(
      GatewayConfig config, MlsSettings mls, Outbound outbound, Clock clock) {
    String sp = mls.serviceProviderId();
    if (!config.inbound().mlsSend()) {
      LOG.warn("Sending Peppol MLS for received documents is switched OFF (gateway.mls.send)");
    }
    return new MlsResponder(
        store, validations, outbound.service(), sp,
        config.outbound().defaultCountryC1().orElse(null), config.inbound().mlsSend(), clock);
  }

  /** A received MLS answered one of our transmissions: the outbound status webhook tells the back office. */
  private void tellBackOfficeOfMls(String transmissionId, se.peppolgw.ap.mls.MlsResponseCode code, String words) {
    Outbound o = outbound;
    if (o != null) {
      o.notifyMlsAnswer(transmissionId, code.name(), null, words);
    }
  }

  /** After each stored inbound message: validation first, hand-over follows (it waits for it). */
  private void wakeInboundValidation() {
    InboundValidationWorker w = inboundValidation;
    if (w != null) {
      w.wake();
    }
  }

  /** Undoes what has started, newest first; each step's failure is logged, not thrown. */
  private static void stopAll(java.util.Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("While stopping: {}", e.toString());
      }
    }
  }

  private static PkiSettings pkiSettings(GatewayConfig c) {
    return new PkiSettings(
        c.mode(),
        c.keys().keystoreDir(),
        c.keys().keystorePath().orElse(null),
        c.keys().keystorePassword().orElse(null),
        c.keys().keyAlias().orElse(null),
        c.keys().keyPassword().orElse(null),
        c.keys().truststorePath().orElse(null),
        c.keys().truststorePassword().orElse(null),
        c.keys().pkiTrustG2());
  }

  public static String version() {
    String v = Gateway.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The AS4 URL other access points use. */
  public URI as4Url() {
    return config.http().publicUrl().map(u -> u.resolve("/as4")).orElse(http.localUrl().resolve("/as4"));
  }

  public URI localUrl() {
    return http.localUrl();
  }

  public int port() {
    return http.httpPort();
  }

  /** The HTTPS listener's port, or -1 without TLS. */
  public int tlsPort() {
    return http.httpsPort();
  }

  public TransmissionStore store() {
    return store;
  }

  /** The outbound side: API, outbox, worker. */
  public Reporting reporting() {
    return reporting;
  }

  public Outbound outbound() {
    return outbound;
  }

  /** The SMP self-check: last result, run on demand, the periodic tick. */
  public SmpSelfCheckJob smpSelfCheck() {
    return smpSelfCheck;
  }

  /** The scheduler every periodic job runs on (tests). */
  Scheduler jobs() {
    return jobs;
  }

  /** The meters behind GET /metrics. */
  public GatewayMetrics metrics() {
    return metrics;
  }

  public ApKeyMaterial keys() {
    return keys;
  }

  public GatewayConfig config() {
    return config;
  }

  /** The generated local-mode API token, if one was generated. */
  public Optional<String> localApiToken() {
    return Optional.ofNullable(localApiToken);
  }

  /** Stops accepting, finishes in-flight requests, then closes the store. */
  public synchronized void stop() {
    health.started(false);
    stopAll(startedParts);
    LOG.info("Gateway stopped at {}", Instant.now(clock));
  }

  @Override
  public void close() {
    stop();
  }

  public static Builder builder(GatewayConfig config) {
    return new Builder(config);
  }

  /** Starts a gateway; tests add servlets or a clock. */
  public static final class Builder {
    private final GatewayConfig config;
    private Clock clock = Clock.systemUTC();
    private se.peppolgw.ap.validation.PeppolRuleCalendar rulesCalendar =
        se.peppolgw.ap.validation.PeppolRuleCalendar.standard();
    private final Map<String, HttpServlet> extraServlets = new LinkedHashMap<>();
    private Runnable beforeWarmUp = () -> {};

    private Builder(GatewayConfig config) {
      this.config = config;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** The Peppol BIS release calendar (tests add releases the bundled rules lack). */
    public Builder rulesCalendar(se.peppolgw.ap.validation.PeppolRuleCalendar calendar) {
      this.rulesCalendar = calendar;
      return this;
    }

    /** Runs in the warm-up thread before the warm-up (tests hold the gateway "warming up"). */
    public Builder beforeWarmUp(Runnable hook) {
      this.beforeWarmUp = hook;
      return this;
    }

    public Builder servlet(String pathSpec, HttpServlet servlet) {
      extraServlets.put(pathSpec, servlet);
      return this;
    }

    /** Starts every part, or none: see {@link Gateway#Gateway(Builder, java.util.Deque)}. */
    public Gateway start() throws Exception {
      java.util.Deque<AutoCloseable> parts = new java.util.ArrayDeque<>();
      try {
        return new Gateway(this, parts);
      } catch (Exception | Error e) {
        stopAll(parts);
        throw e;
      }
    }
  }
}
