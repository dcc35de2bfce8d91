package se.peppolgw.ap;

import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.HealthServlet;
import se.peppolgw.ap.api.HealthServlet.HealthReport;
import se.peppolgw.ap.api.InboxApiServlet;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.handover.HandoverMode;
import se.peppolgw.ap.handover.HandoverWorker;
import se.peppolgw.ap.handover.InboundBusinessDuplicates;
import se.peppolgw.ap.fs.SafeFiles;
import se.peppolgw.ap.handover.InboxFolderWriter;
import se.peppolgw.ap.inboundvalidation.InboundDocumentValidator;
import se.peppolgw.ap.inboundvalidation.InboundValidationWorker;
import se.peppolgw.ap.mls.MlsResponder;
import se.peppolgw.ap.pki.RetryingCrlCache;
import se.peppolgw.ap.handover.WebhookDelivery;
import se.peppolgw.ap.http.JettyServer;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.inbound.As4Servlet;
import se.peppolgw.ap.inbound.InboundSettings;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.inbound.SigningCertificatePolicy;
import se.peppolgw.ap.alerts.AlertSettings;
import se.peppolgw.ap.alerts.Alerts;
import se.peppolgw.ap.metrics.BacklogGauges;
import se.peppolgw.ap.metrics.GatewayMetrics;
import se.peppolgw.ap.metrics.MetricsServlet;
import se.peppolgw.ap.ops.Ops;
import se.peppolgw.ap.reporting.Reporting;
import se.peppolgw.ap.selfcheck.SelfCheckJson;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.ApKeyMaterialLoader;
import se.peppolgw.ap.pki.PkiSettings;
import se.peppolgw.ap.punchout.JdbcLoginFailureStore;
import se.peppolgw.ap.punchout.JdbcPunchoutEventLog;
import se.peppolgw.ap.punchout.JdbcSessionStore;
import se.peppolgw.punchout.PunchoutGateway;
import se.peppolgw.punchout.PunchoutSettings;
import se.peppolgw.punchout.PunchoutStores;
import se.peppolgw.punchout.ServletMount;
import se.peppolgw.ap.store.BusinessDuplicateStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The composition root: reads the configuration, loads keys, opens the store, wires phase4 and
 * starts Jetty. {@link #stop()} undoes it in reverse order, gracefully.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final ApKeyMaterial keys;
  private final Database db;
  private final TransmissionStore store;
  private final HandoverWorker handover;
  private final se.peppolgw.ap.store.InboundValidationStore validations;
  /** Set once outbound (whose validator it uses) has started; woken after each stored message. */
  private volatile InboundValidationWorker inboundValidation;
  private final MlsWatch mlsWatch;
  private final ScheduledExecutorService housekeeping;
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
  private final boolean punchoutConfigured;
  private volatile boolean punchoutMounted;
  /** Set once everything configured has started: until then /health is not UP. */
  private volatile boolean started;

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
    config.httpLimits();
    AlertSettings alertSettings = AlertSettings.from(config.source());
    boolean healthDetailsPublic = config.healthDetailsPublic();
    this.punchoutConfigured = config.punchoutConfigDir().isPresent();
    Mode mode = config.mode();
    if (mode == Mode.LOCAL) {
      LOG.warn("==============================================================================");
      LOG.warn(" LOCAL MODE: generated dev PKI under {}, static routing, NOT connected to", config.keystoreDir());
      LOG.warn(" the Peppol network. Configure gateway.keystore.* and gateway.mode for real use.");
      LOG.warn("==============================================================================");
    }
    // tokens, passwords and (H2) the database live here: owner only, from creation on
    if (mode == Mode.LOCAL || config.dbUrl().startsWith("jdbc:h2:")) {
      SafeFiles.createDirectories(config.dataDir(), SafeFiles.PRIVATE_DIR);
      SafeFiles.warnIfOthersMayRead(config.dataDir());
    }
    this.keys = ApKeyMaterialLoader.load(pkiSettings(config), config.localSeatId(), b.clock);
    LOG.info("Access point certificate: {} (valid until {})", keys.subject(), keys.notAfter());

    this.db = Database.open(
            config.dbUrl(),
            config.dbUser(),
            config.dbPassword(),
            config.dbPoolSize(),
            config.dbGroupCommitWriters());
    startedParts.push(db::close);
    this.store =
        new TransmissionStore(
            db, clock, new se.peppolgw.ap.store.ReportingCapture(config.participantCountries()));
    ApiTokens metricsToken = MetricsServlet.token(config.metricsTokenHash());
    // gauges re-read the backlog at most every 5 s, however often they are scraped
    BacklogGauges backlog =
        new BacklogGauges(new se.peppolgw.ap.store.BacklogStore(db), clock, java.time.Duration.ofSeconds(5));
    this.metrics = new GatewayMetrics(backlog, () -> keys.daysUntilExpiry(clock), db.dataSource());
    startedParts.push(metrics::close);
    this.alerts = Alerts.start(alertSettings, clock, backlog::current, () -> keys.daysUntilExpiry(clock));
    if (alerts != null) {
      startedParts.push(alerts::close);
    }

    // our service provider participant (0242) receives the MLS answers to what we send
    MlsSettings mls = MlsSettings.from(config.source(), keys.seatId());
    List<ServedParticipant> participants = mls.servedWith(config.participants());
    this.mlsWatch = new MlsWatch(new MlsStore(db), mls.expectedWithin(), clock);
    if (config.participants().isEmpty()) {
      LOG.warn("No participants configured (gateway.participants): every inbound business document"
          + " will be refused with PEPPOL:NOT_SERVICED (MLS answers to {} are still received)",
          mls.serviceProviderId());
    }
    participants.forEach(
        p -> LOG.info("Serving participant {} ({}), document types: {}", p.participantId(), p.name(),
            p.documentTypes().isEmpty() ? "any" : p.documentTypes()));

    Set<HandoverMode> modes = config.handoverModes();
    LOG.info("Hand-over to the back office (gateway.handover.modes): {}; acknowledged by {}",
        modes.stream().map(HandoverMode::key).toList(), HandoverMode.acknowledgementRules(modes));
    Optional<Path> inbox = modes.contains(HandoverMode.FOLDER) ? config.inboxDir() : Optional.empty();
    WebhookDelivery webhook =
        modes.contains(HandoverMode.WEBHOOK)
            ? new WebhookDelivery(config.webhookUrl().orElseThrow(), config.webhookSecret(), clock,
                config.outboundTls())
            : null;
    // received business duplicates are flagged after the commit, never on the receipt path
    InboundBusinessDuplicates duplicates =
        new InboundBusinessDuplicates(new BusinessDuplicateStore(db, clock), config.duplicateWindow());
    InboxFolderWriter inboxFolder = inbox.isPresent() ? new InboxFolderWriter(inbox.get()) : null;
    this.validations = new se.peppolgw.ap.store.InboundValidationStore(db, clock);
    this.handover =
        inbox.isPresent() || webhook != null
            ? new HandoverWorker(
                store,
                validations,
                !config.inboundValidationHandOverFailed(),
                inboxFolder,
                webhook,
                duplicates,
                config.handoverRetryDelay())
            : null;
    if (handover != null) {
      startedParts.push(handover::close);
    } else {
      duplicates.start(config.handoverRetryDelay());
      startedParts.push(duplicates::close);
    }

    ApCertificateVerifier verifier =
        ApCertificateVerifier.forKeyMaterial(
            keys, config.revocationSoftFail(), RetryingCrlCache.peppol(config.outboundTls()));
    InboundSettings inbound =
        new InboundSettings(
            store,
            participants,
            SigningCertificatePolicy.of(verifier),
            keys.seatId(),
            config.maxPayloadBytes(),
            config.duplicateAnswer(),
            config.duplicateWindow(),
            clock,
            this::wakeInboundValidation,
            alerts == null ? metrics : se.peppolgw.ap.inbound.InboundObserver.both(metrics, alerts),
            this::tellBackOfficeOfMls);

    As4Runtime.acquire();
    startedParts.push(As4Runtime::release);
    var crypto =
        new AS4CryptoFactoryInMemoryKeyStore(
            keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());

    ApiTokens tokens = new ApiTokens(config.apiTokenHashes(), config.apiTokens());
    String generated = null;
    if (tokens.isEmpty() && mode == Mode.LOCAL) {
      generated = localToken(config.dataDir());
      tokens =
          new ApiTokens(
              List.of(),
              List.of(
                  new ApiTokens.Token(
                      "the local-mode API token",
                      ApiTokens.parse("local-api-token.txt", ApiTokens.hash(generated)),
                      config.localApiTokenMaySendFor())));
    } else if (tokens.isEmpty()) {
      LOG.warn("No API tokens configured (gateway.api.token-hashes, gateway.api.tokens): the back-office API refuses"
          + " every request");
    }
    this.localApiToken = generated;
    this.outbound = Outbound.start(
        config, db, store, keys, verifier, crypto, tokens, () -> as4Url().toString(), clock,
        b.rulesCalendar,
        b.beforeWarmUp);
    startedParts.push(outbound::close);
    outbound.worker().observe(
        alerts == null ? metrics : se.peppolgw.ap.outbound.AttemptObserver.both(metrics, alerts));
    outbound.service().onValidation(metrics::validated);
    this.smpSelfCheck =
        SmpSelfCheckJob.start(config, outbound.lookupService(), () -> as4Url().toString(), keys.certificate(), clock);
    startedParts.push(smpSelfCheck::close);
    this.inboundValidation =
        new InboundValidationWorker(
            store,
            validations,
            new InboundDocumentValidator(outbound.validator(), clock),
            handover == null ? duplicates::wake : handover::wake,
            mlsResponder(config, mls, outbound, clock)::answerPending,
            config.handoverRetryDelay());
    startedParts.push(inboundValidation::close);
    this.ops =
        Ops.start(config, db, store, outbound, handover == null ? () -> {} : handover::wake,
            keys.notAfter(), smpSelfCheck, clock);
    startedParts.push(ops::close);
    this.reporting = Reporting.start(config, db, outbound, keys.seatId(), ops.auth(), clock);
    ops.attachReporting(reporting.desk());
    startedParts.push(reporting::close);

    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "housekeeping");
              t.setDaemon(true);
              return t;
            });
    startedParts.push(housekeeping::shutdownNow);
    housekeeping.scheduleWithFixedDelay(this::purgeDuplicateRegister, 1, 60, TimeUnit.MINUTES);

    ApiTokens apiTokens = tokens;
    Ops opsPart = ops;
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/as4", new As4Servlet(crypto, inbound));
    servlets.put(
        "/health",
        new HealthServlet(
            this::health,
            req -> healthDetailsPublic || apiTokens.allows(req) || opsPart.isOperator(req)));
    // acknowledged through the API: the folder copy goes, so the folder shows what is still open
    InboxFolderWriter folderCopy = inboxFolder;
    servlets.put("/api/inbox/*", new InboxApiServlet(store, tokens, validations, folderCopy == null ? id -> {} : id -> {
      try {
        folderCopy.remove(id);
      } catch (java.io.IOException e) {
        LOG.warn("Acknowledged {} through the API, but its inbox folder files could not be removed: {}",
            id, e.getMessage());
      }
    }));
    servlets.put("/metrics", new MetricsServlet(metrics, req -> metricsToken.allows(req) || opsPart.isOperator(req)));
    servlets.put("/api/outbound/*", outbound.servlet());
    servlets.putAll(
        se.peppolgw.ap.desk.Desk.start(config, db, store, outbound.service(), tokens, ops.auth(), clock).servlets());
    servlets.putAll(ops.servlets());
    servlets.putAll(reporting.servlets());
    servlets.putAll(b.extraServlets);
    // ports bound, nothing served until every part is mounted
    this.http = JettyServer.open(config, servlets);
    startedParts.push(http::stop);
    mountPunchout();
    http.start();
    started = true;
    LOG.info("Gateway listening on {} (AS4 endpoint {}), mode {}", http.localUrl(), as4Url(), mode);
  }

  /** Answers validated inbound documents with a Peppol MLS (docs/mls-receiving.md). */
  private MlsResponder mlsResponder(
      GatewayConfig config, MlsSettings mls, Outbound outbound, Clock clock) {
    String sp = mls.serviceProviderId();
    if (!config.mlsSend()) {
      LOG.warn("Sending Peppol MLS for received documents is switched OFF (gateway.mls.send)");
    }
    return new MlsResponder(
        store, validations, outbound.service(), outbound.validator(), sp,
        config.outboundDefaultCountryC1().orElse(null), config.mlsSend(), clock);
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

  /**
   * Punch-out needs the public URL for its links, so it is mounted once the port is bound (and
   * before anything is served). A configuration error in its files stops the start.
   */
  private void mountPunchout() {
    Optional<Path> dir = config.punchoutConfigDir();
    if (dir.isEmpty()) {
      LOG.info("Punch-out is off (gateway.punchout.config-dir not found or set to none)");
      return;
    }
    URI base = config.publicUrl().orElse(http.localUrl());
    // sessions, carts and failed logins in the shared database: any node serves any request
    PunchoutStores stores = new PunchoutStores(new JdbcSessionStore(db), new JdbcLoginFailureStore(db));
    PunchoutGateway punchout;
    try {
      punchout =
          new PunchoutGateway(
              PunchoutSettings.of(base, dir.get()).withClock(clock), new JdbcPunchoutEventLog(db), stores);
    } catch (RuntimeException e) {
      throw PunchoutConfigProblem.describe(dir.get(), e);
    }
    for (ServletMount m : punchout.servlets()) {
      http.addServlet(m.pathSpec(), m.servlet());
    }
    punchoutMounted = true;
    LOG.info("Punch-out mounted at {}/punchout and {}/shop (configuration {})", base, base,
        dir.get());
  }

  private static PkiSettings pkiSettings(GatewayConfig c) {
    return new PkiSettings(
        c.mode(),
        c.keystoreDir(),
        c.keystorePath().orElse(null),
        c.keystorePassword().orElse(null),
        c.keyAlias().orElse(null),
        c.keyPassword().orElse(null),
        c.truststorePath().orElse(null),
        c.truststorePassword().orElse(null),
        c.pkiTrustG2());
  }

  /** Local mode only: a token for the API, kept in the data folder so it survives restarts. */
  private static String localToken(Path dataDir) throws IOException {
    Path f = dataDir.resolve("local-api-token.txt");
    boolean existed = SafeFiles.attributes(f).isPresent();
    String token = SafeFiles.readOrCreateSecret(f, ApiTokens::newToken);
    if (!existed) {
      LOG.warn("Local mode: generated a back-office API token in {}", f);
    }
    return token;
  }

  private void purgeDuplicateRegister() {
    try {
      // the refusal counters are kept as long as the duplicate register (at least 7 days)
      java.time.Duration keep = config.duplicateWindow().compareTo(java.time.Duration.ofDays(7)) < 0
          ? java.time.Duration.ofDays(7) : config.duplicateWindow();
      new se.peppolgw.ap.store.UnauthenticatedRefusals(db, store, clock).purgeBefore(clock.instant().minus(keep));
      int n = store.purgeDedupBefore(clock.instant().minus(config.duplicateWindow()));
      if (n > 0) {
        LOG.info("Duplicate register: forgot {} entries older than {}", n, config.duplicateWindow());
      }
      // outbound: Idempotency-Keys and business identities past their windows (issue 16)
      int m =
          outbound.outbox().purgeRepeatsBefore(
              clock.instant().minus(config.outboundIdempotencyRetention()),
              clock.instant().minus(config.outboundDuplicateWindow()));
      if (m > 0) {
        LOG.info("Outbound repeats: forgot {} idempotency keys and business identities past their windows", m);
      }
    } catch (RuntimeException e) {
      LOG.warn("Duplicate register purge failed, will retry: {}", e.getMessage());
    }
  }

  /** Overdue and unmatched Message Level Status answers, for the details of /health. */
  private String mlsHealth() {
    try {
      return mlsWatch.figures().summary();
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  HealthReport health() {
    boolean dbOk = db.isReachable();
    long daysLeft = keys.daysUntilExpiry(clock);
    boolean certOk = daysLeft >= 0;
    boolean handoverOk =
        (handover == null || handover.isHealthy())
            && (inboundValidation == null || inboundValidation.isHealthy());
    boolean outboundOk = outbound.worker().isRunning();
    boolean punchoutOk = !punchoutConfigured || punchoutMounted;
    boolean healthy = dbOk && certOk;
    boolean warm = outbound.warmth().isWarm();
    boolean ready = started && outboundOk && punchoutOk && warm;
    List<String> problems = new ArrayList<>();
    if (!started) {
      problems.add("starting");
    }
    if (!dbOk) {
      problems.add("database unreachable");
    }
    if (!certOk) {
      problems.add("certificate expired");
    }
    if (!outboundOk) {
      problems.add("outbound worker not running");
    }
    if (!punchoutOk) {
      problems.add("punch-out not mounted");
    }
    if (!warm) {
      problems.add("warming up (validation)");
    }
    if (!handoverOk) {
      problems.add("inbox hand-over failing");
    }
    Map<String, String> components = new LinkedHashMap<>();
    components.put("store", dbOk ? "up" : "unreachable");
    components.put("as4", started ? "started" : "not started");
    components.put("punchout", !punchoutConfigured ? "off" : punchoutMounted ? "started" : "not started");
    components.put("outbound", !outboundOk ? "not running" : warm ? "started" : "warming up");
    components.put("handover", handover == null ? "off" : handoverOk ? "started" : "failing");
    components.put("mls", mlsHealth());
    boolean up = healthy && ready;
    return new HealthReport(
        healthy,
        ready,
        problems.isEmpty() ? "UP" : (up ? "DEGRADED: " : "DOWN: ") + String.join(", ", problems),
        config.mode().name().toLowerCase(java.util.Locale.ROOT),
        config.mode() == Mode.LOCAL,
        version(),
        dbOk,
        true,
        keys.subject(),
        keys.notAfter().toString(),
        daysLeft,
        handoverOk,
        as4Url().toString(),
        components,
        peppolRules(outbound.rulesFreshness()),
        SelfCheckJson.summary(smpSelfCheck.last(), smpSelfCheck.interval()));
  }

  /** The /health detail on the Peppol BIS rules (a warning when outdated, see RuleSetFreshness). */
  static Map<String, Object> peppolRules(se.peppolgw.ap.validation.RuleSetFreshness f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inForce", f.inForceVersion());
    m.put("newestBundled", f.newestBundledVersion());
    m.put("outdated", f.stale());
    m.put("warning", f.warning().orElse(null));
    return m;
  }

  public static String version() {
    String v = Gateway.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The AS4 URL other access points use. */
  public URI as4Url() {
    return config.publicUrl().map(u -> u.resolve("/as4")).orElse(http.localUrl().resolve("/as4"));
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
    started = false;
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
