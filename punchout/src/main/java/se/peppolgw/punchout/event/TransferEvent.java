package se.peppolgw.punchout.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A cart transfer attempt.
 *
 * @param payloadMediaType what {@code payload} is: the OCI form fields as
 *        {@code application/x-www-form-urlencoded} (UTF-8), or the cXML / UBL document as {@code application/xml}
 * @param payload     exactly what the browser is told to post (for cXML/Peppol the XML before base64), or
 *                    null when refused before rendering
 * @param outcome     SENT (page rendered for the browser to post) or REFUSED
 * @param detail      reason for a refusal (the line problems), or the form field name used
 */
public record TransferEvent(
    Instant at,
    String sessionId,
    String buyerId,
    String protocol,
    String returnUrl,
    int lineCount,
    BigDecimal total,
    String currency,
    String payloadMediaType,
    String payload,
    String outcome,
    String detail) {
}
