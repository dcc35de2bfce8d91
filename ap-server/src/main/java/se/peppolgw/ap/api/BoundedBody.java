package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A JSON/CSV API request body read whole, but never more than a limit: past it the client gets 413. */
public final class BoundedBody {
  private BoundedBody() {}

  /** The body, or empty after answering 413 when it is longer than {@code maxBytes}. */
  public static Optional<byte[]> read(HttpServletRequest req, HttpServletResponse resp, int maxBytes) throws IOException {
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      Problem.write(resp, 413, "Request too large", "The limit is " + maxBytes + " bytes");
      return Optional.empty();
    }
    return Optional.of(body);
  }
}
