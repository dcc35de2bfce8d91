package se.peppolgw.ap.inbound;

import com.helger.collection.commons.CommonsArrayList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.util.Phase4Exception;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Problem;

/**
 * POST /as4: the Peppol AS4 endpoint. A plain servlet around phase4's {@link AS4RequestHandler},
 * configured for the Peppol profile: certificate-only signature trust (the Peppol CA check is ours,
 * in {@link PeppolInboundProcessor}), BST references, Peppol P-Mode.
 */
public final class As4Servlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(As4Servlet.class);

  private final transient IAS4CryptoFactory cryptoFactory;
  private final transient InboundSettings settings;

  public As4Servlet(IAS4CryptoFactory cryptoFactory, InboundSettings settings) {
    this.cryptoFactory = cryptoFactory;
    this.settings = settings;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Problem.write(
        resp,
        405,
        "Method not allowed",
        "This is a Peppol AS4 endpoint: other access points POST AS4 messages here.");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String client = req.getRemoteAddr();
    String mime = mimeType(req.getContentType());
    if (!mime.equals("multipart/related") && !mime.equals("application/soap+xml")) {
      refuse(resp, client, 415, "Not an AS4 message",
          "A Peppol AS4 message is multipart/related (or application/soap+xml), not '"
              + printable(req.getContentType()) + "'");
      return;
    }
    PushbackInputStream body = new PushbackInputStream(req.getInputStream(), 1);
    int first;
    try {
      first = firstNonWhitespace(body);
    } catch (IOException e) {
      refuse(resp, client, 400, "The request body could not be read", plain(e));
      return;
    }
    if (first < 0) {
      refuse(resp, client, 400, "Not an AS4 message", "The request body is empty");
      return;
    }
    if (mime.equals("application/soap+xml") && first != '<') {
      refuse(resp, client, 400, "Not an AS4 message",
          "The request body could not be parsed as a SOAP 1.2 AS4 message: it is not XML");
      return;
    }
    body.unread(first);

    HttpHeaderMap headers = PeppolAs4Plumbing.headersOf(req);
    As4ResponseBuffer out = new As4ResponseBuffer();
    try (AS4RequestHandler handler =
        PeppolAs4Plumbing.requestHandler(PeppolAs4Plumbing.metadataOf(req, headers), cryptoFactory)) {
      PeppolInboundProcessor processor = new PeppolInboundProcessor(settings);
      handler.setProcessorSupplier(() -> new CommonsArrayList<>(processor));
      handler.handleRequest(body, headers, out);
    } catch (Phase4Exception e) {
      refuse(resp, client, 400, "Not an acceptable AS4 message", plain(e));
      return;
    } catch (IOException | jakarta.mail.MessagingException | WSSecurityException | RuntimeException
        | StackOverflowError e) {
      refuse(resp, client, 400, "The AS4 message could not be processed", plain(e));
      return;
    }
    if (out.isEmpty()) {
      // phase4 gives up silently on input it cannot even parse as SOAP; say so.
      refuse(resp, client, 400, "Not an AS4 message",
          "The request body could not be parsed as a SOAP 1.2 AS4 message (Content-Type "
              + printable(req.getContentType()) + ")");
      return;
    }
    out.writeTo(resp);
  }

  /** The one log line of a refusal (no stack trace: the input is the stranger's) and the answer. */
  private static void refuse(
      HttpServletResponse resp, String client, int status, String title, String detail)
      throws IOException {
    LOG.warn("Refused AS4 request from {}: {} {}: {}", client, status, title, detail);
    if (!resp.isCommitted()) {
      Problem.write(resp, status, title, detail);
    }
  }

  private static String mimeType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static int firstNonWhitespace(InputStream in) throws IOException {
    int b;
    do {
      b = in.read();
    } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
    return b;
  }

  /**
   * An exception's message without Java class names ("java.io.IOException: …" becomes "…"),
   * shortened, on one line: it goes to a stranger and into one log line.
   */
  static String plain(Throwable e) {
    String m = e instanceof StackOverflowError ? "the message nests too deeply" : e.getMessage();
    if (m == null) {
      m = "unreadable input";
    }
    m = CLASS_NAME.matcher(m).replaceAll("");
    return printable(m.isBlank() ? "unreadable input" : m);
  }

  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

  /** One line, at most 300 characters, control characters replaced. */
  private static String printable(String s) {
    if (s == null) {
      return "none";
    }
    String one = s.replaceAll("\\p{Cntrl}+", " ").trim();
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }
}
