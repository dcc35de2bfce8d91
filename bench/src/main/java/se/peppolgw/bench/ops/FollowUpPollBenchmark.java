package se.peppolgw.bench.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.InboundValidationStore;

/**
 * How long the after-receipt workers' polls take on a large store: the validation worker's "what
 * is waiting for validation" and the MLS responder's "what is waiting for its answer", which both
 * run after every received message. Beside each, in the same run, the query the workers ran before
 * V72 (an anti-join over every accepted inbound transmission) as the baseline.
 *
 * <p>Uses the store that {@link OpsListBenchmark} {@code --postgres} seeded under
 * target/ops-bench-pg (1,000,000 transmissions). First it makes the store look like a gateway that
 * has worked through all of them: every accepted inbound document validated and answered, then
 * the newest {@code --pending} (16) put back in the queue as just received.
 *
 * <pre>
 *   java -cp "bench/target/bench.jar:bench/target/lib/*" se.peppolgw.bench.ops.FollowUpPollBenchmark
 *       [--iterations 20] [--pending 16]
 * </pre>
 */
public final class FollowUpPollBenchmark {
  private static final String ACCEPTED = "t.direction = 'IN' AND t.state IN ('RECEIVED','HANDED_OVER','ACKNOWLEDGED')";

  /** The validation worker's poll before V72. */
  private static final String OLD_VALIDATION_POLL =
      "SELECT t.id FROM transmission t WHERE " + ACCEPTED
          + " AND NOT EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)"
          + " AND (EXISTS (SELECT 1 FROM payload p WHERE p.transmission_id = t.id AND p.kind = 'RECEIPT')"
          + " OR t.created_at < ?) ORDER BY t.seq FETCH FIRST 50 ROWS ONLY";

  /** The MLS responder's poll before V72. */
  private static final String OLD_ANSWER_POLL =
      "SELECT t.id FROM transmission t WHERE " + ACCEPTED
          + " AND EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)"
          + " AND NOT EXISTS (SELECT 1 FROM mls_decision a WHERE a.inbound_id = t.id)"
          + " ORDER BY t.seq FETCH FIRST 50 ROWS ONLY";

  private FollowUpPollBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = 20;
    int pending = 16;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--pending" -> pending = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(java.nio.file.Path.of("target", "ops-bench-pg").toAbsolutePath())
        .setCleanDataDirectory(false)
        .setServerConfig("shared_buffers", "256MB")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(Duration.ofMinutes(2))
        .start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (Database db = Database.open(url, "postgres", "", 4)) { // migrates to V72 and later
        long accepted = prepare(url, pending);
        InboundValidationStore results = new InboundValidationStore(db, Clock.systemUTC());
        System.out.printf(Locale.ROOT,
            "%,d accepted inbound documents, %d of them waiting for validation; %d polls each, ms%n%n",
            accepted, pending, iterations);
        System.out.println("| poll | before V72: p50 | max | now: p50 | max | found (before, now) |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
          row("waiting for validation", iterations,
              () -> count(c, OLD_VALIDATION_POLL, true), () -> results.awaitingValidation(50).size());
          row("waiting for the MLS answer", iterations,
              () -> count(c, OLD_ANSWER_POLL, false), () -> results.awaitingMlsAnswer(50).size());
        }
      }
    }
  }

  /**
   * Every accepted inbound document validated and answered, the queue emptied, then the newest
   * {@code pending} made unvalidated and queued again (idempotent: a second run lands in the
   * same state). Returns the number of accepted inbound documents.
   */
  private static long prepare(String url, int pending) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("INSERT INTO inbound_validation (transmission_id, outcome, error_count, warning_count, validated_at)"
          + " SELECT t.id, 'PASSED', 0, 0, t.created_at FROM transmission t WHERE " + ACCEPTED
          + " AND NOT EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)");
      s.execute("INSERT INTO mls_decision (inbound_id, decision, created_at)"
          + " SELECT t.id, 'NOT_SENT', t.created_at FROM transmission t WHERE " + ACCEPTED
          + " AND NOT EXISTS (SELECT 1 FROM mls_decision a WHERE a.inbound_id = t.id)");
      s.execute("DELETE FROM inbound_followup");
      s.execute("CREATE TEMPORARY TABLE newest AS SELECT t.id, t.seq FROM transmission t WHERE " + ACCEPTED
          + " ORDER BY t.seq DESC FETCH FIRST " + pending + " ROWS ONLY");
      s.execute("DELETE FROM mls_decision WHERE inbound_id IN (SELECT id FROM newest)");
      s.execute("DELETE FROM inbound_validation WHERE transmission_id IN (SELECT id FROM newest)");
      s.execute("INSERT INTO inbound_followup (transmission_id, step, seq) SELECT id, 'VALIDATE', seq FROM newest");
      s.execute("ANALYZE inbound_validation");
      s.execute("ANALYZE mls_decision");
      // A working gateway's queue never held more than its backlog, and autovacuum keeps it
      // small. On this seeded store (nothing validated) a first V72 backfill put 475,000 rows in,
      // which were taken out again above: give their pages back, or every poll reads them.
      s.execute("VACUUM FULL ANALYZE inbound_followup");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM transmission t WHERE " + ACCEPTED)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void row(String name, int iterations, IntSupplier before, IntSupplier now) {
    before.getAsInt(); // one unmeasured run each: caches and plans
    now.getAsInt();
    double[] b = new double[iterations];
    double[] n = new double[iterations];
    int foundBefore = 0;
    int foundNow = 0;
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      foundBefore = before.getAsInt();
      b[i] = (System.nanoTime() - t0) / 1e6;
      t0 = System.nanoTime();
      foundNow = now.getAsInt();
      n[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(b);
    Arrays.sort(n);
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d, %d |%n",
        name, b[iterations / 2], b[iterations - 1], n[iterations / 2], n[iterations - 1], foundBefore, foundNow);
  }

  private static int count(Connection c, String sql, boolean withGrace) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (withGrace) {
        ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
      }
      int found = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found++;
        }
      }
      return found;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
