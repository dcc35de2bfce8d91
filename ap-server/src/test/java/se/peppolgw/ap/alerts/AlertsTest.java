package se.peppolgw.ap.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.AlertSettings;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.handover.WebhookDelivery;
import se.peppolgw.ap.store.BacklogStore;

/** Alerts through a real SMTP server (GreenMail) and a real HTTP webhook on loopback. */
class AlertsTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  Alerts alerts;
  HttpServer hook;

  @AfterEach
  void stop() {
    if (alerts != null) {
      alerts.close();
    }
    if (hook != null) {
      hook.stop(0);
    }
  }

  AlertSettings.Smtp smtp() {
    return new AlertSettings.Smtp("127.0.0.1", SMTP.getSmtp().getPort(), false, null, null,
        "gateway@example.com", List.of("ops@example.com"));
  }

  AlertSettings settings(Duration minInterval) {
    return new AlertSettings(Optional.of(smtp()), Optional.empty(), minInterval, Duration.ofMinutes(30), 30,
        Duration.ofMinutes(1));
  }

  @Test
  void anAlertIsOneMailToEveryRecipientWithTheTransmissionId() throws Exception {
    // one recipient: with two, GreenMail answers the second RCPT only after the client's 30 s
    // read timeout (seen here; the settings test covers the list of recipients)
    alerts = new Alerts(settings(Duration.ofMinutes(15)), List.of(new MailChannel(smtp().withTo("ops@example.com"))),
        Clock.systemUTC());
    alerts.raise(AlertKind.OUTBOUND_FAILED, "Document to 0088:1 failed: TRANSPORT_ERROR: refused", "tx-123");
    assertTrue(SMTP.waitForIncomingEmail(30_000, 1));
    MimeMessage[] got = SMTP.getReceivedMessages();
    assertEquals(1, got.length);
    MimeMessage m = got[0];
    assertTrue(m.getSubject().contains("tx-123"), m.getSubject());
    assertTrue(m.getSubject().contains(AlertKind.OUTBOUND_FAILED.words()), m.getSubject());
    String body = GreenMailUtil.getBody(m);
    assertTrue(body.contains("Transmission: tx-123"), body);
    assertTrue(body.contains("TRANSPORT_ERROR"), body);
    assertEquals("outbound-failed", m.getHeader("X-Gateway-Alert")[0]);
    assertEquals("gateway@example.com", m.getFrom()[0].toString());
  }

  @Test
  void aBurstIsOneMailThenOneSummaryWithTheHeldBackCount() throws Exception {
    alerts = new Alerts(
        new AlertSettings(Optional.of(smtp().withTo("ops@example.com")), Optional.empty(), Duration.ofSeconds(2),
            Duration.ofMinutes(30), 30, Duration.ofMinutes(1)),
        List.of(new MailChannel(smtp().withTo("ops@example.com"))), Clock.systemUTC());
    for (int i = 1; i <= 5; i++) {
      alerts.raise(AlertKind.OUTBOUND_FAILED, "failure " + i, "tx-" + i);
    }
    // another kind has its own limit: not held back
    alerts.raise(AlertKind.CERTIFICATE_EXPIRING, "expires in 3 days", null);
    assertTrue(SMTP.waitForIncomingEmail(30_000, 3));
    MimeMessage[] got = SMTP.getReceivedMessages();
    assertEquals(3, got.length);
    List<String> subjects = new java.util.ArrayList<>();
    for (MimeMessage m : got) {
      subjects.add(m.getSubject());
    }
    assertTrue(subjects.stream().anyMatch(s -> s.contains("(tx-1)") && !s.contains("held back")), subjects.toString());
    assertTrue(subjects.stream().anyMatch(s -> s.contains(AlertKind.CERTIFICATE_EXPIRING.words())), subjects.toString());
    MimeMessage summary = java.util.Arrays.stream(got).filter(m -> subject(m).contains("held back")).findFirst().orElseThrow();
    assertTrue(subject(summary).contains("(tx-5) (4 held back)"), subject(summary));
    assertTrue(GreenMailUtil.getBody(summary).contains("4 alert(s) of this kind were held back"), GreenMailUtil.getBody(summary));
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWebhookAlertIsJsonSignedLikeTheHandOverWebhook() throws Exception {
    List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/alerts", ex -> {
      bodies.add(ex.getRequestBody().readAllBytes());
      received.add(Map.of(
          "ts", ex.getRequestHeaders().getFirst(WebhookDelivery.TIMESTAMP_HEADER),
          "sig", ex.getRequestHeaders().getFirst(WebhookDelivery.SIGNATURE_HEADER)));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    hook.start();
    URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts");
    alerts = new Alerts(
        new AlertSettings(Optional.empty(), Optional.of(new AlertSettings.Webhook(url, "s3cret")), Duration.ofMinutes(15),
            Duration.ofMinutes(30), 30, Duration.ofMinutes(1)),
        List.of(new WebhookChannel(url, "s3cret", Clock.systemUTC())), Clock.systemUTC());
    alerts.refused("EBMS:0004", true, "0088:7300010000001", "tx-9");
    await(() -> !bodies.isEmpty());
    assertEquals(1, bodies.size());
    byte[] body = bodies.get(0);
    String ts = received.get(0).get("ts");
    assertEquals("sha256=" + WebhookDelivery.sign("s3cret".getBytes(StandardCharsets.UTF_8), ts, body), received.get(0).get("sig"));
    assertFalse(("sha256=" + WebhookDelivery.sign("other".getBytes(StandardCharsets.UTF_8), ts, body)).equals(received.get(0).get("sig")));
    JsonNode json = Json.MAPPER.readTree(body);
    assertEquals("inbound-refused", json.get("kind").asText());
    assertEquals("tx-9", json.get("transmissionId").asText());
    assertTrue(json.get("detail").asText().contains("EBMS:0004"));
    assertEquals(0, json.get("suppressed").asInt());
  }

  /** The checks and the sources, through a channel that keeps what it is given. */
  static final class Kept implements AlertChannel {
    final List<Alert> alerts = new CopyOnWriteArrayList<>();

    @Override
    public void send(Alert alert) {
      alerts.add(alert);
    }

    @Override
    public String describe() {
      return "kept";
    }
  }

  static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within 30 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void backlogAndCertificateChecksAlertOnlyPastTheirThresholds() throws Exception {
    Kept kept = new Kept();
    alerts = new Alerts(settings(Duration.ofMinutes(15)), List.of(kept), Clock.systemUTC());
    BacklogStore.Queue empty = new BacklogStore.Queue(0, Optional.empty());
    BacklogStore.Queue fresh = new BacklogStore.Queue(3, Optional.of(Instant.now().minus(Duration.ofMinutes(5))));
    alerts.check(() -> new BacklogStore.Backlog(empty, fresh), () -> 31);
    // a later alert of another kind arrives: the check above raised none
    alerts.raise(AlertKind.OUTBOUND_FAILED, "marker", "m");
    await(() -> kept.alerts.size() == 1);
    assertEquals(AlertKind.OUTBOUND_FAILED, kept.alerts.get(0).kind());

    BacklogStore.Queue old = new BacklogStore.Queue(7, Optional.of(Instant.now().minus(Duration.ofMinutes(45))));
    alerts.check(() -> new BacklogStore.Backlog(empty, old), () -> 29);
    await(() -> kept.alerts.size() == 3);
    Alert backlog = kept.alerts.stream().filter(a -> a.kind() == AlertKind.HANDOVER_BACKLOG).findFirst().orElseThrow();
    assertTrue(backlog.detail().startsWith("7 received document(s)"), backlog.detail());
    Alert cert = kept.alerts.stream().filter(a -> a.kind() == AlertKind.CERTIFICATE_EXPIRING).findFirst().orElseThrow();
    assertTrue(cert.detail().contains("29 day(s)"), cert.detail());
  }

  @Test
  void onlyRefusalsOfAuthenticatedSendersAlert() throws Exception {
    Kept kept = new Kept();
    alerts = new Alerts(settings(Duration.ofMinutes(15)), List.of(kept), Clock.systemUTC());
    alerts.refused("EBMS:0101", false, null, null);
    alerts.accepted(false);
    alerts.refused("EBMS:0004", true, "0088:1", "tx-1");
    await(() -> kept.alerts.size() == 1);
    assertEquals(AlertKind.INBOUND_REFUSED, kept.alerts.get(0).kind());
    assertEquals("tx-1", kept.alerts.get(0).transmissionId());
  }

  @Test
  void aFailingChannelDoesNotStopTheOthers() throws Exception {
    Kept kept = new Kept();
    AlertChannel broken = new AlertChannel() {
      @Override
      public void send(Alert alert) throws java.io.IOException {
        throw new java.io.IOException("SMTP down");
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    alerts = new Alerts(settings(Duration.ofMinutes(15)), List.of(broken, kept), Clock.systemUTC());
    alerts.raise(AlertKind.OUTBOUND_FAILED, "x", "tx");
    await(() -> kept.alerts.size() == 1);
  }

  // ---------------------------------------------------------------- settings

  static AlertSettings parse(Map<String, String> m) {
    return AlertSettings.from(ConfigSource.of(m, null));
  }

  @Test
  void settingsDefaultsAndOff() {
    AlertSettings off = parse(Map.of());
    assertFalse(off.enabled());
    assertEquals(Duration.ofMinutes(15), off.minInterval());
    assertEquals(Duration.ofMinutes(30), off.handoverBacklogAge());
    assertEquals(30, off.certificateDays());
    assertEquals(null, Alerts.start(off, Clock.systemUTC(), () -> null, () -> 0));

    AlertSettings mail = parse(Map.of("gateway.alerts.smtp.host", "mail.example.com", "gateway.alerts.smtp.from", "gw@example.com",
        "gateway.alerts.smtp.to", "a@example.com, b@example.com", "gateway.alerts.smtp.user", "gw"));
    assertTrue(mail.enabled());
    assertEquals(587, mail.smtp().orElseThrow().port());
    assertTrue(mail.smtp().orElseThrow().starttls());
    assertEquals(List.of("a@example.com", "b@example.com"), mail.smtp().orElseThrow().to());
  }

  @Test
  void settingsProblemsNameTheKey() {
    Map<String, String> host = Map.of("gateway.alerts.smtp.host", "mail.example.com");
    assertTrue(assertThrows(ConfigException.class, () -> parse(host)).getMessage().startsWith("gateway.alerts.smtp.from"));
    assertTrue(assertThrows(ConfigException.class,
        () -> parse(Map.of("gateway.alerts.smtp.host", "h", "gateway.alerts.smtp.from", "f@x"))).getMessage()
        .startsWith("gateway.alerts.smtp.to"));
    assertTrue(assertThrows(ConfigException.class,
        () -> parse(Map.of("gateway.alerts.smtp.host", "h", "gateway.alerts.smtp.from", "f@x", "gateway.alerts.smtp.to", "t@x",
            "gateway.alerts.smtp.port", "70000"))).getMessage().startsWith("gateway.alerts.smtp.port"));
    assertTrue(assertThrows(ConfigException.class,
        () -> parse(Map.of("gateway.alerts.webhook.url", "https://hooks.example.com/a"))).getMessage()
        .startsWith("gateway.alerts.webhook.secret"));
    assertTrue(assertThrows(ConfigException.class,
        () -> parse(Map.of("gateway.alerts.webhook.url", "ftp://x", "gateway.alerts.webhook.secret", "s"))).getMessage()
        .startsWith("gateway.alerts.webhook.url"));
    assertTrue(assertThrows(ConfigException.class,
        () -> parse(Map.of("gateway.alerts.min-interval-seconds", "0"))).getMessage()
        .startsWith("gateway.alerts.min-interval-seconds"));
  }
}
