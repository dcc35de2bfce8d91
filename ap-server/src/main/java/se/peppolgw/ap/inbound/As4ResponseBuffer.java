package se.peppolgw.ap.inbound;

import com.helger.base.io.iface.IHasInputStream;
import com.helger.http.header.HttpHeaderMap;
import com.helger.mime.IMimeType;
import com.helger.phase4.incoming.IAS4ResponseAbstraction;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Collects what phase4's request handler answers and writes it to the servlet response once,
 * status and content type first. Empty when phase4 gave up without answering (input it could not
 * even parse as SOAP).
 */
public final class As4ResponseBuffer implements IAS4ResponseAbstraction {

  private int status = -1;
  private String contentType;
  private byte[] bytes;
  private HttpHeaderMap extraHeaders;
  private IHasInputStream stream;

  @Override
  public void setContent(byte[] content, Charset charset) {
    this.bytes = content;
  }

  @Override
  public void setContent(HttpHeaderMap headerMap, IHasInputStream content) {
    this.extraHeaders = headerMap;
    this.stream = content;
  }

  @Override
  public void setMimeType(IMimeType mimeType) {
    this.contentType = mimeType.getAsString();
  }

  @Override
  public void setStatus(int statusCode) {
    this.status = statusCode;
  }

  public boolean isEmpty() {
    return status < 0 && bytes == null && stream == null;
  }

  public void writeTo(HttpServletResponse resp) throws IOException {
    resp.setStatus(status < 0 ? 200 : status);
    if (status == 503) {
      // Short: HTTP clients that honour it (Apache HttpClient does) hold the sender meanwhile.
      resp.setHeader("Retry-After", "10");
    }
    if (extraHeaders != null) {
      extraHeaders.forEachSingleHeader(resp::addHeader, true);
    }
    if (contentType != null) {
      resp.setContentType(contentType);
    }
    if (bytes != null) {
      resp.setContentLength(bytes.length);
      resp.getOutputStream().write(bytes);
    } else if (stream != null) {
      try (InputStream in = stream.getInputStream(); OutputStream os = resp.getOutputStream()) {
        in.transferTo(os);
      }
    }
  }
}
