package se.peppolgw.bench;

import java.util.Arrays;

/** Percentiles over latencies in nanoseconds (nearest-rank). */
final class Stats {
  private final long[] sorted;

  Stats(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The nearest-rank percentile in milliseconds; p in (0, 100]. */
  double percentileMs(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] / 1e6;
  }

  int count() {
    return sorted.length;
  }
}
