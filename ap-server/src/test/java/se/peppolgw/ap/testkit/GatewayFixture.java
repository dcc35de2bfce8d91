package se.peppolgw.ap.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;

/**
 * A real gateway in local mode on a free loopback port, with its own data and key folders, plus a
 * second access point's key (issued by the same dev CA) for sending to it.
 */
public final class GatewayFixture implements AutoCloseable {
  public static final String SUPPLIER = "0007:5567212345";
  public static final String SUPPLIER_GLN = "0088:7300009025069";
  public static final String BUYER = "0088:7365560000009";
  public static final String BILLING_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  public static final String ORDERING_PROCESS = "urn:fdc:peppol.eu:poacc:bis:ordering:3";
  public static final String ORDER_ONLY_PROCESS = "urn:fdc:peppol.eu:poacc:bis:order_only:3";

  public final Path root;
  public final Map<String, String> settings = new HashMap<>();
  private Gateway gateway;
  private DevPki pki;
  private Clock clock = Clock.systemUTC();
  private se.peppolgw.ap.validation.PeppolRuleCalendar rulesCalendar =
      se.peppolgw.ap.validation.PeppolRuleCalendar.standard();

  public GatewayFixture(Path root) {
    this.root = root;
    settings.put("gateway.mode", "local");
    settings.put("gateway.http.port", "0");
    settings.put("gateway.http.bind", "127.0.0.1");
    settings.put("gateway.data.dir", root.resolve("data").toString());
    settings.put("gateway.keystore.dir", root.resolve("keystore").toString());
    settings.put("gateway.participants", "supplier,gln");
    settings.put("gateway.participant.supplier.id", SUPPLIER);
    settings.put("gateway.participant.supplier.document-types", "order,invoice,credit-note");
    settings.put("gateway.participant.gln.id", SUPPLIER_GLN);
    settings.put("gateway.participant.gln.document-types", "*");
    settings.put("gateway.handover.retry-seconds", "1");
    // the same test document is sent many times; tests of the duplicate rule switch it on
    settings.put("gateway.outbound.duplicate-window-days", "0");
    // the monthly Peppol Reporting job is tested on its own (MonthlyReportingJobTest); here it
    // would build last month's reports in every test gateway
    settings.put("gateway.reporting.schedule.enabled", "false");
    // each received document would be answered with an MLS to the test sender's service provider,
    // which the fixture cannot route to: MLS tests switch it on (MlsReceiverEndToEndTest)
    settings.put("gateway.mls.send", "false");
    // the shared test documents come from senders this fixture does not serve; tests of the
    // sender check (finding 14) remove these two
    settings.put("gateway.api.local-token.may-send-for", "*");
    settings.put("gateway.outbound.dir.may-send-for", "*");
    settings.put("gateway.http.shutdown-grace-seconds", "5");
    settings.put("gateway.punchout.config-dir", Path.of("..", "config", "punchout").toAbsolutePath().toString());
  }

  public GatewayFixture without(String key) {
    settings.remove(key);
    return this;
  }

  public GatewayFixture with(String key, String value) {
    settings.put(key, value);
    return this;
  }

  /** The gateway's clock (duplicate register, timeline); e.g. a {@link TestClock}. */
  public GatewayFixture withClock(Clock c) {
    this.clock = c;
    return this;
  }

  /** The Peppol BIS release calendar the gateway validates by. */
  public GatewayFixture withRulesCalendar(se.peppolgw.ap.validation.PeppolRuleCalendar c) {
    this.rulesCalendar = c;
    return this;
  }

  public GatewayFixture start() throws Exception {
    gateway =
        Gateway.builder(new GatewayConfig(ConfigSource.of(settings, null)))
            .clock(clock)
            .rulesCalendar(rulesCalendar)
            .start();
    pki = DevPki.loadOrCreate(root.resolve("keystore"), GatewayConfig.DEFAULT_SEAT_ID);
    awaitWarm(gateway);
    return this;
  }

  /**
   * Tests send documents right after start: they wait, as a client would, until the gateway is
   * ready (POST /api/outbound answers 503 while validation warms up; ReadinessTest tests that).
   */
  public static void awaitWarm(Gateway g) throws InterruptedException {
    if (!g.outbound().warmth().await(java.time.Duration.ofSeconds(180))) {
      throw new IllegalStateException("the gateway did not warm up within 180 s");
    }
  }

  public void stop() {
    if (gateway != null) {
      gateway.stop();
      gateway = null;
    }
  }

  public Gateway gateway() {
    return gateway;
  }

  public DevPki pki() {
    return pki;
  }

  public String as4Url() {
    return gateway.localUrl().resolve("/as4").toString();
  }

  public URI url(String path) {
    return gateway.localUrl().resolve(path);
  }

  public Path inboxDir() {
    return root.resolve("data").resolve("inbox");
  }

  /** A sender whose certificate comes from the same dev CA (a trusted access point). */
  public TestSender trustedSender() {
    return trustedSender(as4Url());
  }

  /** A trusted sender that posts to {@code url} (a relay in front of the gateway, say). */
  public TestSender trustedSender(String url) {
    ApKeyMaterial k =
        pki.issueApCertificate("PSE000002", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    return new TestSender(
        k, gateway.keys().certificate(), ApCertificateVerifier.forKeyMaterial(gateway.keys()).asTrustedCAChecker(), url);
  }

  public TestSender senderWith(ApKeyMaterial k) {
    return new TestSender(
        k, gateway.keys().certificate(), ApCertificateVerifier.forKeyMaterial(gateway.keys()).asTrustedCAChecker(), as4Url());
  }

  public static TestSender.Routing invoiceRouting() {
    return new TestSender.Routing(BUYER, SUPPLIER, DocumentTypeAliases.expand("invoice"), BILLING_PROCESS, "SE");
  }

  public static TestSender.Routing orderRouting() {
    return new TestSender.Routing(BUYER, SUPPLIER, DocumentTypeAliases.expand("order"), ORDER_ONLY_PROCESS, "SE");
  }

  public String apiToken() {
    return gateway.localApiToken().orElseThrow();
  }

  public HttpResponse<byte[]> api(String method, String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + apiToken());
    b.method(method, HttpRequest.BodyPublishers.noBody());
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    stop();
  }
}
