package se.peppolgw.ap.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.PunchoutLoginFailureStore;
import se.peppolgw.ap.store.PunchoutSessionStore;
import se.peppolgw.punchout.InMemoryPunchoutEventLog;
import se.peppolgw.punchout.buyer.BuyerDirectory;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.security.LoginThrottle;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SessionState;

/**
 * The database-backed punch-out stores as two nodes use them: two registries (two throttles), each with its
 * own store object, on one database. Run on H2 and on PostgreSQL.
 */
abstract class PunchoutStoresContract {
  @TempDir Path dir;
  Database db;
  BuyerDirectory buyers;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);

  protected abstract Database openDatabase(Path dir);

  @BeforeEach
  void open() throws Exception {
    db = openDatabase(dir);
    Path buyerDir = Files.createDirectories(dir.resolve("buyers"));
    Files.writeString(buyerDir.resolve("b.json"), "{\"id\":\"b\",\"name\":\"B\",\"protocol\":\"OCI\",\"protocolVersion\":\"4.0\","
        + "\"username\":\"u\",\"secretHash\":\"x\",\"allowedReturnUrls\":[\"https://buyer.example/r\"],"
        + "\"requireHttps\":true,\"currency\":\"SEK\",\"language\":\"sv\"}", StandardCharsets.UTF_8);
    buyers = BuyerDirectory.load(buyerDir, new ObjectMapper());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private SessionRegistry node() {
    return new SessionRegistry(clock, Duration.ofMinutes(5), Duration.ofMinutes(60), new InMemoryPunchoutEventLog(),
        new PunchoutSessionStore(db), buyers::byId);
  }

  private PunchoutSession newSession(SessionRegistry node) {
    Instant now = clock.instant();
    return node.register(new PunchoutSession(buyers.byId("b").orElseThrow(), now, now.plusSeconds(300),
        "https://buyer.example/r", "_top", StandardCharsets.UTF_8, Map.of("~OkCode", "ADDI"), Map.of(), null, null));
  }

  private static CartLine line(String article) {
    return new CartLine(null, article, "Article " + article, BigDecimal.ONE, "EA", new BigDecimal("10.00"), "SEK",
        new BigDecimal("25"), null, null, null, null);
  }

  @Test
  void theStartTokenOpensTheSessionOnceOnWhicheverNode() {
    SessionRegistry a = node();
    SessionRegistry b = node();
    String token = newSession(a).startToken();
    PunchoutSession opened = b.consumeStartToken(token).orElseThrow();
    assertEquals(SessionState.ACTIVE, opened.state());
    assertTrue(a.consumeStartToken(token).isEmpty(), "replayed on the other node");
    PunchoutSession onA = a.find(opened.id(), opened.secret()).orElseThrow();
    assertEquals(Map.of("~OkCode", "ADDI"), onA.ociEcho());
  }

  @Test
  void manySessionsAreOpenAtOnce() {
    // spent start tokens are NULL in a unique index: both engines must allow many
    SessionRegistry a = node();
    List<PunchoutSession> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(a.consumeStartToken(newSession(a).startToken()).orElseThrow());
    }
    for (PunchoutSession s : open) {
      assertEquals(SessionState.ACTIVE, a.find(s.id(), s.secret()).orElseThrow().state());
    }
  }

  @Test
  void twoNodesChangingOneCartAtOnceLoseNoLine() throws Exception {
    SessionRegistry a = node();
    SessionRegistry b = node();
    PunchoutSession opened = b.consumeStartToken(newSession(a).startToken()).orElseThrow();
    int writers = 6;
    int linesEach = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        PunchoutSession copy = (w % 2 == 0 ? a : b).find(opened.id(), opened.secret()).orElseThrow();
        int writer = w;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < linesEach; i++) {
            copy.cart().add(line("W" + writer + "-" + i));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<CartLine> lines = a.find(opened.id(), opened.secret()).orElseThrow().cart().lines();
    assertEquals(writers * linesEach, lines.size());
    assertEquals(writers * linesEach, lines.stream().map(CartLine::lineId).collect(Collectors.toSet()).size());
    assertEquals(new BigDecimal("10.00"), lines.get(0).price(), "decimals come back exactly");
  }

  @Test
  void onlyDigestsOfSecretsReachTheDatabase() throws Exception {
    SessionRegistry a = node();
    PunchoutSession created = newSession(a);
    String token = created.startToken();
    PunchoutSession opened = a.consumeStartToken(token).orElseThrow();
    opened.cart().add(line("100-2001"));
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM punchout_session")) {
      assertTrue(rs.next());
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        String value = rs.getString(i);
        assertFalse(value != null && (value.contains(opened.secret()) || value.contains(token)),
            rs.getMetaData().getColumnName(i) + " holds a secret");
      }
    }
  }

  @Test
  void failedLoginsCountOnEveryNode() {
    LoginThrottle a = new LoginThrottle(clock, 5, Duration.ofMinutes(15), new PunchoutLoginFailureStore(db));
    LoginThrottle b = new LoginThrottle(clock, 5, Duration.ofMinutes(15), new PunchoutLoginFailureStore(db));
    LoginThrottle.Attempt attempt = LoginThrottle.Attempt.of("cxml", "b", null, "192.0.2.7");
    for (int i = 0; i < 5; i++) {
      (i % 2 == 0 ? a : b).recordFailure(attempt);
    }
    assertTrue(a.isBlocked(attempt));
    assertTrue(b.isBlocked(attempt));
    assertFalse(b.isBlocked(LoginThrottle.Attempt.of("cxml", "b", null, "192.0.2.8")), "another address");
  }
}
