package se.peppolgw.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: C sender threads each send one message, wait for the receipt, and send the
 * next, until N messages have been sent. Each message is a fresh SBD (built before its clock
 * starts), so the receiver never sees a duplicate.
 */
final class LoadGenerator {
  /** The outcome of one run. */
  record Result(
      int messages, int failures, long wallNanos, long[] wireNanos, long[] totalNanos, String firstError) {
    double perSecond() {
      return (messages - failures) / (wallNanos / 1e9);
    }
  }

  private final BenchSender sender;

  LoadGenerator(BenchSender sender) {
    this.sender = sender;
  }

  Result run(String url, byte[] invoice, int n, int concurrency) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] wire = new long[n];
    long[] total = new long[n];
    boolean[] ok = new boolean[n];
    String[] errors = new String[n];
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "sender");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    byte[] sbd = sender.sbd(invoice);
                    BenchSender.Outcome o = sender.send(url, sbd);
                    wire[i] = o.wireNanos();
                    total[i] = o.totalNanos();
                    ok[i] = o.ok();
                    errors[i] = o.error();
                  }
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
      long wall = System.nanoTime() - start;
      int failures = 0;
      String first = null;
      for (int i = 0; i < n; i++) {
        if (!ok[i]) {
          failures++;
          if (first == null) {
            first = errors[i];
          }
        }
      }
      return new Result(n, failures, wall, wire, total, first);
    } finally {
      pool.shutdownNow();
    }
  }
}
