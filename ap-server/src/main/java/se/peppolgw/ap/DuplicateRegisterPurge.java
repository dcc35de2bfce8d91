package se.peppolgw.ap;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.store.UnauthenticatedRefusals;

/**
 * Hourly housekeeping of the duplicate registers: inbound AS4 MessageIds and refusal counters
 * past the duplicate window, outbound Idempotency-Keys and business identities past theirs.
 */
final class DuplicateRegisterPurge implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DuplicateRegisterPurge.class);

  private final GatewayConfig config;
  private final Database db;
  private final TransmissionStore store;
  private final Outbound outbound;
  private final Clock clock;

  DuplicateRegisterPurge(GatewayConfig config, Database db, TransmissionStore store, Outbound outbound, Clock clock) {
    this.config = config;
    this.db = db;
    this.store = store;
    this.outbound = outbound;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      // the refusal counters are kept as long as the duplicate register (at least 7 days)
      Duration keep = config.inbound().duplicateWindow().compareTo(Duration.ofDays(7)) < 0
          ? Duration.ofDays(7) : config.inbound().duplicateWindow();
      new UnauthenticatedRefusals(db, store, clock).purgeBefore(clock.instant().minus(keep));
      int n = store.purgeDedupBefore(clock.instant().minus(config.inbound().duplicateWindow()));
      if (n > 0) {
        LOG.info("Duplicate register: forgot {} entries older than {}", n, config.inbound().duplicateWindow());
      }
      // outbound: Idempotency-Keys and business identities past their windows (issue 16)
      int m =
          outbound.outbox().purgeRepeatsBefore(
              clock.instant().minus(config.outbound().idempotencyRetention()),
              clock.instant().minus(config.outbound().duplicateWindow()));
      if (m > 0) {
        LOG.info("Outbound repeats: forgot {} idempotency keys and business identities past their windows", m);
      }
    } catch (RuntimeException e) {
      LOG.warn("Duplicate register purge failed, will retry: {}", e.getMessage());
    }
  }
}
