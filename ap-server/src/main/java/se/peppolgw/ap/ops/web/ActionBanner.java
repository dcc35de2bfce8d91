package se.peppolgw.ap.ops.web;

import java.util.Optional;

/**
 * The success messages the operator UI shows after an action, from a fixed set: the redirect after
 * an action carries only a code ({@code done=resent}), never text, so a link made by anyone else
 * cannot put words of their choosing into the green banner. Refusals are rendered directly in the
 * response to the POST, so they need no code.
 */
public enum ActionBanner {
  RETRIED("retry", "Retry requested: the next attempt starts now"),
  CANCELLED("cancel", "Cancelled: it will not be sent"),
  REDELIVERED("redeliver", "Re-delivery to the back office requested"),
  RESENT("resend", "Resent as a new transmission");

  private final String action;
  private final String text;

  ActionBanner(String action, String text) {
    this.action = action;
    this.text = text;
  }

  String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  String text() {
    return text;
  }

  /** The banner for a successful action ({@code retry}, {@code cancel}, …). */
  static Optional<ActionBanner> forAction(String action) {
    for (ActionBanner b : values()) {
      if (b.action.equals(action)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The banner a {@code done=} code names; empty for anything else. */
  static Optional<ActionBanner> forCode(String code) {
    for (ActionBanner b : values()) {
      if (b.code().equals(code)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }
}
