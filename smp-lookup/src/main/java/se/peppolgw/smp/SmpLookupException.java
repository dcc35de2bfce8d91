package se.peppolgw.smp;

import java.util.Objects;

import se.peppolgw.smp.trace.LookupTrace;

/** A lookup that did not yield a usable endpoint; {@link #kind()} says why. */
public final class SmpLookupException extends Exception {
  private final FailureKind kind;
  private final String detail;
  private transient LookupTrace trace;

  public SmpLookupException(FailureKind kind, String detail) {
    this(kind, detail, null);
  }

  public SmpLookupException(FailureKind kind, String detail, Throwable cause) {
    super(kind.name() + ": " + kind.description() + (detail == null || detail.isEmpty() ? "" : " " + detail), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.detail = detail;
  }

  public FailureKind kind() {
    return kind;
  }

  /** The specific circumstance (names, URLs, status codes); the message also contains it. */
  public String detail() {
    return detail;
  }

  public boolean isRetryable() {
    return kind.isRetryable();
  }

  /** The trace of the lookup that failed; set on every exception thrown by {@link SmpLookupService}. */
  public LookupTrace trace() {
    return trace;
  }

  /** A copy carrying the trace of one lookup (a cached failure is shared, its copies are not). */
  SmpLookupException withTrace(LookupTrace lookupTrace) {
    SmpLookupException copy = new SmpLookupException(kind, detail, getCause());
    copy.trace = lookupTrace;
    return copy;
  }
}
