package se.peppolgw.ap.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.outbound.AttemptResult;
import se.peppolgw.ap.store.BacklogStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.TransmissionState;

/**
 * docs/metrics.md and docs/grafana-dashboard.json against what the registry really publishes
 * (every meter recorded once, on a real H2 database and Hikari pool): no documented name is
 * missing, no dashboard query refers to a name that does not exist.
 */
class MetricsCatalogueTest {
  static final Path DOCS = Path.of("..", "docs");
  /** PromQL words that are not metric names. */
  static final Set<String> PROMQL_WORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool");

  @TempDir Path dir;
  Database db;
  GatewayMetrics metrics;

  @BeforeEach
  void start() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
    metrics = new GatewayMetrics(
        new BacklogGauges(new BacklogStore(db), Clock.systemUTC(), Duration.ofSeconds(5)), () -> 42, db.dataSource());
  }

  @AfterEach
  void stop() {
    metrics.close();
    db.close();
  }

  /** Every meter once, and a garbage collection, so that the lazily created ones exist. */
  String everythingRecordedOnce() throws Exception {
    metrics.accepted(false);
    metrics.refused("EBMS:0004", true, "0088:1", null);
    metrics.lookupDone(1500, false, null);
    metrics.attemptDone(null, AttemptResult.Verdict.DELIVERED, TransmissionState.DELIVERED, null, null, 120);
    metrics.attemptDone(null, AttemptResult.Verdict.PERMANENT, TransmissionState.FAILED, "TRANSPORT_ERROR", "x", 80);
    metrics.validated(300);
    try (var c = db.connection()) {
      assertTrue(c.isValid(1));
    }
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String text = metrics.scrape();
    while (PrometheusText.value(text, "jvm_gc_pause_seconds_count") == null && System.nanoTime() < end) {
      System.gc();
      Thread.sleep(100);
      text = metrics.scrape();
    }
    return text;
  }

  @Test
  void everyDocumentedMetricIsPublished() throws Exception {
    Set<String> published = PrometheusText.names(everythingRecordedOnce());
    String doc = Files.readString(DOCS.resolve("metrics.md"));
    Matcher m = Pattern.compile("`((?:gateway|jvm|hikaricp|process|system)_[a-z0-9_]+)`").matcher(doc);
    List<String> missing = new ArrayList<>();
    int documented = 0;
    while (m.find()) {
      documented++;
      String name = m.group(1);
      if (!published.contains(name) && !published.contains(name + "_count")) {
        missing.add(name);
      }
    }
    assertTrue(documented > 30, "documented: " + documented);
    assertEquals(List.of(), missing, "documented but not published; published: " + published);
  }

  @Test
  void everyGatewayMetricPublishedIsDocumented() throws Exception {
    String doc = Files.readString(DOCS.resolve("metrics.md"));
    List<String> undocumented = new ArrayList<>();
    for (String name : PrometheusText.names(everythingRecordedOnce())) {
      String base = name.replaceAll("_(count|sum|bucket|max)$", "");
      if (name.startsWith("gateway_") && !doc.contains("`" + name + "`") && !doc.contains("`" + base + "`")) {
        undocumented.add(name);
      }
    }
    assertEquals(List.of(), undocumented);
  }

  @Test
  void everyDashboardQueryUsesPublishedMetrics() throws Exception {
    Set<String> published = PrometheusText.names(everythingRecordedOnce());
    JsonNode dashboard = Json.MAPPER.readTree(Files.readAllBytes(DOCS.resolve("grafana-dashboard.json")));
    List<String> exprs = new ArrayList<>();
    dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
    assertTrue(exprs.size() >= 10, exprs.toString());
    Set<String> unknown = new LinkedHashSet<>();
    for (String expr : exprs) {
      Set<String> names = metricNames(expr);
      assertFalse(names.isEmpty(), "no metric in " + expr);
      for (String n : names) {
        if (!published.contains(n)) {
          unknown.add(n + " (in " + expr + ")");
        }
      }
    }
    assertEquals(Set.of(), unknown);
  }

  /**
   * The gauges' suppliers are referenced by nothing but the registry: held weakly (Micrometer's
   * default) they read NaN after a garbage collection, as a CI run once showed.
   */
  @Test
  void gaugesStillReadAfterGarbageCollections() throws Exception {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    String text = metrics.scrape();
    assertEquals(42.0, PrometheusText.value(text, "gateway_certificate_days_left"), text);
    assertEquals(0.0, PrometheusText.value(text, "gateway_outbox_depth"), text);
    assertEquals(0.0, PrometheusText.value(text, "gateway_handover_backlog"), text);
  }

  @Test
  void metricNamesAreFoundInPromQl() {
    assertEquals(
        Set.of("gateway_outbound_attempt_seconds_bucket"),
        metricNames("histogram_quantile(0.95, sum by (le) (rate(gateway_outbound_attempt_seconds_bucket{cache=\"miss\"}[5m])))"));
    assertEquals(Set.of("a_sum", "a_count"), metricNames("rate(a_sum[5m]) / rate(a_count[5m])"));
  }

  /** The metric names of a PromQL expression: identifiers that are not functions, labels or keywords. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\\{[^}]*\\}", " ")   // label matchers
        .replaceAll("\\[[^\\]]*\\]", " ")            // ranges
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
