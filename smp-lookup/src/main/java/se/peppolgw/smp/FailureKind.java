package se.peppolgw.smp;

/**
 * Why a lookup failed. {@link #isRetryable()} tells the outbound sender whether trying again
 * later can help (retry with backoff) or whether the message should go to FAILED at once.
 */
public enum FailureKind {
  PARTICIPANT_NOT_REGISTERED(false, true,
      "The receiver participant is not registered in the Peppol network (no SML/DNS entry, or unknown to its SMP)."),
  DOCUMENT_TYPE_NOT_SUPPORTED(false, true,
      "The receiver is registered, but its SMP does not list the document type."),
  PROCESS_NOT_SUPPORTED(false, true,
      "The receiver's SMP lists the document type, but not for the requested process."),
  NO_ENDPOINT_FOR_TRANSPORT_PROFILE(false, true,
      "The receiver's SMP has no endpoint for the requested transport profile."),
  ENDPOINT_EXPIRED(false, false,
      "The receiver's endpoint is past its ServiceExpirationDate."),
  // Retryable: the SMP announces a future activation date, so the same lookup can succeed later.
  ENDPOINT_NOT_YET_ACTIVE(true, false,
      "The receiver's endpoint is not active yet (ServiceActivationDate is in the future)."),
  SMP_SIGNATURE_INVALID(false, false,
      "The SMP response signature is missing, invalid, or not made by a trusted SMP certificate."),
  SMP_BAD_RESPONSE(true, false,
      "The SMP answered with an HTTP error or a response that could not be read."),
  SMP_UNREACHABLE(true, false,
      "The SMP could not be reached (connection refused, unknown host, network error)."),
  DNS_UNREACHABLE(true, false,
      "The DNS server could not be reached or failed to answer (SERVFAIL/REFUSED)."),
  // Retryable: nothing was sent, and the SMP's operator can fix a certificate without our help.
  SMP_TLS_HANDSHAKE_FAILED(true, false,
      "The SMP's TLS certificate was refused (not issued by a trusted CA, expired, or not for this host name),"
          + " or no TLS 1.2+ connection could be agreed."),
  TIMEOUT(true, false,
      "The DNS or SMP query timed out."),
  RECEIVER_CERTIFICATE_INVALID(false, false,
      "The receiver's certificate in the SMP is unreadable or not a valid access point certificate."),
  CIRCUIT_OPEN(true, false,
      "Lookups against this SMP are suspended after repeated failures (circuit breaker open).");

  private final boolean retryable;
  private final boolean negativelyCacheable;
  private final String description;

  FailureKind(boolean retryable, boolean negativelyCacheable, String description) {
    this.retryable = retryable;
    this.negativelyCacheable = negativelyCacheable;
    this.description = description;
  }

  /** True when the same lookup may succeed later; false when the failure is permanent. */
  public boolean isRetryable() {
    return retryable;
  }

  /** True for "the network says no" answers, which are remembered for the negative-cache TTL. */
  public boolean isNegativelyCacheable() {
    return negativelyCacheable;
  }

  /** A human-readable explanation of the kind. */
  public String description() {
    return description;
  }
}
