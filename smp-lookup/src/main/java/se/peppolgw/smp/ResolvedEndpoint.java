package se.peppolgw.smp;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Where and to whom to send.
 *
 * @param endpointUrl             the receiving AP's AS4 endpoint URL
 * @param certificate             the receiving AP's certificate (encrypt to it, expect its receipt signature)
 * @param serviceActivation       ServiceActivationDate, or null when the SMP gives none
 * @param serviceExpiration       ServiceExpirationDate, or null when the SMP gives none
 * @param technicalContactUrl     TechnicalContactUrl (a URL or an e-mail address, as registered)
 * @param technicalInformationUrl TechnicalInformationUrl, or null
 * @param serviceDescription      ServiceDescription, or null
 * @param transportProfile        the transport profile of the endpoint
 * @param smpUrl                  the SMP that answered, or null for a static route
 */
public record ResolvedEndpoint(
    String endpointUrl,
    X509Certificate certificate,
    Instant serviceActivation,
    Instant serviceExpiration,
    String technicalContactUrl,
    String technicalInformationUrl,
    String serviceDescription,
    String transportProfile,
    URI smpUrl) {

  /** True when the service window and the certificate validity both include the instant. */
  public boolean isUsableAt(Instant at) {
    return (serviceActivation == null || !at.isBefore(serviceActivation))
        && (serviceExpiration == null || !at.isAfter(serviceExpiration))
        && !at.isAfter(certificate.getNotAfter().toInstant());
  }

  /** The earliest instant at which this endpoint must no longer be used. */
  public Instant usableUntil() {
    Instant certEnd = certificate.getNotAfter().toInstant();
    return serviceExpiration != null && serviceExpiration.isBefore(certEnd) ? serviceExpiration : certEnd;
  }
}
