package se.peppolgw.ap.alerts;

/** What an alert is about: a stable code (mail subject, webhook JSON) and plain words. */
public enum AlertKind {
  OUTBOUND_FAILED("outbound-failed", "An outbound document could not be delivered and will not be retried"),
  HANDOVER_BACKLOG("handover-backlog", "Received documents are waiting too long to be handed over to the back office"),
  CERTIFICATE_EXPIRING("certificate-expiring", "The access point certificate expires soon"),
  INBOUND_REFUSED("inbound-refused", "A message from a trusted access point was refused");

  private final String code;
  private final String words;

  AlertKind(String code, String words) {
    this.code = code;
    this.words = words;
  }

  public String code() {
    return code;
  }

  public String words() {
    return words;
  }
}
