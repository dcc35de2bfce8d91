package se.peppolgw.ap.selfcheck;

import java.time.Instant;
import java.util.List;

/**
 * The result of one SMP self-check.
 *
 * @param at when it ran
 * @param trigger who asked: {@link #PERIODIC}, or the operator's name
 * @param outcome overall
 * @param participantsChecked how many served participants were looked up
 * @param findings every drift found, empty for NO_DRIFT and NOT_APPLICABLE
 * @param note a plain sentence: why not applicable, or a summary
 */
public record SelfCheckReport(
    Instant at,
    String trigger,
    SelfCheckOutcome outcome,
    int participantsChecked,
    List<Finding> findings,
    String note) {

  public static final String PERIODIC = "periodic";

  public SelfCheckReport {
    findings = List.copyOf(findings);
  }
}
