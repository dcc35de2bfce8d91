package se.peppolgw.ap.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import se.peppolgw.ap.outbound.SendFailure;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;

/**
 * The plain-language answer at the top of a transmission: what happened, when, and whose side has
 * to act. {@code tone} is good, bad or wait (for colour); {@code side} says who troubleshoots.
 */
public record Verdict(String tone, String headline, String side) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public static Verdict of(
      Transmission t, List<TimelineEvent> timeline, Optional<Instant> nextAttempt, ZoneId zone) {
    return switch (t.state()) {
      case RECEIVED ->
          new Verdict(
              "good",
              "Received at " + at(t.createdAt(), zone) + ", stored and answered with a signed receipt"
                  + receiptNote(timeline) + "; waiting to be handed to the back office",
              "Our side: the document is with us.");
      case HANDED_OVER ->
          new Verdict(
              "good",
              "Received at " + at(t.createdAt(), zone) + ", signed receipt sent; handed to the back"
                  + " office at " + at(t.handedOverAt(), zone),
              "Our side: the document is with us and the back office has been given it.");
      case ACKNOWLEDGED ->
          new Verdict(
              "good",
              "Received at " + at(t.createdAt(), zone) + ", signed receipt sent; the back office"
                  + " confirmed it at " + at(t.ackedAt(), zone),
              "Our side: fully handed over.");
      case REJECTED ->
          new Verdict(
              "bad",
              "Refused at " + at(t.createdAt(), zone) + " with " + nz(t.errorCode(), "an AS4 error")
                  + " — " + reason(t.errorCode(), t.errorDetail(), "no reason recorded")
                  + "; nothing reached the back office",
              "Sender's side: we answered with an error signal; the sender corrects and resends.");
      case CONSUMED ->
          new Verdict(
              "good",
              "Received at " + at(t.createdAt(), zone) + ", signed receipt sent; a Message Level"
                  + " Status for this gateway, recorded on the transmission it answers (see the"
                  + " timeline); not handed to the back office",
              "No action: the gateway processed it itself.");
      case DUPLICATE ->
          new Verdict(
              "good",
              "A repeat of transmission " + t.duplicateOf() + ", received at " + at(t.createdAt(), zone)
                  + "; answered, not handed over again",
              "No action: the original is with us.");
      case PENDING ->
          new Verdict("wait", "Accepted at " + at(t.createdAt(), zone) + ", waiting to be sent", "Our side: queued.");
      case SENDING ->
          new Verdict("wait", "Being sent right now", "Our side: an attempt is in progress.");
      case RETRY_WAIT ->
          new Verdict(
              "wait",
              "Not delivered yet: the last attempt failed ("
                  + reason(t.errorCode(), t.errorDetail(), "no detail recorded") + ")"
                  + nextAttempt.map(n -> "; next attempt at " + at(n, zone)).orElse(""),
              side(SendFailure.fromStored(t.errorCode(), true), t.errorCode()));
      case DELIVERED -> latestMls(timeline).map(m -> mls(t, m, zone)).orElseGet(() ->
          new Verdict(
              "good",
              "Delivered to the receiving access point" + remote(t) + " at "
                  + at(eventTime(timeline, EventType.RECEIPT_RECEIVED).orElse(t.updatedAt()), zone)
                  + ", signed receipt kept",
              "Their side from here: the receiving access point has taken the document over."));
      case FAILED -> failed(t, timeline);
      case CANCELLED ->
          new Verdict(
              "bad",
              "Cancelled by an operator at " + at(eventTime(timeline, EventType.CANCELLED).orElse(t.updatedAt()), zone)
                  + "; not delivered",
              "Our side: resend it if it is still needed.");
    };
  }

  /** The MLS that counts: the latest one received (an MLS_RECEIVED event's code is AP, AB or RE). */
  private static Optional<TimelineEvent> latestMls(List<TimelineEvent> timeline) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      TimelineEvent e = timeline.get(i);
      if (e.type() == EventType.MLS_RECEIVED && e.code() != null) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * A delivered transmission the receiving AP answered with a Message Level Status: its words lead
   * (the event message starts with them, e.g. "Rejected by the receiver's access point: BR-CO-15:
   * … (at …)"); a rejection makes the transmission failed for the operator (docs/mls.md).
   */
  private static Verdict mls(Transmission t, TimelineEvent m, ZoneId zone) {
    String words = m.message() == null ? m.code() : m.message().replaceFirst(" \\(Message Level Status .*\\)$", "");
    String delivered = "; delivered" + (t.remoteAp() == null ? "" : " to " + t.remoteAp()) + ", answered at "
        + at(m.at(), zone);
    if ("RE".equals(m.code())) {
      return new Verdict(
          "bad",
          words + delivered,
          "Our side: the receiving access point rejected the document after taking it over; correct"
              + " it and send it again (a new document).");
    }
    return new Verdict(
        "good",
        words + delivered,
        "No action: the receiving access point confirmed it processed the document.");
  }

  private static Verdict failed(Transmission t, List<TimelineEvent> timeline) {
    String detail = reason(t.errorCode(), t.errorDetail(), "no detail recorded");
    boolean gaveUp = gaveUp(timeline);
    // a receiver's error code outside the EBMS range, stored as it came by older versions
    Optional<SendFailure> kind = SendFailure.fromStored(t.errorCode(), gaveUp).or(() ->
        timeline.stream().anyMatch(e -> e.type() == EventType.ERROR_SIGNAL_RECEIVED)
            ? Optional.of(SendFailure.AS4_ERROR) : Optional.empty());
    String side = side(kind, t.errorCode());
    Verdict notDelivered =
        new Verdict("bad", (gaveUp ? "Not delivered, attempts exhausted: " : "Not delivered: ") + detail, side);
    if (kind.isEmpty()) {
      return notDelivered;
    }
    return switch (kind.get().stage()) {
      case REFUSAL -> gaveUp ? notDelivered : rejected(detail, side);
      case LOOKUP, PREPARE, TRANSPORT, ANSWER -> notDelivered;
    };
  }

  private static Verdict rejected(String detail, String side) {
    String d = detail.replaceFirst("^The receiving access point answered with an AS4 error: ", "");
    return new Verdict("bad", "Rejected by the receiving access point: " + d + explain(d) + "; not retried", side);
  }

  /**
   * The worker gave up after the last allowed attempt. Timelines written before the GAVE_UP event
   * say so only in the words of their FAILED event: that is the one place words are read.
   */
  private static boolean gaveUp(List<TimelineEvent> timeline) {
    return timeline.stream().anyMatch(e -> e.type() == EventType.GAVE_UP
        || (e.type() == EventType.FAILED && e.message() != null && e.message().startsWith("Gave up")));
  }

  /**
   * A hint for a Peppol error detail in the receiver's own words (its error signal's free text, not
   * a code of ours).
   */
  private static String explain(String detail) {
    if (detail.contains("PEPPOL:NOT_SERVICED")) {
      return " — the receiver does not accept this document type";
    }
    return "";
  }

  /** Whose side has to act, from the failure kind of the last attempt. */
  static String side(Optional<SendFailure> kind, String code) {
    if (code == null) {
      return "Unknown: see the timeline.";
    }
    return kind.map(SendFailure::sideLine).orElse("See the timeline for the attempt's details.");
  }

  static Optional<Instant> eventTime(List<TimelineEvent> timeline, EventType type) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).type() == type) {
        return Optional.ofNullable(timeline.get(i).at());
      }
    }
    return Optional.empty();
  }

  private static String receiptNote(List<TimelineEvent> timeline) {
    return eventTime(timeline, EventType.RECEIPT_SENT).isPresent() ? " (kept)" : "";
  }

  private static String remote(Transmission t) {
    return t.remoteAp() == null ? "" : " " + t.remoteAp();
  }

  /** Time of day when it is today, else date and time; with the zone's offset. */
  static String at(Instant i, ZoneId zone) {
    if (i == null) {
      return "?";
    }
    var z = i.atZone(zone);
    String tz = " " + z.getOffset().getId().replace("Z", "UTC");
    return (z.toLocalDate().equals(LocalDate.now(zone)) ? TIME.format(z) : DATE_TIME.format(z)) + tz;
  }

  /**
   * The recorded detail, saying the code at most once: an SMP lookup failure's detail already
   * starts with its code ("PARTICIPANT_NOT_REGISTERED: The receiver …"), which is cut here.
   */
  static String reason(String code, String detail, String none) {
    String d = detail == null ? "" : detail.strip();
    if (code != null && !code.isBlank() && d.startsWith(code)) {
      d = d.substring(code.length()).replaceFirst("^[:\\s—-]+", "");
    }
    return d.isEmpty() ? none : d;
  }

  private static String nz(String s, String def) {
    return s == null || s.isBlank() ? def : s;
  }
}
