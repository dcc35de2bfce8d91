package se.peppolgw.ap.inbound;

import com.helger.phase4.error.AS4Error;
import com.helger.phase4.error.AS4ErrorList;
import java.util.Locale;

/**
 * The words of a refusal: a {@link Rejection} turned into the AS4 error phase4 signs and sends, and
 * the errors of a response read back as a code and one line for the transmission log.
 */
final class As4ErrorSignals {
  private static final Locale LOCALE = Locale.US;

  private As4ErrorSignals() {}

  /** The error answering {@code messageId} (the sender's AS4 MessageId) with {@code r}. */
  static AS4Error toError(Rejection r, String messageId) {
    String detail = r.detail;
    var builder = r.error.errorBuilder(LOCALE).refToMessageInError(messageId);
    if (detail.startsWith(Rejection.NOT_SERVICED)) {
      // The Peppol AS4 profile wants exactly this ErrorDetail; the explanation goes in the
      // description, where operators on the other side will read it.
      builder
          .errorDetail(Rejection.NOT_SERVICED)
          .description(detail.substring(Rejection.NOT_SERVICED.length()).trim(), LOCALE);
    } else {
      // Description too: many access points show only the description to their operators.
      builder.errorDetail(detail).description(detail, LOCALE);
    }
    return AS4Error.builder().ebmsError(builder).httpStatusCode(r.httpStatus).build();
  }

  /** The first error's EBMS code, e.g. {@code EBMS:0004}; null for no errors. */
  static String firstCode(AS4ErrorList errors) {
    for (AS4Error e : errors) {
      return e.getEbmsError().getErrorCode();
    }
    return null;
  }

  /** Every error on one line: code, short description, detail and description. */
  static String describe(AS4ErrorList errors) {
    StringBuilder sb = new StringBuilder();
    for (AS4Error e : errors) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      var ebms = e.getEbmsError();
      sb.append(ebms.getErrorCode());
      if (ebms.getShortDescription() != null) {
        sb.append(' ').append(ebms.getShortDescription());
      }
      if (ebms.getErrorDetail() != null) {
        sb.append(": ").append(ebms.getErrorDetail());
      }
      if (ebms.getDescription() != null && ebms.getDescription().getValue() != null) {
        sb.append(" — ").append(ebms.getDescription().getValue());
      }
    }
    return sb.toString();
  }
}
