package se.peppolgw.smp.trace;

import java.time.Instant;
import java.util.List;

/**
 * What one lookup did, step by step: a plain, immutable data object. {@link #toJson()} renders it for
 * the transmission log.
 *
 * @param participant      receiver participant id (URI form)
 * @param documentType     document type id (URI form)
 * @param process          process id (URI form)
 * @param transportProfile requested transport profile
 * @param mode             lookup mode that answered (SML, FIXED_SMP, STATIC_TABLE)
 * @param startedAt        wall-clock start
 * @param cache            how the cache answered
 * @param outcome          {@code OK} or the name of the failure kind
 * @param totalMicros      the whole lookup, in microseconds
 * @param steps            the steps of the underlying lookup (for a cache hit: of the lookup that filled the entry)
 */
public record LookupTrace(
    String participant,
    String documentType,
    String process,
    String transportProfile,
    String mode,
    Instant startedAt,
    CacheOutcome cache,
    String outcome,
    long totalMicros,
    List<TraceStep> steps) {

  public LookupTrace {
    steps = List.copyOf(steps);
  }

  public boolean isCacheHit() {
    return cache == CacheOutcome.HIT || cache == CacheOutcome.NEGATIVE_HIT;
  }

  /** The first step with the given name, or null. */
  public TraceStep step(String name) {
    return steps.stream().filter(s -> s.step().equals(name)).findFirst().orElse(null);
  }

  public String toJson() {
    StringBuilder stepsJson = new StringBuilder("[");
    for (int i = 0; i < steps.size(); i++) {
      if (i > 0) {
        stepsJson.append(',');
      }
      stepsJson.append(steps.get(i).toJson());
    }
    stepsJson.append(']');
    return new JsonWriter().beginObject()
        .field("participant", participant)
        .field("documentType", documentType)
        .field("process", process)
        .field("transportProfile", transportProfile)
        .field("mode", mode)
        .field("startedAt", startedAt == null ? null : startedAt.toString())
        .field("cache", cache == null ? null : cache.name())
        .field("outcome", outcome)
        .field("totalMicros", totalMicros)
        .rawField("steps", stepsJson.toString())
        .endObject()
        .toString();
  }
}
