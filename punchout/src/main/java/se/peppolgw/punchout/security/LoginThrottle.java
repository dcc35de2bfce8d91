package se.peppolgw.punchout.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Failed-login throttling with growing delays, counted under three keys at once:
 * <ul>
 * <li><b>buyer + client address</b>: {@code maxFailures} failures within the window, then a delay;</li>
 * <li><b>client address</b> across all buyers: {@link #ADDRESS_FACTOR} times as many (one office behind one
 * NAT may host several buyers);</li>
 * <li><b>buyer</b> from any address: {@link #BUYER_FACTOR} times as many, a backstop against guessing
 * spread over many addresses; it only holds back addresses that have already failed for this buyer, so it
 * never keeps the buyer out of a clean address.</li>
 * </ul>
 * The buyer is the profile that the request actually matched (never the raw text the caller sent first), so
 * a junk extra credential or another spelling of a case-insensitive domain counts towards the same buyer.
 * An unmatched claim counts under a normalised form of the claimed name, so unknown and known buyers are
 * throttled alike. Once a key reaches its limit a login is refused for {@link #FIRST_DELAY}, and each further
 * failure doubles that delay, never beyond the window: a stranger can slow a buyer down from his own
 * address but cannot lock the buyer out of another address, and never for good. Refused-while-throttled
 * attempts are not counted, so a flood does not lengthen the delay.
 */
public final class LoginThrottle {
  public static final Duration FIRST_DELAY = Duration.ofMinutes(1);
  public static final int ADDRESS_FACTOR = 4;
  public static final int BUYER_FACTOR = 10;

  /** A login attempt as the throttle sees it. */
  public record Attempt(String buyerKey, String clientAddress) {
    /** @param matchedBuyerId the profile id the credentials matched, or null; then {@code claimed} is used */
    public static Attempt of(String protocol, String matchedBuyerId, String claimed, String clientAddress) {
      String buyer = matchedBuyerId != null ? "buyer:" + matchedBuyerId
          : "unknown:" + protocol + ":" + (claimed == null ? "" : claimed.trim().toLowerCase(Locale.ROOT));
      return new Attempt(buyer, clientAddress == null ? "" : clientAddress);
    }
  }

  private record Rule(String key, int limit) {
  }

  private static final int PAIR_RULE = 0;
  private static final int BUYER_RULE = 2;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final LoginFailureStore store;
  private final AtomicReference<Instant> lastPurge;

  public LoginThrottle(Clock clock, int maxFailures, Duration window, LoginFailureStore store) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.store = store;
    this.lastPurge = new AtomicReference<>(clock.instant());
  }

  /** How long the caller must still wait, or {@link Duration#ZERO} when the attempt may be checked. */
  public Duration retryAfter(Attempt attempt) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(window);
    Duration wait = Duration.ZERO;
    List<Rule> rules = rules(attempt);
    boolean failedHereBefore = false;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (i == BUYER_RULE && !failedHereBefore) {
        // the buyer-wide count never stops an address that has not failed for this buyer: guessing spread
        // over many addresses then gets one try per address, and the buyer still logs in from a clean one
        continue;
      }
      LoginFailureStore.Failures f = store.since(r.key(), cutoff);
      if (i == PAIR_RULE) {
        failedHereBefore = f.count() > 0;
      }
      if (f.count() >= r.limit() && f.latest() != null) {
        Instant until = f.latest().plus(delay(f.count() - r.limit()));
        Duration left = Duration.between(now, until);
        if (left.compareTo(wait) > 0) {
          wait = left;
        }
      }
    }
    return wait;
  }

  public boolean isBlocked(Attempt attempt) {
    return !retryAfter(attempt).isZero();
  }

  public void recordFailure(Attempt attempt) {
    Instant now = clock.instant();
    purgeOccasionally(now);
    for (Rule r : rules(attempt)) {
      store.recordFailure(r.key(), now);
    }
  }

  /** A correct login clears its own buyer-and-address count only: the others are about other people. */
  public void recordSuccess(Attempt attempt) {
    store.clear(rules(attempt).get(0).key());
  }

  private Duration delay(int beyondLimit) {
    Duration d = FIRST_DELAY;
    for (int i = 0; i < beyondLimit && d.compareTo(window) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(window) > 0 ? window : d;
  }

  private List<Rule> rules(Attempt a) {
    return List.of(new Rule(digest("pair", a.buyerKey() + "\n" + a.clientAddress()), maxFailures),
        new Rule(digest("addr", a.clientAddress()), maxFailures * ADDRESS_FACTOR),
        new Rule(digest("buyer", a.buyerKey()), maxFailures * BUYER_FACTOR));
  }

  private void purgeOccasionally(Instant now) {
    Instant last = lastPurge.get();
    if (now.isAfter(last.plusSeconds(60)) && lastPurge.compareAndSet(last, now)) {
      store.purgeBefore(now.minus(window));
    }
  }

  /** Claimed names are caller-chosen text of any length: the store only ever sees a fixed-length digest. */
  private static String digest(String kind, String value) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return kind + ":" + HexFormat.of().formatHex(h, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }
}
