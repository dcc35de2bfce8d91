package se.peppolgw.ap.selfcheck;

/** The overall result of one SMP self-check. */
public enum SelfCheckOutcome {
  /** Every served participant is published with this gateway's URL and certificate, as accepted. */
  NO_DRIFT,
  /** At least one finding. */
  DRIFT,
  /** Routing without an SML or SMP (static routing, local mode): nothing to compare. */
  NOT_APPLICABLE
}
