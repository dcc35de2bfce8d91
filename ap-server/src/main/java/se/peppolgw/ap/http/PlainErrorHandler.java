package se.peppolgw.ap.http;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import se.peppolgw.ap.ops.web.Templates;

/**
 * Error pages that say only what went wrong in HTTP's words ("400 Bad Request"): Jetty's default
 * page names the exception class and its message, which tells a stranger which libraries run here
 * and sometimes echoes their input. HTML, JSON or plain text as the client's Accept asks (Jetty's
 * own negotiation); the full exception stays in the server log where one is written at all. The HTML
 * page is the template {@code src/main/jte/http/error.jte}.
 */
public final class PlainErrorHandler extends ErrorHandler {
  public PlainErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
    setCacheControl("no-store");
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause)
      throws IOException {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    return super.generateAcceptableResponse(
        request, response, callback, contentType, charsets, code, plainMessage(code), null);
  }

  /** What the HTML error page shows: the status code and its reason phrase, nothing else. */
  public record Page(int code, String reason, String charset) {}

  @Override
  protected void writeErrorHtml(
      Request request, Writer writer, Charset charset, int code, String message, Throwable cause)
      throws IOException {
    writer.write(Templates.render("http/error.jte", new Page(code, plainMessage(code), charset.name())));
  }

  static String plainMessage(int code) {
    String reason = HttpStatus.getMessage(code);
    return reason == null ? "Error" : reason;
  }
}
