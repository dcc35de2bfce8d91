package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.UnauthenticatedRefusals;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Finding 6 of issue #11: every junk request to /as4 used to become a REJECTED transmission with
 * timeline and error signal (4,000 requests, 180 MB). Refusals without an authenticated sender are
 * counted, and only the first of each kind per minute is kept in full.
 */
class UnauthenticatedRefusalTest {
  static final String JUNK =
      "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Header/><S:Body/></S:Envelope>";

  @TempDir Path dir;

  static long rows(GatewayFixture fx, String sql) throws Exception {
    try (Connection c = fx.gateway().store().database().connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * 2,000 junk envelopes: a handful of transmissions (one per kind and minute), the counter says
   * 2,000, the dashboard says so too. On main: 2,000 REJECTED transmissions (the first assertion).
   */
  @Test
  void junkIsCountedNotStoredOneByOne() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      long before = rows(fx, "SELECT COUNT(*) FROM transmission");
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest junk =
          HttpRequest.newBuilder(fx.url("/as4"))
              .header("Content-Type", "application/soap+xml; charset=UTF-8")
              .POST(HttpRequest.BodyPublishers.ofString(JUNK))
              .build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        answers.add(pool.submit(() -> client.send(junk, HttpResponse.BodyHandlers.discarding()).statusCode()));
      }
      for (Future<Integer> a : answers) {
        assertTrue(a.get() >= 400 || a.get() == 200, "answer " + a.get());
      }
      pool.shutdown();

      long stored = rows(fx, "SELECT COUNT(*) FROM transmission") - before;
      // one kind (code + 127.0.0.1) per minute: the run may span a few minutes
      assertTrue(stored >= 1 && stored <= 5, "transmissions stored for 2,000 junk requests: " + stored);
      assertEquals(stored, rows(fx, "SELECT COUNT(*) FROM transmission WHERE state = 'REJECTED'") );
      UnauthenticatedRefusals counter =
          new UnauthenticatedRefusals(fx.gateway().store().database(), fx.gateway().store(), java.time.Clock.systemUTC());
      assertEquals(2_000, counter.countSince(Instant.now().minusSeconds(3600)));

      String operatorToken = Files.readString(dir.resolve("data").resolve("local-operator-token.txt")).trim();
      HttpResponse<String> dash =
          client.send(
              HttpRequest.newBuilder(fx.url("/api/ops/dashboard")).header("Authorization", "Bearer " + operatorToken).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode d = new ObjectMapper().readTree(dash.body());
      assertEquals(2_000, d.get("unauthenticatedRefusals24h").asLong(), dash.body());
    }
  }

  /** A correctly signed message from a known access point, refused (wrong receiver): in full. */
  @Test
  void refusalsOfAnAuthenticatedSenderStayFullyLogged() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      TestSender trusted = fx.trustedSender();
      TestSender.Routing nobody =
          new TestSender.Routing(GatewayFixture.BUYER, "0007:5560000000", GatewayFixture.invoiceRouting().documentTypeId(),
              GatewayFixture.BILLING_PROCESS, "SE");
      for (int i = 0; i < 3; i++) {
        TestSender.Sent sent = trusted.send(nobody, BackOfficeWatch.invoiceSbd(nobody));
        BackOfficeWatch.assertAs4Error(sent, "EBMS:0004", "PEPPOL:NOT_SERVICED");
        var t = BackOfficeWatch.assertRejectionLogged(fx, sent.messageId(), "EBMS:0004", "not served");
        assertEquals(TransmissionState.REJECTED, t.state());
        assertTrue(fx.gateway().store().timeline(t.id()).size() >= 2, "timeline with the error signal");
      }
      UnauthenticatedRefusals counter =
          new UnauthenticatedRefusals(fx.gateway().store().database(), fx.gateway().store(), java.time.Clock.systemUTC());
      assertEquals(0, counter.countSince(Instant.now().minusSeconds(3600)));
    }
  }
}
