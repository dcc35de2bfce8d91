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
    HttpHeaderMap headers = PeppolAs4Plumbing.headersOf(req);
    As4ResponseBuffer out = new As4ResponseBuffer();
    try (AS4RequestHandler handler =
        PeppolAs4Plumbing.requestHandler(PeppolAs4Plumbing.metadataOf(req, headers), cryptoFactory)) {
      PeppolInboundProcessor processor = new PeppolInboundProcessor(settings);
      handler.setProcessorSupplier(() -> new CommonsArrayList<>(processor));
      handler.handleRequest(req.getInputStream(), headers, out);
    } catch (Phase4Exception e) {
      LOG.warn("Unusable AS4 request from {}: {}", req.getRemoteAddr(), e.getMessage());
      Problem.write(resp, 400, "Not an acceptable AS4 message", e.getMessage());
      return;
    } catch (IOException | jakarta.mail.MessagingException | WSSecurityException | RuntimeException e) {
      LOG.warn("Failed AS4 request from {}: {}", req.getRemoteAddr(), e.toString());
      Problem.write(resp, 400, "The AS4 message could not be processed", e.getMessage());
      return;
    }
    if (out.isEmpty()) {
      // phase4 gives up silently on input it cannot even parse as SOAP; say so.
      LOG.warn("Unparseable AS4 request from {} ({} bytes, Content-Type {})", req.getRemoteAddr(),
          req.getContentLengthLong(), req.getContentType());
      Problem.write(resp, 400, "Not an AS4 message",
          "The request body could not be parsed as a SOAP 1.2 AS4 message (Content-Type "
              + req.getContentType() + ")");
      return;
    }
    out.writeTo(resp);
  }
}
