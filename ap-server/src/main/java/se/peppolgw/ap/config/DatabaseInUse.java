package se.peppolgw.ap.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * A second gateway on the same data folder: H2 holds an exclusive OS lock on its database file
 * while it is open, so the second one would wait for a connection until the pool times out and
 * print a long stack trace. This asks the OS for the same lock first (and lets it go at once) and
 * turns a refusal into one sentence. Opens no database and creates no file.
 */
public final class DatabaseInUse {
  /** H2's error code for "Database may be already in use". */
  static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private DatabaseInUse() {}

  /** The problem line when another process holds the H2 database of this configuration. */
  public static Optional<String> check(GatewayConfig config) {
    Optional<Path> file = h2File(config.store().url());
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(file.get(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return Optional.of(message(file.get()));
      }
      lock.release();
      return Optional.empty();
    } catch (OverlappingFileLockException e) {
      return Optional.of(message(file.get()));
    } catch (IOException e) {
      // not ours to judge here: the database's own start reports what is wrong with the file
      return Optional.empty();
    }
  }

  /** The same sentence for the pool's timeout, when the other process won a race with the check. */
  public static Optional<String> describe(Throwable e, GatewayConfig config) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return h2File(config.store().url()).map(DatabaseInUse::message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  static String message(Path dbFile) {
    Path folder = dbFile.toAbsolutePath().normalize().getParent();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    Path shown = folder.startsWith(cwd) && !folder.equals(cwd) ? cwd.relativize(folder) : folder;
    return "the database in " + shown + " is in use by another gateway process";
  }

  /**
   * The {@code .mv.db} file of an embedded H2 file URL; empty for PostgreSQL, in-memory, server
   * and AUTO_SERVER URLs (those allow several processes).
   */
  static Optional<Path> h2File(String url) {
    if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    rest = semi < 0 ? rest : rest.substring(0, semi);
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (rest.matches("^[A-Za-z]{2,}:.*")) {
      return Optional.empty();
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    return Optional.of(Path.of(rest + ".mv.db"));
  }
}
