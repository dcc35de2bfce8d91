package se.peppolgw.ap.ops.security;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import se.peppolgw.ap.store.LoginThrottleStore;

/**
 * Slows password guessing without letting anyone lock an operator out. Failures are counted per
 * account at one client address, and per client address across all accounts; past a few free
 * failures every further one makes that key wait twice as long as the last (1 s, 2 s, 4 s … at
 * most 15 minutes). An operator logging in from their own address is never delayed by a
 * stranger's failures from another one. Counts live in the database, so every node sees them.
 */
public final class LoginThrottle {
  /** Failures of one account from one address before delays start. */
  public static final int FREE_PER_ACCOUNT_AND_ADDRESS = 3;
  /** Failures from one address, whatever the account, before delays start. */
  public static final int FREE_PER_ADDRESS = 20;
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  /** A count not raised for this long starts again from zero. */
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  private final LoginThrottleStore store;
  private final Clock clock;

  public LoginThrottle(LoginThrottleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** How long this account at this address must still wait; zero when it may try now. */
  Duration wait(String name, String address) {
    Instant now = clock.instant();
    Instant until = store.blockedUntil(List.of(accountKey(name, address), addressKey(address)));
    return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
  }

  void failed(String name, String address) {
    Instant now = clock.instant();
    store.recordFailure(accountKey(name, address), now, FORGET_AFTER, n -> delay(n, FREE_PER_ACCOUNT_AND_ADDRESS));
    store.recordFailure(addressKey(address), now, FORGET_AFTER, n -> delay(n, FREE_PER_ADDRESS));
  }

  /**
   * Forgets the account's failures at this address. The address's own count stays: one valid
   * account must not buy an address fresh guesses at every other account.
   */
  void succeeded(String name, String address) {
    store.clear(accountKey(name, address));
  }

  /** Removes stale counters (run periodically); returns how many. */
  public int cleanUp() {
    Instant now = clock.instant();
    return store.deleteStale(now.minus(FORGET_AFTER), now);
  }

  /** The wait after the {@code failures}-th failure when {@code free} failures cost nothing. */
  public static Duration delay(int failures, int free) {
    if (failures <= free) {
      return Duration.ZERO;
    }
    int doublings = failures - free - 1;
    if (doublings >= 20) {
      return MAX_DELAY;
    }
    Duration d = Duration.ofSeconds(1L << doublings);
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  private static String accountKey(String name, String address) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return "account:" + Names.cut(n, 100) + "@" + address(address);
  }

  private static String addressKey(String address) {
    return "address:" + address(address);
  }

  /**
   * The client as the throttle counts it: an IPv4 address, or the /64 network of an IPv6 address
   * (one subscriber usually has a whole /64, so counting single IPv6 addresses would give a
   * guesser 2^64 fresh counts).
   */
  public static String address(String a) {
    if (a == null || a.isEmpty()) {
      return "";
    }
    String literal = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    if (literal.indexOf(':') >= 0 && literal.matches("[0-9A-Fa-f:.%a-zA-Z]{2,100}")) {
      try {
        // a literal: no name lookup happens for it
        byte[] b = java.net.InetAddress.getByName(literal.replaceFirst("%.*$", "")).getAddress();
        if (b.length == 16) {
          java.util.Arrays.fill(b, 8, 16, (byte) 0);
          return java.net.InetAddress.getByAddress(b).getHostAddress() + "/64";
        }
      } catch (java.net.UnknownHostException e) {
        // not an address after all: counted as given
      }
    }
    return Names.cut(a, 100);
  }
}
