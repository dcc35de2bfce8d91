package se.peppolgw.ap.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Cuts off a request whose body arrives slower than a minimum rate, averaged from the first read
 * of the body. Each time the application asks for more body (demand), the bytes read so far are
 * compared with the time spent; below the rate, the next read fails (the application answers 400
 * or 408 and Jetty closes the connection).
 *
 * <p>Why not Jetty's {@code MinimumDataRateHandler}: in Jetty 12.1 it divides the bytes read by
 * <em>all</em> requests of the handler (its statistics total) by one request's time, so a flood
 * of slow uploads together reads "fast enough" and none is ever cut off — exactly the attack
 * this must stop. {@code HttpConfiguration.setMinRequestDataRate} is per request but checked
 * only by the servlet layer, i.e. after a worker thread was taken, and not for the part of the
 * body Jetty reads ahead ({@code EagerContentHandler}). This is the per-request check on the
 * core request, in front of both.
 */
final class MinimumBodyRateHandler extends Handler.Wrapper {
  /** Too little time says nothing about a rate: two TCP segments 100 ms apart are normal. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long minBytesPerSecond;

  MinimumBodyRateHandler(Handler next, long minBytesPerSecond) {
    super(next);
    this.minBytesPerSecond = minBytesPerSecond;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (minBytesPerSecond <= 0) {
      return super.handle(request, response, callback);
    }
    return super.handle(new RateCheckedRequest(request), response, callback);
  }

  private final class RateCheckedRequest extends Request.Wrapper {
    // demand and read of one request are serialised by Jetty; volatile for the callback thread
    private volatile long firstDemandNanos;
    private volatile long bytesRead;
    private volatile Content.Chunk tooSlow;

    RateCheckedRequest(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk failed = tooSlow;
      if (failed != null) {
        return failed;
      }
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytesRead += chunk.remaining();
      }
      return chunk;
    }

    @Override
    public void demand(Runnable onContent) {
      long now = NanoTime.now();
      if (firstDemandNanos == 0) {
        firstDemandNanos = now == 0 ? 1 : now;
      } else {
        long elapsed = NanoTime.elapsed(firstDemandNanos, now);
        if (elapsed >= GRACE_NANOS && bytesRead * 1_000_000_000L / elapsed < minBytesPerSecond) {
          tooSlow =
              Content.Chunk.from(
                  new TimeoutException(
                      "request body slower than " + minBytesPerSecond + " bytes/s"),
                  true);
          onContent.run();
          return;
        }
      }
      super.demand(onContent);
    }
  }
}
