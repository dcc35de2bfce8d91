package se.peppolgw.ap.outbound;

import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Told what the outbound worker did, after it was recorded: metrics and alerts listen here, so
 * that the worker knows neither.
 */
public interface AttemptObserver {
  AttemptObserver NONE = new AttemptObserver() {};

  /**
   * An SMP lookup ended.
   *
   * @param failureKind null when the receiver was found, else the lookup's failure kind
   */
  default void lookupDone(long micros, boolean cacheHit, String failureKind) {}

  /**
   * An attempt ended and its outcome was recorded.
   *
   * @param state the state the transmission is in now (FAILED when the worker gave up)
   * @param code the failure code, null when delivered
   * @param durationMillis the AS4 exchange; -1 when the attempt ended at the lookup
   */
  default void attemptDone(
      Transmission t, AttemptResult.Verdict verdict, TransmissionState state, String code, String detail,
      long durationMillis) {}

  /** Both, in this order. */
  static AttemptObserver both(AttemptObserver a, AttemptObserver b) {
    return new AttemptObserver() {
      @Override
      public void lookupDone(long micros, boolean cacheHit, String failureKind) {
        a.lookupDone(micros, cacheHit, failureKind);
        b.lookupDone(micros, cacheHit, failureKind);
      }

      @Override
      public void attemptDone(
          Transmission t, AttemptResult.Verdict verdict, TransmissionState state, String code,
          String detail, long durationMillis) {
        a.attemptDone(t, verdict, state, code, detail, durationMillis);
        b.attemptDone(t, verdict, state, code, detail, durationMillis);
      }
    };
  }
}
