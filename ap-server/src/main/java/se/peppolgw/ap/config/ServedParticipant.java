package se.peppolgw.ap.config;

import java.util.Set;

/**
 * A participant this gateway receives for, and the document types it accepts.
 *
 * @param name the configuration name (for logs and messages)
 * @param participantId the identifier value with scheme prefix, e.g. {@code 0007:5567212345}
 *     (scheme {@code iso6523-actorid-upis}); compared case-insensitively as Peppol requires
 * @param documentTypes full Peppol document type identifier values; empty means "any"
 */
public record ServedParticipant(String name, String participantId, Set<String> documentTypes) {

  public boolean accepts(String documentTypeId) {
    return documentTypes.isEmpty() || documentTypes.contains(documentTypeId);
  }

  public boolean isParticipant(String id) {
    return participantId.equalsIgnoreCase(id);
  }
}
