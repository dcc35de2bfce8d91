package se.peppolgw.smp.trace;

import java.util.ArrayList;
import java.util.List;

/** Collects the steps of one underlying lookup. Used by one thread at a time. */
public final class TraceRecorder {
  private final List<TraceStep> steps = new ArrayList<>();

  /** Starts timing a step; call {@link Timer#done} (or one of its variants) when it ends. */
  public Timer start(String step, String detail) {
    return new Timer(step, detail, System.nanoTime());
  }

  public void add(TraceStep step) {
    steps.add(step);
  }

  public List<TraceStep> steps() {
    return List.copyOf(steps);
  }

  /** A running step. */
  public final class Timer {
    private final String step;
    private final String detail;
    private final long startNanos;

    private Timer(String step, String detail, long startNanos) {
      this.step = step;
      this.detail = detail;
      this.startNanos = startNanos;
    }

    public void done(String outcome) {
      done(outcome, null);
    }

    public void done(String outcome, Integer httpStatus) {
      steps.add(new TraceStep(step, detail, outcome, httpStatus, (System.nanoTime() - startNanos) / 1_000));
    }
  }
}
