package se.peppolgw.punchout.event;

import java.time.Instant;

/**
 * A punch-out setup (login) request and how it was answered. Never carries a secret: credential fields
 * are removed before the request summary is built.
 *
 * @param buyerId     the configured buyer, or null when the caller could not be matched to one
 * @param claimedIdentity what the caller said it was (OCI/Peppol buyer id in the URL, cXML From identity)
 * @param sessionId   the public session id when a session was created, else null
 * @param operation   cXML operation (create/edit/inspect/source), OCI FUNCTION, or "login"
 * @param outcome     ACCEPTED or REFUSED or ERROR
 * @param statusCode  HTTP status for OCI/Peppol, cXML Status code for cXML
 * @param detail      a readable reason, the request summary (parameter names, return URL)
 */
public record SetupEvent(
    Instant at,
    String protocol,
    String buyerId,
    String claimedIdentity,
    String sessionId,
    String operation,
    String outcome,
    int statusCode,
    String detail,
    String remoteAddress) {
}
