package se.peppolgw.ap.outbound;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the outbound side is warm: the validation rule sets are compiled, so a document is
 * accepted as fast as the hundredth. Until then {@code POST /api/outbound} answers 503 with
 * Retry-After and /health says {@code ready: false}, instead of keeping a back office waiting
 * seconds for a 202 (which a client with a short timeout retries: the document went out twice).
 */
public final class Warmth {
  /** What a refused client is told to wait, in seconds. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private final CountDownLatch warm = new CountDownLatch(1);

  public boolean isWarm() {
    return warm.getCount() == 0;
  }

  /** Waits up to {@code max} for the warm-up; true when warm. */
  public boolean await(Duration max) throws InterruptedException {
    return warm.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  void warmed() {
    warm.countDown();
  }
}
