package se.peppolgw.ap.selfcheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The self-check as JSON maps: a summary for /health and the dashboard, the whole report for the API. */
public final class SelfCheckJson {
  private SelfCheckJson() {}

  /**
   * {@code outcome} (NO_DRIFT, DRIFT, NOT_APPLICABLE, or NOT_RUN_YET), {@code at}, {@code
   * findings} (count), {@code kinds} (the distinct finding kinds), {@code note}, {@code interval}.
   */
  public static Map<String, Object> summary(Optional<SelfCheckReport> last, Duration interval) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", last.map(r -> r.outcome().name()).orElse("NOT_RUN_YET"));
    m.put("at", last.map(r -> r.at().toString()).orElse(null));
    m.put("findings", last.map(r -> r.findings().size()).orElse(0));
    m.put("kinds", last.map(r -> r.findings().stream().map(f -> f.kind().name()).distinct().toList())
        .orElse(List.of()));
    m.put("note", last.map(SelfCheckReport::note).orElse(null));
    m.put("interval", interval.isZero() ? "off" : interval.toString());
    return m;
  }

  /** The whole report: the summary's fields plus trigger and every finding with meaning and action. */
  public static Map<String, Object> report(SelfCheckReport r, Duration interval) {
    Map<String, Object> m = summary(Optional.of(r), interval);
    m.put("trigger", r.trigger());
    m.put("participantsChecked", r.participantsChecked());
    m.put("findings", r.findings().stream().map(SelfCheckJson::finding).toList());
    return m;
  }

  /** The report's shape before the first run: outcome NOT_RUN_YET, no findings. */
  public static Map<String, Object> notRunYet(Duration interval) {
    Map<String, Object> m = summary(Optional.empty(), interval);
    m.put("trigger", null);
    m.put("participantsChecked", 0);
    m.put("findings", List.of());
    return m;
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind().name());
    m.put("participant", f.participant());
    m.put("documentType", f.documentType());
    m.put("detail", f.detail());
    m.put("failureKind", f.failureKind() == null ? null : f.failureKind().name());
    m.put("meaning", f.meaning());
    m.put("action", f.action());
    return m;
  }
}
