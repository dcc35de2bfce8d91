package se.peppolgw.ap.selfcheck;

/**
 * What the SMP self-check found wrong with a served participant's registration, each with what it
 * means and what the operator does about it (shown on the dashboard, in /health and the API).
 */
public enum DriftKind {
  WRONG_URL(
      "The SMP sends senders to another AS4 address than this gateway's.",
      "Correct the endpoint address in the participant's SMP registration to this gateway's public AS4 URL"
          + " (gateway.public-url + /as4), or correct gateway.public-url if the SMP is right."),
  OTHER_CERTIFICATE(
      "The SMP publishes another certificate than this gateway's access point certificate; senders encrypt"
          + " to it and expect receipts signed by it, so their messages fail.",
      "Publish this gateway's current AP certificate in the SMP (after a certificate renewal the SMP must be"
          + " updated on the same day)."),
  CERTIFICATE_EXPIRING(
      "The certificate published in the SMP (this gateway's) expires within 30 days.",
      "Order the renewed AP certificate now; install it in the gateway and publish it in the SMP together."),
  ACCEPTED_NOT_PUBLISHED(
      "This gateway accepts the document type for the participant, but the SMP does not publish it"
          + " (or publishes no AS4 endpoint for it), so nobody can send it.",
      "Register the document type for the participant in the SMP, or remove it from"
          + " gateway.participant.<name>.document-types if it is not wanted."),
  PUBLISHED_NOT_ACCEPTED(
      "The SMP publishes the document type for the participant, but this gateway refuses it"
          + " (PEPPOL:NOT_SERVICED): senders find the participant and then fail.",
      "Add the document type to gateway.participant.<name>.document-types, or remove it from the SMP."),
  NOT_REGISTERED(
      "The participant is not registered in the SML, or its SMP does not know it: nobody can send to it.",
      "Register the participant with the SMP provider (who registers it in the SML), or remove it from"
          + " gateway.participants."),
  LOOKUP_FAILED(
      "The registration could not be read (DNS, SMP down, bad answer or signature); nothing is known"
          + " about drift.",
      "See the failure kind; the check runs again at the next interval, or run it now once the cause is"
          + " fixed. Senders meet the same failure.");

  private final String meaning;
  private final String action;

  DriftKind(String meaning, String action) {
    this.meaning = meaning;
    this.action = action;
  }

  /** What the finding means, in plain words. */
  public String meaning() {
    return meaning;
  }

  /** What the operator does about it. */
  public String action() {
    return action;
  }
}
