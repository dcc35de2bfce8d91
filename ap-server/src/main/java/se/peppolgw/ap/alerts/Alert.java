package se.peppolgw.ap.alerts;

import java.time.Instant;

/**
 * One alert.
 *
 * @param detail what happened, in a sentence or two an operator can act on
 * @param transmissionId the transmission it is about, null when none
 * @param suppressed 0 for an alert sent as it happened; for the summary sent when a rate-limit
 *     interval ends, how many alerts of this kind were held back in it (this one is the latest)
 */
public record Alert(AlertKind kind, Instant at, String detail, String transmissionId, int suppressed) {
  public Alert withSuppressed(int n) {
    return new Alert(kind, at, detail, transmissionId, n);
  }

  /** The one-line subject. */
  public String subject() {
    return "[gateway] " + kind.words()
        + (transmissionId == null ? "" : " (" + transmissionId + ")")
        + (suppressed > 0 ? " (" + suppressed + " held back)" : "");
  }

  /** The plain-text body. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(kind.words()).append(".\n\n").append(detail).append("\n\n");
    if (transmissionId != null) {
      b.append("Transmission: ").append(transmissionId).append('\n');
    }
    b.append("Alert: ").append(kind.code()).append('\n').append("At: ").append(at).append('\n');
    if (suppressed > 0) {
      b.append('\n').append(suppressed)
          .append(" alert(s) of this kind were held back by the rate limit since the last one was sent;"
              + " the latest is shown above, the operator UI has all of them.\n");
    }
    return b.toString();
  }
}
