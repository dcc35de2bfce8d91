package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the per-message writes of the inbound path (store before the receipt, the
 * receipt itself, the hand-over mark).
 *
 * <p>Why: with H2 every commit serializes and writes each B-tree page the transaction touched;
 * an inbound message touches about twenty (the transmission row and its indexes, payload, events,
 * duplicate register), so at 16 concurrent senders the commits were a fifth of the gateway's CPU.
 * PostgreSQL pays an fsync per commit instead. Here a writer thread takes whatever units of work
 * have queued up while it was busy and runs them in <em>one</em> transaction with one commit. On
 * H2 a forcer thread then forces the file to the disk ({@link Database#forceToDisk}) once for
 * everything committed since its last force, while the writer goes on committing. Each caller
 * still returns only after its own work is committed and forced, so "durable before the receipt"
 * holds for the disk, not only for the process; an idle gateway runs each unit alone, without
 * waiting.
 *
 * <p>Units are isolated by savepoints: a unit that fails is rolled back to its savepoint and gets
 * its own exception; the others in the batch commit normally. A failed commit fails every unit of
 * the batch (none of them is durable, none was acknowledged). A unit must not commit, roll back
 * the whole transaction or change auto-commit.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final Database db;
  private final int maxBatch;
  private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedUnits = new AtomicLong();
  /** Committed batches whose callers wait for the next force (H2 only). */
  private final BlockingQueue<List<Unit<?>>> awaitingForce = new LinkedBlockingQueue<>();
  private final Thread forcer;
  private volatile boolean closed;
  private volatile boolean writersDone;

  GroupCommit(Database db, int writerThreads, int maxBatch) {
    if (writerThreads < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("group commit needs at least one writer and batch size 1");
    }
    this.db = db;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writerThreads; i++) {
      Thread t = new Thread(this::writeLoop, "db-group-commit-" + i);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
    if (db.engine() == Database.Engine.H2) {
      forcer = new Thread(this::forceLoop, "db-group-commit-force");
      forcer.setDaemon(true);
      forcer.start();
    } else {
      forcer = null; // PostgreSQL's commit waits for its WAL flush itself
    }
  }

  /**
   * Forces committed batches to the disk. Runs beside the writers so that a slow fsync does not
   * hold up the next commit: one force covers every batch committed before it began (H2's
   * CHECKPOINT SYNC first writes all committed changes under the store lock), and its callers
   * learn the outcome only then. A failed force fails them all: no receipt for any of them.
   */
  private void forceLoop() {
    List<List<Unit<?>>> forced = new ArrayList<>();
    while (true) {
      try {
        List<Unit<?>> first = awaitingForce.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (writersDone && awaitingForce.isEmpty()) {
            return;
          }
          continue;
        }
        forced.add(first);
        awaitingForce.drainTo(forced);
        try (Connection c = db.connection()) {
          db.forceToDisk(c);
        }
        forced.forEach(b -> b.forEach(Unit::complete));
      } catch (InterruptedException e) {
        if (writersDone) {
          StoreException down = new StoreException("the database is shutting down");
          forced.forEach(b -> b.forEach(u -> u.failIfOpen(down)));
          return;
        }
      } catch (SQLException | RuntimeException | Error e) {
        forced.forEach(b -> b.forEach(u -> u.failIfOpen(e)));
        LOG.error("could not force the database file to the disk; {} batches answered with an error", forced.size(), e);
      } finally {
        forced.clear();
      }
    }
  }

  /**
   * Runs the work in a shared transaction and returns its result once that transaction is
   * committed. Waits without giving up on interrupts (see {@link Unit#await}).
   *
   * @throws StoreException when the database fails or the work threw an SQLException
   * @throws RuntimeException what the work itself threw
   */
  <T> T run(Jdbc.TxWork<T> work) {
    Unit<T> unit = new Unit<>(work);
    if (closed) {
      throw new StoreException("the database is shutting down");
    }
    queue.add(unit);
    if (closed && queue.remove(unit)) {
      throw new StoreException("the database is shutting down");
    }
    return unit.await();
  }

  private void writeLoop() {
    List<Unit<?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        Unit<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        execute(batch);
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (RuntimeException | Error e) {
        // never leave a caller waiting forever, whatever went wrong
        for (Unit<?> u : batch) {
          u.failIfOpen(e);
        }
        LOG.error("group commit writer failed; the waiting units were failed", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void execute(List<Unit<?>> batch) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      List<Unit<?>> done = new ArrayList<>(batch.size());
      try {
        for (Unit<?> u : batch) {
          Savepoint sp = batch.size() == 1 ? null : c.setSavepoint();
          try {
            u.runIn(c);
            done.add(u);
          } catch (SQLException | RuntimeException e) {
            if (sp != null) {
              c.rollback(sp);
            } else {
              c.rollback();
            }
            u.fail(e);
          }
        }
        c.commit();
        commits.incrementAndGet();
        committedUnits.addAndGet(done.size());
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackQuietly(c);
        for (Unit<?> u : batch) {
          u.failIfOpen(e);
        }
        return;
      }
      if (forcer == null) {
        done.forEach(Unit::complete);
      } else {
        awaitingForce.add(done); // completed by the forcer, once on the disk
      }
    } catch (SQLException e) {
      for (Unit<?> u : batch) {
        u.failIfOpen(e);
      }
    }
  }

  /** Units waiting for a writer (for tests and diagnostics). */
  int queued() {
    return queue.size();
  }

  /** Transactions committed so far (for tests and diagnostics). */
  long commits() {
    return commits.get();
  }

  /** Stops taking work, lets the writers finish what is queued, then ends them. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : writers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    writersDone = true;
    if (forcer != null) {
      try {
        forcer.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Unit<?> left;
    while ((left = queue.poll()) != null) {
      left.failIfOpen(new StoreException("the database is shutting down"));
    }
    List<Unit<?>> unforced;
    while ((unforced = awaitingForce.poll()) != null) {
      unforced.forEach(u -> u.failIfOpen(new StoreException("the database is shutting down")));
    }
    long n = commits.get();
    if (n > 0) {
      LOG.info("Group commit: {} writes in {} commits ({} per commit)", committedUnits.get(), n,
          String.format(java.util.Locale.ROOT, "%.2f", committedUnits.get() / (double) n));
    }
  }

  /** One caller's work, its result once run, and the future the caller waits on. */
  private static final class Unit<T> {
    private final Jdbc.TxWork<T> work;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;

    Unit(Jdbc.TxWork<T> work) {
      this.work = work;
    }

    void runIn(Connection c) throws SQLException {
      result = work.run(c);
    }

    void complete() {
      future.complete(result);
    }

    void fail(Throwable t) {
      future.completeExceptionally(t);
    }

    void failIfOpen(Throwable t) {
      if (!future.isDone()) {
        future.completeExceptionally(t);
      }
    }

    /**
     * Waits for the outcome. {@code join} does not give up on interrupts, which is what we want:
     * whether the work was committed is a fact the caller must learn.
     */
    T await() {
      try {
        return future.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof SQLException se) {
          throw new StoreException("database error: " + se.getMessage(), se);
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new StoreException("database error: " + cause, cause);
      }
    }
  }
}
