package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.selfcheck.DriftKind;
import se.peppolgw.ap.selfcheck.Finding;
import se.peppolgw.ap.selfcheck.SelfCheckOutcome;
import se.peppolgw.ap.selfcheck.SelfCheckReport;
import se.peppolgw.ap.selfcheck.SmpSelfCheck;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.SmpLookupService;

/**
 * The SMP self-check against the SML/SMP fixtures: dnsmasq as the SML, a signed SMP on loopback,
 * and a gateway in SML routing mode serving one participant per kind of drift. The checks run
 * through the gateway's own smp-lookup service; the API, /health, the dashboard, the page and the
 * audit trail are asked over HTTP.
 */
class SmpSelfCheckTest {
  static final String OK = "0007:5567100001";
  static final String WRONG_URL = "0007:5567100002";
  static final String OTHER_CERT = "0007:5567100003";
  static final String MISMATCH = "0007:5567100004";
  static final String UNREGISTERED = "0007:5567100005";
  static final String SMP_DOWN = "0007:5567100006";
  static final String ELSEWHERE = "http://127.0.0.1:1/as4";
  static final String VIEWER_TOKEN = "viewer-token-selfcheck-0123456789";
  static final String ADMIN_TOKEN = "admin-token-selfcheck-0123456789";

  @TempDir static Path dir;
  static TestSmpServer smp;
  static TestDns dns;
  static Peer gw;
  static X509Certificate otherCertificate;

  static String order() {
    return DocumentTypeAliases.expand("order");
  }

