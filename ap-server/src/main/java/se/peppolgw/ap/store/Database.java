package se.peppolgw.ap.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.fs.SafeFiles;

/** The connection pool and schema migrations for either engine (H2 file or PostgreSQL). */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Units of work one group commit may take at most (see {@link GroupCommit}). */
  public static final int GROUP_COMMIT_MAX_BATCH = 64;

  private final HikariDataSource pool;
  private final Engine engine;
  private final List<String> durabilityWarnings;
  private volatile GroupCommit groupCommit;
  private final AtomicLong forces = new AtomicLong();
  private final AtomicLong forceNanos = new AtomicLong();

  public enum Engine {
    H2,
    POSTGRESQL
  }

  private Database(HikariDataSource pool, Engine engine, List<String> durabilityWarnings) {
    this.pool = pool;
    this.engine = engine;
    this.durabilityWarnings = durabilityWarnings;
  }

  /**
   * Opens the pool and migrates the schema to the newest version, with one group-commit writer
   * for the inbound path.
   */
  public static Database open(String url, String user, String password, int poolSize) {
    return open(url, user, password, poolSize, 1);
  }

  /**
   * As {@link #open(String, String, String, int)}, with {@code groupCommitWriters} writer threads
   * for group commit; 0 runs every unit of work in its own transaction instead.
   */
  public static Database open(
      String url, String user, String password, int poolSize, int groupCommitWriters) {
    Engine engine = engineOf(url);
    if (engine == Engine.H2) {
      h2Folder(url).ifPresent(Database::createPrivateFolder);
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(poolSize);
    hc.setPoolName("gateway-db");
    // Short timeouts: a dead database must turn into a quick AS4 error, not a hung sender.
    hc.setConnectionTimeout(5_000);
    hc.setValidationTimeout(2_000);
    // Keep the pool starting even when the database is briefly down; callers get errors instead.
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    HikariDataSource ds = new HikariDataSource(hc);
    List<String> durabilityWarnings = List.of();
    try {
      if (engine == Engine.H2) {
        configureH2(ds);
      }
      migrate(ds, engine);
      if (engine == Engine.POSTGRESQL) {
        durabilityWarnings = PostgresDurabilityCheck.check(ds).stream()
            .map(PostgresDurabilityCheck.Finding::message)
            .toList();
        durabilityWarnings.forEach(w -> LOG.warn("Not durable: {}", w));
      }
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    LOG.info("Database ready: {} ({})", redact(url), engine);
    Database db = new Database(ds, engine, durabilityWarnings);
    if (groupCommitWriters > 0) {
      db.groupCommit = new GroupCommit(db, groupCommitWriters, GROUP_COMMIT_MAX_BATCH);
    }
    return db;
  }

  /**
   * The folder of an H2 file database ({@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>});
   * empty for in-memory and server URLs.
   */
  static Optional<Path> h2Folder(String url) {
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    rest = semi < 0 ? rest : rest.substring(0, semi);
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (rest.matches("^[A-Za-z]{2,}:.*")) {
      return Optional.empty(); // mem:, tcp:, ssl:, or a file system prefix H2 resolves itself
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    Path parent = Path.of(rest).toAbsolutePath().normalize().getParent();
    return Optional.ofNullable(parent);
  }

  /**
   * H2 creates its files itself, with the process's umask (often world-readable); a folder only the
   * owner may enter protects them. Created so, not narrowed afterwards; an older, open folder is
   * reported.
   */
  private static void createPrivateFolder(Path dir) {
    try {
      SafeFiles.createDirectories(dir, SafeFiles.PRIVATE_DIR);
      SafeFiles.warnIfOthersMayRead(dir);
    } catch (IOException e) {
      throw new StoreException("gateway.db.url: cannot create the database folder " + dir + " (" + e.getMessage() + ")");
    }
  }

  static Engine engineOf(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return Engine.POSTGRESQL;
    }
    if (url.startsWith("jdbc:h2:")) {
      return Engine.H2;
    }
    throw new StoreException(
        "gateway.db.url: unsupported database URL (expected jdbc:h2:… or jdbc:postgresql:…)");
  }

  /**
   * Values up to this size are kept inside their row in H2 instead of its separate LOB store.
   * H2's default (256 bytes) sends every receipt, sending report, lookup trace and small SBD through
   * the LOB store, which costs several times a plain row write (measured: 194 µs against 44 µs for
   * an insert with a 4 KB text and a 5 KB binary value). Large documents stay in the LOB store.
   */
  static final int H2_INPLACE_LOB_BYTES = 32 * 1024;

  /**
   * H2 has no redo log: by default a commit reaches the file only when a background writer runs
   * (every 500 ms), so a process killed right after a commit loses it — and with it a message we
   * already acknowledged. WRITE_DELAY 0 writes every commit to the file before commit returns
   * (verified with kill -9 right after commit). That write reaches the operating system, not the
   * disk: {@link #forceToDisk} adds the fsync on the paths that answer a sender. Both settings are
   * persistent in the database file.
   */
  private static void configureH2(DataSource ds) {
    try (Connection c = FirstConnection.open(ds, FirstConnection.H2_PATIENCE);
        java.sql.Statement s = c.createStatement()) {
      s.execute("SET WRITE_DELAY 0");
      s.execute("SET MAX_LENGTH_INPLACE_LOB " + H2_INPLACE_LOB_BYTES);
    } catch (SQLException e) {
      throw new StoreException("could not configure H2: " + e.getMessage(), e);
    }
  }

  /**
   * Forces everything committed so far to the disk, so that it survives an operating-system crash
   * or power loss. Call it after a commit and before telling anyone outside (an AS4 sender) that
   * the work is safe. One call covers every transaction committed before it, on any connection:
   * group commit forces once per batch.
   *
   * <p>H2: {@code CHECKPOINT SYNC} writes what is not yet in the file (under the store's lock, so a
   * commit another thread is still writing is included) and then calls {@code FileChannel.force}.
   * PostgreSQL: nothing to do, its commit already waits for the WAL flush when
   * {@code synchronous_commit} and {@code fsync} are on (checked at start:
   * {@link PostgresDurabilityCheck}). ({@code CHECKPOINT SYNC} needs an H2
   * admin, as do the settings above: a non-admin user is refused at start already.)
   */
  void forceToDisk(Connection c) throws SQLException {
    if (engine == Engine.H2) {
      long t0 = System.nanoTime();
      forceH2(c);
      forceNanos.addAndGet(System.nanoTime() - t0);
      forces.incrementAndGet();
    }
  }

  private static void forceH2(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }

  /** Forces done by {@link #forceToDisk} so far (for diagnostics and tests). */
  long forces() {
    return forces.get();
  }

  private static void migrate(DataSource ds, Engine engine) {
    Map<String, String> placeholders =
        engine == Engine.POSTGRESQL
            ? Map.of("blob", "BYTEA", "text", "TEXT")
            : Map.of("blob", "BLOB", "text", "CLOB");
    Flyway.configure()
        .dataSource(ds)
        // db/migration for both engines; db/migration-<engine> for what only one of them can do
        .locations(
            "classpath:db/migration",
            engine == Engine.POSTGRESQL ? "classpath:db/migration-postgresql" : "classpath:db/migration-h2")
        .placeholders(placeholders)
        .load()
        .migrate();
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public DataSource dataSource() {
    return pool;
  }

  public Engine engine() {
    return engine;
  }

  /**
   * Server settings found at start that let a commit return before it is on the disk (PostgreSQL
   * fsync, synchronous_commit or full_page_writes off), each logged as a warning; empty when safe.
   */
  public List<String> durabilityWarnings() {
    return durabilityWarnings;
  }

  /** True when a connection can be had and answers. */
  public boolean isReachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs the work in a transaction shared with other callers' work (group commit) and returns once
   * it is committed; without group commit, in a transaction of its own. Either way the work must
   * neither commit nor roll back itself. Either way the commit is forced to the disk before this
   * returns ({@link #forceToDisk}).
   */
  <T> T inSharedTransaction(Jdbc.TxWork<T> work) {
    GroupCommit gc = groupCommit;
    if (gc != null) {
      return gc.run(work);
    }
    return Jdbc.inTransaction(this, c -> {
      T result = work.run(c);
      c.commit();
      forceToDisk(c);
      return result;
    });
  }

  /** The group-commit writer, or null when switched off. */
  GroupCommit groupCommit() {
    return groupCommit;
  }

  @Override
  public void close() {
    GroupCommit gc = groupCommit;
    if (gc != null) {
      gc.close();
    }
    long n = forces.get();
    if (n > 0) {
      LOG.info("Forced the database file to the disk {} times, {} ms each on average", n,
          String.format(java.util.Locale.ROOT, "%.2f", forceNanos.get() / 1e6 / n));
    }
    pool.close();
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }
}
