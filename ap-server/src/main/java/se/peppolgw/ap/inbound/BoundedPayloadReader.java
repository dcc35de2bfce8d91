package se.peppolgw.ap.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a (decompressing) stream up to a limit, so a gzip bomb stops at the limit, not at OOM. */
final class BoundedPayloadReader {
  private BoundedPayloadReader() {}

  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("payload exceeds the limit of " + limit + " bytes");
    }
  }

  static byte[] read(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > limit) {
        throw new TooLargeException(limit);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
