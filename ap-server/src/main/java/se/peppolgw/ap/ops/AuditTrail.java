package se.peppolgw.ap.ops;

import java.time.Clock;
import java.util.List;
import se.peppolgw.ap.store.AuditStore;
import se.peppolgw.ap.store.Database;

/** Who did what and when: logins, downloads and every action, stamped with the clock's time. */
public final class AuditTrail {
  private final AuditStore store;
  private final Clock clock;

  public AuditTrail(Database db, Clock clock) {
    this.store = new AuditStore(db);
    this.clock = clock;
  }

  public void record(
      String actor, String action, String target, String outcome, String detail, String remote) {
    store.insert(clock.instant(), actor, action, target, outcome, detail, remote);
  }

  /** Newest first; {@code target} null for all. */
  public List<AuditStore.Entry> recent(String target, int limit) {
    return store.recent(target, limit);
  }

  static String cut(String s, int max) {
    return AuditStore.cut(s, max);
  }
}
