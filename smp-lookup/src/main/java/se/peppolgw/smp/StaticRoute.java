package se.peppolgw.smp;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * One entry of the static routing table.
 *
 * @param participant  participant id in URI form
 * @param documentType document type id in URI form
 * @param process      process id in URI form, or null for "any process"
 * @param endpointUrl  AS4 endpoint URL
 * @param certificate  the receiving AP's certificate
 */
public record StaticRoute(
    String participant,
    String documentType,
    String process,
    String endpointUrl,
    X509Certificate certificate) {

  public StaticRoute {
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(documentType, "documentType");
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    Objects.requireNonNull(certificate, "certificate");
  }
}
