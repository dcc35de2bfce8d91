package se.peppolgw.smp.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs one piece of work per key at a time: callers that arrive while the work for their key is running
 * wait for it and share its result instead of starting their own.
 *
 * <p>The work must not throw; it returns a value that carries success or failure.
 */
public final class SingleFlight<K, V> {
  /** The shared value and whether this caller did the work itself. */
  public record Result<V>(V value, boolean leader) {
  }

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  public Result<V> run(K key, Supplier<V> work) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return new Result<>(await(running), false);
    }
    try {
      V value = work.get();
      mine.complete(value);
      return new Result<>(value, true);
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      // after completing: a caller arriving now either sees the cache the work filled, or starts anew
      inFlight.remove(key, mine);
    }
  }

  /** Keys whose work is running right now. */
  public int inFlightCount() {
    return inFlight.size();
  }

  private static <V> V await(CompletableFuture<V> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          // keep waiting: the leader is bounded by the DNS/SMP timeouts; restore the flag afterwards
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
