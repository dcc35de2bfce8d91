package se.peppolgw.bench.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionLinks;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Page;
import se.peppolgw.ap.store.TransmissionState;

/**
 * List/search latency of the operator's transmission list on a seeded store.
 *
 * <pre>
 * java -cp … se.peppolgw.bench.ops.OpsListBenchmark [--url JDBC-URL] [--user U] [--password P]
 *      [--postgres] [--rows 1000000] [--iterations 300] [--search-iterations N] [--no-seed]
 *      [--unindexed-baseline] [--rebuild-search-index]
 * </pre>
 *
 * Default URL: an H2 file under target/ops-bench; {@code --postgres} starts an embedded
 * PostgreSQL 14 (io.zonky) with its data under target/ops-bench-pg instead. Seeds (unless
 * --no-seed or already seeded), then runs each query shape with random parameters through {@link
 * TransmissionQuery} (the code the UI and API use) and prints p50 / p99 / max in milliseconds.
 * {@code --search-iterations} runs the partial identifier searches fewer times (on H2 a rare
 * text reads the whole table each time). {@code --unindexed-baseline} (PostgreSQL) measures the
 * partial searches once more without the trigram index, then builds it again.
 * The raw statements here (a row count to skip seeding, ANALYZE after it, dropping and building
 * the search index) are benchmark-rig housekeeping the gateway never does; the measured queries
 * are the store's own.
 */
public final class OpsListBenchmark {
  private OpsListBenchmark() {}

