package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionSecrets;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.session.SessionStore;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Sessions live in a {@link SessionStore}, read afresh by every request: copies of one session held by
 * concurrent requests (on one node or several) never lose a cart line, secrets are stored as digests only,
 * and idle sessions are deleted.
 */
class StoredSessionTest {
  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  /** Logs in without cookies, so the shop URL carries the session id and secret; returns {id, secret}. */
  private String[] openSession() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    Page shop = new BuyerSimulator(gw, false).ociLogin("t-oci4", p, true);
    assertEquals(200, shop.status(), shop.text());
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(shop.url()).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return new String[] {query.get("s"), query.get("sid")};
  }

  private static CartLine line(String article) {
    return new CartLine(null, article, "Article " + article, BigDecimal.ONE, "EA", new BigDecimal("10.00"), "SEK",
        new BigDecimal("25"), "44121704", null, null, null);
  }

  @Test
  void concurrentRequestsChangingOneCartLoseNoLine() throws Exception {
    String[] s = openSession();
    int writers = 8;
    int linesEach = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        // every writer holds its own copy, read before anybody wrote: all but one save over a stale version
        PunchoutSession copy = gw.gateway.sessions().find(s[0], s[1]).orElseThrow();
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
    List<CartLine> stored = gw.gateway.sessions().find(s[0], s[1]).orElseThrow().cart().lines();
    assertEquals(writers * linesEach, stored.size(), "lines: " + stored.stream().map(CartLine::articleNumber).toList());
    assertEquals(writers * linesEach, stored.stream().map(CartLine::lineId).collect(Collectors.toSet()).size());
  }

  @Test
  void aTransferNeverSendsACartThatChangedUnderIt() {
    String[] s = openSession();
    PunchoutSession checkingOut = gw.gateway.sessions().find(s[0], s[1]).orElseThrow();
    checkingOut.cart().add(line("100-2001"));
    long rendered = checkingOut.cart().snapshot().version();
    PunchoutSession addingMeanwhile = gw.gateway.sessions().find(s[0], s[1]).orElseThrow();
    addingMeanwhile.cart().add(line("100-2002"));

    assertFalse(gw.gateway.sessions().changeStateIfCartUnchanged(checkingOut, SessionState.ACTIVE,
        SessionState.TRANSFERRED, rendered, "cart transferred"), "the cart moved on: no transfer of the old lines");
    assertEquals(SessionState.ACTIVE, checkingOut.state());
    assertEquals(Set.of("100-2001", "100-2002"),
        checkingOut.cart().lines().stream().map(CartLine::articleNumber).collect(Collectors.toSet()),
        "the refused request now sees the newer cart");
    assertTrue(gw.gateway.sessions().changeStateIfCartUnchanged(checkingOut, SessionState.ACTIVE,
        SessionState.TRANSFERRED, checkingOut.cart().snapshot().version(), "cart transferred"));
  }

  @Test
  void onlyDigestsOfTheSessionSecretAndStartTokenAreStored() {
    String[] s = openSession();
    SessionStore.StoredSession stored = gw.stores.sessions().byId(s[0]).orElseThrow();
    assertEquals(SessionSecrets.digest(s[1]), stored.secretDigest());
    assertNull(stored.startTokenDigest(), "the start token is spent");
    assertFalse(stored.context().contains(s[1]) || stored.cart().contains(s[1]), "no copy of the secret");
    assertTrue(gw.gateway.sessions().find(s[0], s[1] + "x").isEmpty(), "a wrong secret finds nothing");
    assertNull(gw.gateway.sessions().findById(s[0]).orElseThrow().secret(), "a lookup by id knows no secret");
  }

  @Test
  void idleSessionsAreDeleted() {
    String[] old = openSession();
    gw.clock.advance(Duration.ofMinutes(121));
    String[] fresh = openSession(); // a new session sweeps the store
    assertTrue(gw.stores.sessions().byId(old[0]).isEmpty(), "idle for more than twice the idle TTL");
    assertTrue(gw.stores.sessions().byId(fresh[0]).isPresent());
  }
}
