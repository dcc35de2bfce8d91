package se.peppolgw.ap.handover;

import java.util.Locale;
import java.util.Optional;

/**
 * How the back office takes inbound documents ({@code gateway.handover.modes}), each with its
 * acknowledgement rule: what makes a document ACKNOWLEDGED.
 */
public enum HandoverMode {
  /** {@code <id>.xml} + {@code <id>.json} in the inbox folder; acknowledged when the back office deletes or moves the .xml. */
  FOLDER("folder"),
  /** {@code GET /api/inbox}; acknowledged by {@code POST /api/inbox/{id}/ack}. */
  PULL_API("pull-api"),
  /** POST to {@code gateway.webhook.url}; acknowledged by its 2xx answer. */
  WEBHOOK("webhook");

  private final String key;

  HandoverMode(String key) {
    this.key = key;
  }

  /** The name in the configuration. */
  public String key() {
    return key;
  }

  /** The acknowledgement rules of these modes, for the start-up log. */
  public static String acknowledgementRules(java.util.Set<HandoverMode> modes) {
    return String.join(" or ", modes.stream().map(HandoverMode::rule).toList());
  }

  private String rule() {
    return switch (this) {
      case FOLDER -> "the back office deleting or moving <id>.xml from the inbox folder";
      case PULL_API -> "POST /api/inbox/{id}/ack";
      case WEBHOOK -> "a 2xx answer of the webhook";
    };
  }

  public static Optional<HandoverMode> of(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (HandoverMode m : values()) {
      if (m.key.equals(k)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