  record Shape(String name, IntFunction<Runnable> query) {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:h2:file:" + java.nio.file.Path.of("target", "ops-bench", "db").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE";
    String user = "sa";
    String password = "";
    long rows = 1_000_000;
    int iterations = 300;
    boolean seed = true;
    boolean postgres = false;
    boolean unindexedBaseline = false;
    boolean rebuildSearchIndex = false;
    int searchIterations = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--postgres" -> postgres = true;
        case "--search-iterations" -> searchIterations = Integer.parseInt(args[++i]);
        case "--unindexed-baseline" -> unindexedBaseline = true;
        case "--rebuild-search-index" -> rebuildSearchIndex = true;
        case "--url" -> url = args[++i];
        case "--user" -> user = args[++i];
        case "--password" -> password = args[++i];
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--no-seed" -> seed = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    EmbeddedPostgres pg = postgres ? startPostgres() : null;
    if (pg != null) {
      url = pg.getJdbcUrl("postgres", "postgres");
      user = "postgres";
    }
    try (Database db = Database.open(url, user, password, 4)) {
      long have = count(db);
      Instant now = Instant.parse("2026-11-20T12:00:00Z");
      if (seed && have == 0) {
        long t0 = System.nanoTime();
        TransmissionSeeder.seedBulk(db, rows, now, 42);
        System.out.printf(Locale.ROOT, "seeded %,d transmissions in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        analyze(db);
      } else {
        System.out.printf(Locale.ROOT, "store has %,d transmissions%n", have);
      }
      if (rebuildSearchIndex && db.engine() == Database.Engine.POSTGRESQL) {
        rebuildSearchIndex(db);
      }
      run(db, now, iterations, searchIterations < 0 ? iterations : searchIterations);
      if (unindexedBaseline && db.engine() == Database.Engine.POSTGRESQL) {
        unindexedBaseline(db, searchIterations < 0 ? iterations : searchIterations);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  /** PostgreSQL 14 of io.zonky's binaries; the data directory is kept, so --no-seed reuses it. */
  private static EmbeddedPostgres startPostgres() throws java.io.IOException {
    java.nio.file.Path data = java.nio.file.Path.of("target", "ops-bench-pg").toAbsolutePath();
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("shared_buffers", "256MB")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(Duration.ofMinutes(2))
        .start();
  }

  /** V69's trigram index as the migration now defines it, on an already seeded store. */
  private static void rebuildSearchIndex(Database db) throws Exception {
    List<String> ddl = TransmissionSeeder.indexes(db).stream().filter(d -> d.contains("ix_tx_search_trgm")).toList();
    try (var c = db.connection(); var st = c.createStatement()) {
      st.execute("DROP INDEX IF EXISTS ix_tx_search_trgm");
      st.execute("SET maintenance_work_mem = '512MB'");
      for (String d : ddl.isEmpty() ? searchIndexDdl() : ddl) {
        long t0 = System.nanoTime();
        st.execute(d.substring(0, d.length() - 1));
        System.out.printf(Locale.ROOT, "rebuilt ix_tx_search_trgm (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      }
      st.execute("ANALYZE transmission");
    }
  }

  private static List<String> searchIndexDdl() throws java.io.IOException {
    try (var in = Database.class.getClassLoader().getResourceAsStream("db/migration-postgresql/V69__identifier_search.sql")) {
      String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("CREATE INDEX ix_tx_search_trgm [^;]*;").matcher(sql);
      return m.find() ? List.of(m.group()) : List.of();
    }
  }

  /** The partial searches without the trigram index (a sequential or list-index scan), then the index again. */
  private static void unindexedBaseline(Database db, int iterations) throws Exception {
    String ddl = TransmissionSeeder.indexes(db).stream()
        .filter(d -> d.contains("ix_tx_search_trgm")).findFirst().orElseThrow();
    try (var c = db.connection(); var st = c.createStatement()) {
      st.execute("DROP INDEX ix_tx_search_trgm");
    }
    System.out.println("without the trigram index (baseline):");
    measure(partialSearches(new TransmissionQuery(db), count(db), new SplittableRandom(11)),
        iterations);
    try (var c = db.connection(); var st = c.createStatement()) {
      st.execute("SET maintenance_work_mem = '512MB'");
      st.execute(ddl.substring(0, ddl.length() - 1));
    }
    System.out.println("trigram index built again");
  }

  static void run(Database db, Instant now, int iterations, int searchIterations) {
    TransmissionQuery q = new TransmissionQuery(db);
    TransmissionLinks links = new TransmissionLinks(db, Clock.systemUTC());
    long total = count(db);
    SplittableRandom r = new SplittableRandom(7);
    String invoice = DocumentTypeAliases.expand("invoice");
    String order = DocumentTypeAliases.expand("order");
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape("newest 50, no filter", i -> () -> q.list(Filter.ALL, null, 50)));
    shapes.add(new Shape("direction out + state FAILED", i -> () ->
        q.list(new Filter(Direction.OUT, List.of(TransmissionState.FAILED), null, null, null, null, null), null, 50)));
    shapes.add(new Shape("state pending (3 states)", i -> () ->
        q.list(new Filter(null, List.of(TransmissionState.PENDING, TransmissionState.SENDING,
            TransmissionState.RETRY_WAIT), null, null, null, null, null), null, 50)));
    shapes.add(new Shape("document type invoice", i -> () ->
        q.list(new Filter(null, List.of(), invoice, null, null, null, null), null, 50)));
    shapes.add(new Shape("counterpart (random buyer)", i -> {
      String b = TransmissionSeeder.buyer(r.nextInt(TransmissionSeeder.BUYERS));
      return () -> q.list(new Filter(null, List.of(), null, b, null, null, null), null, 50);
    }));
    shapes.add(new Shape("date range: one random week", i -> {
      Instant from = now.minus(Duration.ofDays(7 + r.nextInt(350))).truncatedTo(ChronoUnit.DAYS);
      return () -> q.list(new Filter(null, List.of(), null, null, from, from.plus(Duration.ofDays(7)), null), null, 50);
    }));
    shapes.add(new Shape("search SBDH InstanceIdentifier", i -> {
      String id = TransmissionSeeder.sbdh(r.nextLong(total));
      return () -> q.list(new Filter(null, List.of(), null, null, null, null, id), null, 50);
    }));
    shapes.add(new Shape("search order number (chain)", i -> {
      String po = "PO-" + r.nextLong(total / 4);
      return () -> q.list(new Filter(null, List.of(), null, null, null, null, po), null, 50);
    }));
    shapes.add(new Shape("search order number in lower case", i -> {
      String po = "po-" + r.nextLong(total / 4);
      return () -> q.list(new Filter(null, List.of(), null, null, null, null, po), null, 50);
    }));
    shapes.add(new Shape("in + order + big buyer + 30 days", i -> {
      String b = TransmissionSeeder.buyer(r.nextInt(20));
      Instant from = now.minus(Duration.ofDays(30));
      return () -> q.list(new Filter(Direction.IN, List.of(), order, b, from, now, null), null, 50);
    }));
    shapes.add(new Shape("5th page, no filter (keyset)", i -> () -> {
      Cursor c = null;
      for (int p = 0; p < 5; p++) {
        Page page = q.list(Filter.ALL, c, 50);
        c = page.next().orElseThrow();
      }
    }));
    shapes.add(new Shape("document chain of an order", i -> {
      String po = "PO-" + r.nextLong(total / 4);
      return () -> links.chain(po);
    }));
    measure(shapes, iterations);
    System.out.printf(Locale.ROOT, "partial identifier searches (%d runs each):%n", searchIterations);
    measure(partialSearches(q, total, r), searchIterations);
  }

  /**
   * Partial, case-insensitive identifier searches (store/IdentifierSearch): from a handful of
   * matches (part of an invoice number, of an SBDH id) to tens of thousands (four digits, a
   * participant number) and none at all.
   */
  static List<Shape> partialSearches(TransmissionQuery q, long total, SplittableRandom r) {
    List<Shape> shapes = new ArrayList<>();
    shapes.add(search(q, "partial: 'inv-NNNNN' (a few rows)", () -> "inv-" + r.nextLong(Math.max(1, total / 10))));
    shapes.add(search(q, "partial: 8 hex digits of an SBDH id", () -> TransmissionSeeder.sbdh(r.nextLong(total)).substring(0, 8)));
    shapes.add(search(q, "partial: 4 digits ('0042')", () -> String.format(Locale.ROOT, "%04d", r.nextInt(10_000))));
    shapes.add(search(q, "partial: participant number, no scheme",
        () -> TransmissionSeeder.buyer(r.nextInt(TransmissionSeeder.BUYERS)).substring(5)));
    shapes.add(search(q, "partial: no match", () -> "zq-" + r.nextInt(1_000_000)));
    return shapes;
  }

  private static Shape search(TransmissionQuery q, String name, java.util.function.Supplier<String> text) {
    return new Shape(name, i -> {
      String t = text.get();
      return () -> q.list(new Filter(null, List.of(), null, null, null, null, t), null, 50);
    });
  }

  private static void measure(List<Shape> shapes, int iterations) {
    System.out.printf("%-38s %9s %9s %9s%n", "query (limit 50)", "p50 ms", "p99 ms", "max ms");
    for (Shape s : shapes) {
      for (int i = 0; i < Math.min(30, Math.max(3, iterations / 10)); i++) {
        s.query().apply(i).run();
      }
      double[] ms = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        Runnable run = s.query().apply(i);
        long t0 = System.nanoTime();
        run.run();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "%-38s %9.2f %9.2f %9.2f%n", s.name(), ms[iterations / 2],
          ms[(int) Math.ceil(iterations * 0.99) - 1], ms[iterations - 1]);
    }
  }

  private static long count(Database db) {
    try (var c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM transmission")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void analyze(Database db) {
    try (var c = db.connection(); var st = c.createStatement()) {
      st.execute(db.engine() == Database.Engine.H2 ? "ANALYZE" : "ANALYZE transmission");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
