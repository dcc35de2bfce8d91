package se.peppolgw.ap.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.RetentionStore;
import se.peppolgw.ap.store.RetentionStore.DocumentTypes;

/**
 * Deletes transmissions (with timeline, payloads and links) whose retention has passed. Never
 * touches what is still in flight (outbound not final, inbound not yet handed over), and never an
 * invoice or credit note inside its legal period (see {@link RetentionPolicy}).
 */
public final class RetentionPurge {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  private static final int BATCH = 500;

  /** The document types of each kind of {@link RetentionPolicy#KINDS}, by their identifier. */
  private static final Map<String, String> KIND_PATTERN =
      Map.of(
          "invoice", "%::Invoice##%",
          "credit-note", "%::CreditNote##%",
          "order", "%::Order##%",
          "order-response", "%::OrderResponse##%",
          "despatch-advice", "%::DespatchAdvice##%");

  private final RetentionStore store;
  private final RetentionPolicy policy;
  private final Clock clock;

  public RetentionPurge(Database db, RetentionPolicy policy, Clock clock) {
    this.store = new RetentionStore(db);
    this.policy = policy;
    this.clock = clock;
  }

  /** Runs once; returns how many transmissions were deleted per kind. */
  public Map<String, Integer> run() {
    Instant now = clock.instant();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String kind : RetentionPolicy.KINDS) {
      Optional<Instant> before = policy.purgeBefore(kind, now);
      if (before.isEmpty()) {
        continue;
      }
      DocumentTypes types = types(kind);
      int total = 0;
      while (true) {
        int n = store.purgeBatch(types, before.get(), BATCH);
        total += n;
        if (n < BATCH) {
          break;
        }
      }
      out.put(kind, total);
      if (total > 0) {
        LOG.info("Retention: purged {} {} transmission(s) created before {}", total, kind, before.get());
      }
    }
    return out;
  }

  static DocumentTypes types(String kind) {
    String pattern = KIND_PATTERN.get(kind);
    if (pattern != null) {
      return DocumentTypes.matching(pattern);
    }
    if (!kind.equals("other")) {
      throw new IllegalArgumentException("unknown retention kind: " + kind);
    }
    return DocumentTypes.notMatching(List.copyOf(KIND_PATTERN.values()));
  }
}
