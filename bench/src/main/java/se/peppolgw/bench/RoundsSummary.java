package se.peppolgw.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The median over rounds of each gateway/bare ratio, per payload and concurrency. Single rounds
 * vary by about ±0.1 on a shared machine; the median of three is the figure to quote.
 */
final class RoundsSummary {
  private RoundsSummary() {}

  /** The gateway and bare rows of one point in one round. */
  private record Pair(InboundBenchmark.Row gateway, InboundBenchmark.Row bare) {
    double ratio(ToDoubleFunction<InboundBenchmark.Row> f) {
      return f.applyAsDouble(gateway) / f.applyAsDouble(bare);
    }
  }

  static void print(List<InboundBenchmark.Row> rows, int rounds) {
    Map<String, List<Pair>> byPoint = new LinkedHashMap<>();
    for (InboundBenchmark.Row g : rows) {
      if (!g.target().equals("gateway")) {
        continue;
      }
      for (InboundBenchmark.Row b : rows) {
        if (b.target().equals("bare") && b.round() == g.round() && b.payload().equals(g.payload())
            && b.concurrency() == g.concurrency()) {
          String key = (g.payload().equals("1m") ? "1 MB" : "10 KB") + " | " + g.concurrency();
          byPoint.computeIfAbsent(key, k -> new ArrayList<>()).add(new Pair(g, b));
        }
      }
    }
    if (byPoint.isEmpty()) {
      return; // one target only: no ratios
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Median of %d rounds (gateway / bare phase4, same round):%n", rounds);
    System.out.println();
    System.out.println(
        "| payload | C | rounds | msg/s gateway/bare | p99 gateway/bare | e2e p99 gateway/bare"
            + " | receiver CPU gateway/bare | receipt-path CPU gateway/bare | receiver CPU without JIT gateway/bare"
            + " | gateway msg/s | gateway CPU ms/msg |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<Pair>> e : byPoint.entrySet()) {
      List<Pair> pairs = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f |%n",
          e.getKey(),
          pairs.size(),
          median(pairs, p -> p.ratio(InboundBenchmark.Row::perSecond)),
          median(pairs, p -> p.ratio(r -> r.wire().percentileMs(99))),
          median(pairs, p -> p.ratio(r -> r.total().percentileMs(99))),
          median(pairs, p -> p.ratio(InboundBenchmark.Row::receiverCpuMsPerMessage)),
          median(pairs, p -> p.gateway().receiptPathCpuMsPerMessage() / p.bare().receiverCpuMsPerMessage()),
          median(pairs, p -> p.ratio(InboundBenchmark.Row::receiverCpuWithoutJitMsPerMessage)),
          median(pairs, p -> p.gateway().perSecond()),
          median(pairs, p -> p.gateway().receiverCpuMsPerMessage()));
    }
  }

  /** The middle value; for an even count the mean of the two middle ones. */
  static double median(List<Pair> pairs, ToDoubleFunction<Pair> f) {
    double[] v = pairs.stream().mapToDouble(f).sorted().toArray();
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
