package se.peppolgw.ap.mls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import se.peppolgw.ap.store.MlsStore;

/**
 * Keeps an eye on the answers we wait for: delivered transmissions whose MLS (asked for with
 * ALWAYS_SEND) has not come within {@code gateway.mls.expected-within}, rejections, and MLS that
 * match nothing. For the dashboard and {@code /health}.
 */
public final class MlsWatch {
  /** Delivered transmissions older than the wait plus this are no longer looked at (bounded scan). */
  static final Duration LOOK_BACK = Duration.ofDays(30);

  private final MlsStore store;
  private final Duration expectedWithin;
  private final Clock clock;

  public MlsWatch(MlsStore store, Duration expectedWithin, Clock clock) {
    this.store = store;
    this.expectedWithin = expectedWithin;
    this.clock = clock;
  }

  /**
   * @param overdue delivered transmissions without their expected MLS after the wait
   * @param rejected7d transmissions whose (latest) MLS of the last 7 days is a rejection
   * @param unmatched received MLS that match none of our transmissions
   * @param expectedWithin the wait ({@code gateway.mls.expected-within})
   */
  public record Figures(long overdue, long rejected7d, long unmatched, Duration expectedWithin) {
    /** One line for {@code /health}: "ok" or what needs looking at. */
    public String summary() {
      if (overdue == 0 && unmatched == 0) {
        return "ok";
      }
      return overdue + " delivered transmission(s) without the expected MLS after " + expectedWithin.toHours()
          + " h; " + unmatched + " MLS matching none of our transmissions";
    }
  }

  public Figures figures() {
    Instant now = clock.instant();
    return new Figures(
        store.countOverdue(now.minus(expectedWithin), now.minus(expectedWithin).minus(LOOK_BACK)),
        store.countRejectedSince(now.minus(Duration.ofDays(7))),
        store.countUnmatched(),
        expectedWithin);
  }

  /** Received MLS that match none of our transmissions, newest first. */
  public List<se.peppolgw.ap.store.MlsAnswer> unmatched(int limit) {
    return store.unmatched(0, limit);
  }

  /** The overdue transmissions themselves, oldest first. */
  public List<String> overdue(int limit) {
    Instant now = clock.instant();
    return store.overdue(now.minus(expectedWithin), now.minus(expectedWithin).minus(LOOK_BACK), limit);
  }
}
