package se.peppolgw.ap.store;

import java.time.Instant;

/**
 * One entry of a transmission's append-only timeline.
 *
 * @param code an EBMS error code, HTTP status or similar short code; may be null
 * @param data JSON with details (lookup trace, sending report …); may be null
 */
public record TimelineEvent(
    long seq, Instant at, EventType type, String code, String message, Long durationMs, String data) {

  /** An event about to be written (sequence and time are assigned by the store). */
  public static TimelineEvent of(EventType type, String message) {
    return new TimelineEvent(0, null, type, null, message, null, null);
  }

  public TimelineEvent withCode(String c) {
    return new TimelineEvent(seq, at, type, c, message, durationMs, data);
  }

  public TimelineEvent withData(String json) {
    return new TimelineEvent(seq, at, type, code, message, durationMs, json);
  }

  public TimelineEvent withDuration(long ms) {
    return new TimelineEvent(seq, at, type, code, message, ms, data);
  }
}
