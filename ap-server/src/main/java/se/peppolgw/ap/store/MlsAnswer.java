package se.peppolgw.ap.store;

import java.time.Instant;

/**
 * A received Message Level Status as stored (table {@code mls_answer}).
 *
 * @param answersTransmissionId the outbound transmission it answers; null when it matches none
 * @param responseCode AP, AB or RE; null when the document could not be read as an MLS
 * @param reasonsJson the issues as a JSON array of {ruleId, description, location, classification}
 * @param problem why the document could not be read, or null
 */
public record MlsAnswer(
    long seq,
    String mlsTransmissionId,
    String answersTransmissionId,
    String referencedInstanceId,
    String mlsId,
    String senderServiceProvider,
    String responseCode,
    String description,
    String reasonsJson,
    String problem,
    Instant receivedAt) {}
