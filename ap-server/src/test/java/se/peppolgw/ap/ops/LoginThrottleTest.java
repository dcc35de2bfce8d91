package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.security.LoginThrottle;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestClock;

/**
 * Failed logins slow the guesser down, per account at an address and per address, with 429 and
 * Retry-After; they never lock an operator out from another address. Client addresses come from
 * X-Forwarded-For (the gateway is configured to trust it, as behind a reverse proxy).
 */
class LoginThrottleTest {
  @TempDir static Path dir;
  static final TestClock CLOCK = new TestClock();
  static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir))
        .with("gateway.outbound.dir", "none")
        .with("gateway.http.forwarded-headers", "true")
        .withClock(CLOCK)
        .start();
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  private static HttpResponse<String> login(String address, String user, String password) throws Exception {
    return Browser.loginFrom(gw, address, user, password);
  }

  @Test
  void aStrangerCannotLockAnOperatorOut() throws Exception {
    for (int i = 0; i < 30; i++) {
      int status = login("203.0.113.9", "ada", "guess-" + i).statusCode();
      assertTrue(status == 401 || status == 429, "status " + status);
    }
    // on main: 'ada' was locked for 15 minutes for everyone after five failures
    HttpResponse<String> own = login("198.51.100.7", "ada", OpsTestSupport.PASSWORD);
    assertEquals(302, own.statusCode(), own.body());
  }

  @Test
  void delaysGrowAndAreAnsweredWith429AndRetryAfter() throws Exception {
    String from = "192.0.2.44";
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertEquals(401, login(from, "olle", "wrong").statusCode(), "free failure " + (i + 1));
    }
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      assertEquals(401, login(from, "olle", "wrong").statusCode(), "after waiting, a try is checked");
      HttpResponse<String> r = login(from, "olle", "wrong");
      if (r.statusCode() == 401) {
        continue; // the machine was slower than the shortest delay (1 s); the next ones are longer
      }
      assertEquals(429, r.statusCode(), r.body());
      long wait = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
      waits.add(wait);
      CLOCK.advance(Duration.ofSeconds(wait));
    }
    assertTrue(waits.size() >= 4, "waits " + waits);
    for (int i = 1; i < waits.size(); i++) {
      assertTrue(waits.get(i) > waits.get(i - 1), "growing: " + waits);
    }
    // while blocked even the right password waits; after the wait it works and clears the count
    assertEquals(401, login(from, "olle", "wrong").statusCode());
    HttpResponse<String> blocked = login(from, "olle", OpsTestSupport.PASSWORD);
    assertEquals(429, blocked.statusCode());
    CLOCK.advance(Duration.ofSeconds(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())));
    assertEquals(302, login(from, "olle", OpsTestSupport.PASSWORD).statusCode());
    assertEquals(401, login(from, "olle", "wrong").statusCode(), "a success starts the account's count anew");
  }

  @Test
  void oneAddressGuessingManyAccountsIsSlowedToo() throws Exception {
    String from = "192.0.2.77";
    int failures = 0;
    for (int n = 0; failures < LoginThrottle.FREE_PER_ADDRESS; n++) {
      for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS && failures < LoginThrottle.FREE_PER_ADDRESS; i++) {
        assertEquals(401, login(from, "user" + n, "wrong").statusCode());
        failures++;
      }
    }
    assertEquals(401, login(from, "vera", "wrong").statusCode(), "the first paid failure is checked");
    HttpResponse<String> r = login(from, "someone-new", "wrong");
    assertEquals(429, r.statusCode(), "a fresh account name from the same address waits");
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
    // another address is not affected
    assertEquals(302, login("192.0.2.78", "vera", OpsTestSupport.PASSWORD).statusCode());
  }

  @Test
  void ipv6AddressesCountByTheirSlash64() throws Exception {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS + 1; i++) {
      // a fresh address of one /64 for every guess
      assertEquals(401, login("2001:db8:5:7::" + Integer.toHexString(i + 1), "ada", "wrong").statusCode());
    }
    HttpResponse<String> r = login("2001:db8:5:7:ffff::1", "ada", "wrong");
    assertEquals(429, r.statusCode(), "the same /64 shares one count");
    assertEquals(302, login("2001:db8:5:8::1", "ada", OpsTestSupport.PASSWORD).statusCode(), "another /64 does not");
    assertEquals("2001:db8:5:7:0:0:0:0/64", LoginThrottle.address("2001:db8:5:7:1:2:3:4"));
    assertEquals("192.0.2.1", LoginThrottle.address("192.0.2.1"));
  }

  @Test
  void delaysDoubleAndAreCapped() {
    assertEquals(Duration.ZERO, LoginThrottle.delay(3, 3));
    assertEquals(Duration.ofSeconds(1), LoginThrottle.delay(4, 3));
    assertEquals(Duration.ofSeconds(8), LoginThrottle.delay(7, 3));
    assertEquals(LoginThrottle.MAX_DELAY, LoginThrottle.delay(40, 3));
    assertEquals(LoginThrottle.MAX_DELAY, LoginThrottle.delay(Integer.MAX_VALUE, 3));
  }
}
