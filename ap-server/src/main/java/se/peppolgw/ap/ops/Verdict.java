package se.peppolgw.ap.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
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
              side(t.errorCode()));
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
    String code = nz(t.errorCode(), "?");
    String detail = reason(t.errorCode(), t.errorDetail(), "no detail recorded");
    boolean errorSignal = timeline.stream().anyMatch(e -> e.type() == EventType.ERROR_SIGNAL_RECEIVED);
    if (errorSignal || code.startsWith("EBMS:")) {
      String d = detail.replaceFirst("^The receiving access point answered with an AS4 error: ", "");
      return new Verdict(
          "bad",
          "Rejected by the receiving access point: " + d + explain(d) + "; not retried",
          "Our side: the receiving access point refused the message; correct it (or its addressing)"
              + " and resend.");
    }
    boolean gaveUp = timeline.stream().anyMatch(e -> e.type() == EventType.FAILED && e.message() != null
        && e.message().startsWith("Gave up"));
    return new Verdict(
        "bad",
        (gaveUp ? "Not delivered, attempts exhausted: " : "Not delivered: ") + detail,
        side(code));
  }

  private static String explain(String detail) {
    if (detail.contains("PEPPOL:NOT_SERVICED")) {
      return " — the receiver does not accept this document type";
    }
    return "";
  }

  /** Whose side has to act, from the error code of the last attempt. */
  static String side(String code) {
    if (code == null) {
      return "Unknown: see the timeline.";
    }
    if (code.endsWith("TLS_HANDSHAKE_FAILED")) {
      return "Their side (or someone in between): the TLS certificate of the "
          + (code.startsWith("SMP") ? "receiver's SMP" : "receiving access point")
          + " was refused (untrusted CA, expired, or another host name), so nothing was sent; if"
          + " its CA is legitimate but not in the JDK's trust store, add it to"
          + " gateway.outbound.tls.truststore.path.";
    }
    if (code.startsWith("HTTP_5") || code.equals("TRANSPORT_ERROR") || code.equals("NO_SIGNAL")) {
      return "Their side: the receiving access point did not answer properly (unreachable, server"
          + " error or no AS4 signal).";
    }
    if (code.startsWith("HTTP_4")) {
      return "Probably our side: the receiving access point refused the HTTP request.";
    }
    if (code.contains("NOT_REGISTERED") || code.contains("NOT_SUPPORTED") || code.contains("NO_ENDPOINT")
        || code.contains("DOCUMENT_TYPE")) {
      return "Receiver's registration: the receiver is not registered in Peppol for this document"
          + " type (or our address data is wrong); check the receiver id, then ask the buyer.";
    }
    if (code.startsWith("SMP") || code.contains("SML") || code.contains("DNS")) {
      return "Network/SMP: the receiver's SMP or the SML could not be read; retries help.";
    }
    if (code.contains("CERT")) {
      return "Their side: the receiving access point's certificate is not acceptable.";
    }
    return "See the timeline for the attempt's details.";
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