  @BeforeAll
  static void start() throws Exception {
    smp = new TestSmpServer();
    gw = new Peer(dir, "receiver", "PSE000011", null);
    otherCertificate =
        DevPki.createStandaloneCa("Some other AP CA")
            .issueApCertificate("PSE000099", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(90)))
            .certificate();
    String process = GatewayFixture.ORDER_ONLY_PROCESS;
    smp.register(OK, order(), process, gw);
    smp.register(WRONG_URL, order(), process, ELSEWHERE, gw.certificate());
    smp.register(OTHER_CERT, order(), process, gw.as4Url(), otherCertificate);
    smp.register(MISMATCH, order(), process, gw);
    smp.register(MISMATCH, DocumentTypeAliases.expand("order-response"), GatewayFixture.ORDERING_PROCESS, gw);
    smp.register(SMP_DOWN, order(), process, gw);
    Map<String, String> sml = new LinkedHashMap<>();
    for (String p : List.of(OK, WRONG_URL, OTHER_CERT, MISMATCH)) {
      sml.put(p, smp.url());
    }
    sml.put(SMP_DOWN, "http://127.0.0.1:" + closedPort());
    dns = new TestDns(sml);
    gw.serves("ok", OK, "order")
        .serves("wrongurl", WRONG_URL, "order")
        .serves("othercert", OTHER_CERT, "order")
        .serves("mismatch", MISMATCH, "order,invoice")
        .serves("unregistered", UNREGISTERED, "order")
        .serves("smpdown", SMP_DOWN, "order")
        .with("gateway.routing.mode", "sml")
        .with("gateway.routing.sml-zone", TestDns.ZONE)
        .with("gateway.routing.dns-server", dns.server())
        .with("gateway.routing.smp-truststore.path", smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret").toString())
        .with("gateway.routing.smp-truststore.password", "secret")
        // on demand only: the timer must not run a check the test does not expect
        .with("gateway.smp.self-check.interval", "off")
        .with("gateway.operators", "vera,ada")
        .with("gateway.operator.vera.role", "viewer")
        .with("gateway.operator.vera.token-hashes", ApiTokens.hash(VIEWER_TOKEN))
        .with("gateway.operator.ada.role", "admin")
        .with("gateway.operator.ada.token-hashes", ApiTokens.hash(ADMIN_TOKEN));
    gw.start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {gw, dns, smp}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static SmpLookupService lookup() {
    return gw.gateway().outbound().lookupService().orElseThrow();
  }

  static ServedParticipant served(String id, String... aliases) {
    return new ServedParticipant(id, id, Set.of(aliases).stream().map(DocumentTypeAliases::expand)
        .collect(Collectors.toUnmodifiableSet()));
  }

  static SmpSelfCheck check(Clock clock, ServedParticipant... participants) {
    return new SmpSelfCheck(lookup(), null, List.of(participants), gw::as4Url, gw.certificate(), clock);
  }

  static List<Finding> findings(ServedParticipant p) {
    SelfCheckReport r = check(Clock.systemUTC(), p).run("test");
    assertEquals(1, r.participantsChecked());
    return r.findings();
  }

  static String uri(String participant) {
    return "iso6523-actorid-upis::" + participant;
  }

  static String docUri(String alias) {
    return "busdox-docid-qns::" + DocumentTypeAliases.expand(alias);
  }

  @Test
  void aRegistrationThatMatchesThisGatewayIsNoDrift() {
    SelfCheckReport r = check(Clock.systemUTC(), served(OK, "order")).run("test");
    assertEquals(SelfCheckOutcome.NO_DRIFT, r.outcome(), () -> r.findings().toString());
    assertTrue(r.findings().isEmpty());
  }

  @Test
  void anotherAddressIsWrongUrl() {
    List<Finding> f = findings(served(WRONG_URL, "order"));
    assertEquals(List.of(DriftKind.WRONG_URL), f.stream().map(Finding::kind).toList(), f::toString);
    assertEquals(docUri("order"), f.get(0).documentType());
    assertTrue(f.get(0).detail().contains(ELSEWHERE) && f.get(0).detail().contains(gw.as4Url()), f.get(0).detail());
  }

  @Test
  void anotherCertificateIsOtherCertificate() {
    List<Finding> f = findings(served(OTHER_CERT, "order"));
    assertEquals(List.of(DriftKind.OTHER_CERTIFICATE), f.stream().map(Finding::kind).toList(), f::toString);
    assertTrue(f.get(0).detail().contains("PSE000099"), f.get(0).detail());
  }

  @Test
  void acceptedButNotPublishedAndPublishedButNotAccepted() {
    List<Finding> f = findings(served(MISMATCH, "order", "invoice"));
    Map<DriftKind, String> byKind = f.stream().collect(Collectors.toMap(Finding::kind, Finding::documentType));
    assertEquals(
        Map.of(DriftKind.ACCEPTED_NOT_PUBLISHED, docUri("invoice"),
            DriftKind.PUBLISHED_NOT_ACCEPTED, docUri("order-response")),
        byKind, f::toString);
  }

  @Test
  void acceptingAnyDocumentTypeChecksEveryPublishedOne() {
    assertEquals(List.of(), findings(new ServedParticipant("any", MISMATCH, Set.of())));
  }

  @Test
  void aParticipantTheSmlDoesNotKnowIsNotRegistered() {
    List<Finding> f = findings(served(UNREGISTERED, "order"));
    assertEquals(List.of(DriftKind.NOT_REGISTERED), f.stream().map(Finding::kind).toList(), f::toString);
    assertNull(f.get(0).documentType());
    assertEquals(uri(UNREGISTERED), f.get(0).participant());
  }

  @Test
  void anSmpThatIsDownIsLookupFailedWithItsKindNotACrash() {
    List<Finding> f = findings(served(SMP_DOWN, "order"));
    assertEquals(List.of(DriftKind.LOOKUP_FAILED), f.stream().map(Finding::kind).toList(), f::toString);
    assertEquals(FailureKind.SMP_UNREACHABLE, f.get(0).failureKind());
  }

  @Test
  void ourOwnCertificateCloseToItsEndIsCertificateExpiring() {
    Instant tenDaysBefore = gw.certificate().getNotAfter().toInstant().minus(Duration.ofDays(10));
    SelfCheckReport r = check(new ManualClock(tenDaysBefore), served(OK, "order")).run("test");
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRING), r.findings().stream().map(Finding::kind).toList());
  }

  @Test
  void thePeriodicRunRunsOncePerIntervalOnTheGatewaysClock() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
    SmpSelfCheckJob job = new SmpSelfCheckJob(check(clock, served(OK, "order")), Duration.ofHours(6), clock, false);
    assertTrue(job.last().isEmpty());
    Optional<SelfCheckReport> first = job.tick();
    assertTrue(first.isPresent(), "never run: due at once");
    assertEquals(SelfCheckReport.PERIODIC, first.get().trigger());
    assertTrue(job.tick().isEmpty(), "not again at the same instant");
    clock.advance(Duration.ofHours(6).minusSeconds(1));
    assertTrue(job.tick().isEmpty(), "not before the interval has passed");
    clock.advance(Duration.ofSeconds(1));
    Optional<SelfCheckReport> second = job.tick();
    assertTrue(second.isPresent());
    assertEquals(clock.instant(), second.get().at());
    assertSame(second.get(), job.last().orElseThrow());

    // a check on demand counts as the last run: the next periodic one is an interval later
    clock.advance(Duration.ofHours(1));
    job.runNow("ada");
    clock.advance(Duration.ofHours(5).plusSeconds(59 * 60));
    assertTrue(job.tick().isEmpty());
    clock.advance(Duration.ofMinutes(1));
    assertTrue(job.tick().isPresent());
    job.close();
  }

  @Test
  void intervalOffRunsOnlyOnDemand() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
    SmpSelfCheckJob job = new SmpSelfCheckJob(check(clock, served(OK, "order")), Duration.ZERO, clock, false);
    clock.advance(Duration.ofDays(30));
    assertTrue(job.tick().isEmpty());
    assertTrue(job.last().isEmpty());
    assertEquals(SelfCheckOutcome.NO_DRIFT, job.runNow("ada").outcome());
    job.close();
  }

  @Test
  void inLocalModeWithStaticRoutingItIsNotApplicable() {
    GatewayConfig local =
        new GatewayConfig(ConfigSource.of(Map.of("gateway.mode", "local", "gateway.smp.self-check.interval", "1h"), null));
    try (SmpSelfCheckJob job =
        SmpSelfCheckJob.start(local, Optional.empty(), () -> "http://127.0.0.1/as4", gw.certificate(), Clock.systemUTC())) {
      SelfCheckReport r = job.last().orElseThrow();
      assertEquals(SelfCheckOutcome.NOT_APPLICABLE, r.outcome());
      assertTrue(r.note().startsWith("Not applicable in local mode"), r.note());
      assertTrue(r.findings().isEmpty());
    }
  }

  @Test
  void operatorsRunItOverTheApiAndSeeItInHealthTheDashboardAndThePage() throws Exception {
    assertEquals(401, call("GET", "/api/ops/smp-self-check", null).statusCode());
    JsonNode before = json(call("GET", "/api/ops/smp-self-check", VIEWER_TOKEN));
    assertEquals("NOT_RUN_YET", before.get("outcome").asText(), before::toString);
    assertEquals("off", before.get("interval").asText());
    assertEquals(0, before.get("findings").size());
    assertEquals(403, call("POST", "/api/ops/smp-self-check", VIEWER_TOKEN).statusCode(), "viewers only look");

    HttpResponse<String> ran = call("POST", "/api/ops/smp-self-check", ADMIN_TOKEN);
    assertEquals(200, ran.statusCode(), ran::body);
    JsonNode report = json(ran);
    assertEquals("DRIFT", report.get("outcome").asText());
    assertEquals("ada", report.get("trigger").asText());
    // the six configured participants and the gateway's own service provider participant (MLS)
    assertEquals(7, report.get("participantsChecked").asInt());
    boolean ownSpChecked = false;
    for (JsonNode f : report.get("findings")) {
      ownSpChecked |= f.get("participant").asText().equals("iso6523-actorid-upis::0242:000011")
          && f.get("kind").asText().equals("NOT_REGISTERED");
    }
    assertTrue(ownSpChecked, "the 0242 participant for MLS is checked too: " + report);
    Set<String> kinds = new java.util.TreeSet<>();
    report.get("findings").forEach(f -> kinds.add(f.get("kind").asText()));
    assertEquals(
        new java.util.TreeSet<>(List.of("WRONG_URL", "OTHER_CERTIFICATE", "ACCEPTED_NOT_PUBLISHED",
            "PUBLISHED_NOT_ACCEPTED", "NOT_REGISTERED", "LOOKUP_FAILED")),
        kinds);
    JsonNode failed = find(report, "LOOKUP_FAILED");
    assertEquals("SMP_UNREACHABLE", failed.get("failureKind").asText());
    assertFalse(failed.get("action").asText().isBlank());
    assertFalse(failed.get("meaning").asText().isBlank());

    JsonNode after = json(call("GET", "/api/ops/smp-self-check", VIEWER_TOKEN));
    assertEquals(report.get("at").asText(), after.get("at").asText(), "the last result with its time");

    JsonNode health = json(call("GET", "/health", VIEWER_TOKEN)).get("smpSelfCheck");
    assertEquals("DRIFT", health.get("outcome").asText(), health::toString);
    assertEquals(report.get("findings").size(), health.get("findings").asInt());
    assertFalse(json(call("GET", "/health", null)).has("smpSelfCheck"), "details only for callers with a token");

    JsonNode dashboard = json(call("GET", "/api/ops/dashboard", VIEWER_TOKEN)).get("smpSelfCheck");
    assertEquals("DRIFT", dashboard.get("outcome").asText());
    String home = call("GET", "/ops/", VIEWER_TOKEN).body();
    assertTrue(home.contains("id=\"smp-self-check\"") && home.contains("found drift"), home);
    String page = call("GET", "/ops/smp-self-check", ADMIN_TOKEN).body();
    assertTrue(page.contains("WRONG_URL") && page.contains(ELSEWHERE) && page.contains("id=\"run-self-check\""), page);
    assertFalse(call("GET", "/ops/smp-self-check", VIEWER_TOKEN).body().contains("id=\"run-self-check\""),
        "no button for viewers");
    HttpResponse<String> fromPage = call("POST", "/ops/smp-self-check", ADMIN_TOKEN);
    assertEquals(303, fromPage.statusCode(), fromPage::body);
    assertEquals("/ops/smp-self-check", fromPage.headers().firstValue("Location").orElseThrow());

    JsonNode audit = json(call("GET", "/api/ops/audit?target=smp", ADMIN_TOKEN)).get("entries");
    assertEquals(2, audit.size(), "the API run and the page's run");
    assertEquals("SMP_SELF_CHECK", audit.get(0).get("action").asText(), audit::toString);
    assertEquals("ada", audit.get(0).get("actor").asText());
    assertEquals("DRIFT", audit.get(0).get("outcome").asText());
  }

  static JsonNode find(JsonNode report, String kind) {
    for (JsonNode f : report.get("findings")) {
      if (f.get("kind").asText().equals(kind)) {
        return f;
      }
    }
    throw new AssertionError("no " + kind + " in " + report);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
