package se.peppolgw.ap.inbound;

import com.helger.base.io.iface.IHasInputStream;
import com.helger.collection.commons.CommonsArrayList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.mime.IMimeType;
import com.helger.phase4.crypto.AS4SigningParams;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.crypto.IAS4DecryptParameterModifier;
import com.helger.phase4.incoming.AS4IncomingMessageMetadata;
import com.helger.phase4.incoming.AS4IncomingProfileSelectorConstant;
import com.helger.phase4.incoming.AS4IncomingReceiverConfiguration;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.incoming.IAS4ResponseAbstraction;
import com.helger.phase4.incoming.crypto.AS4IncomingSecurityConfiguration;
import com.helger.phase4.attachment.IAS4IncomingAttachmentFactory;
import com.helger.phase4.model.pmode.resolve.AS4DefaultPModeResolver;
import com.helger.phase4.profile.peppol.AS4PeppolProfileRegistarSPI;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.phase4.util.Phase4Exception;
import com.helger.phase4.wss.AS4CertificateOnlySignatureTrustValidator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
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
  private static final String PROFILE = AS4PeppolProfileRegistarSPI.AS4_PROFILE_ID;

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
    HttpHeaderMap headers = headersOf(req);
    AS4IncomingMessageMetadata md =
        AS4IncomingMessageMetadata.createForRequest()
            .setRemoteAddr(req.getRemoteAddr())
            .setRemoteHost(req.getRemoteHost())
            .setRemotePort(req.getRemotePort())
            .setHttpHeaders(headers)
            .setRemoteTlsCerts(
                (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate"));
    BufferedResponse out = new BufferedResponse();
    try (AS4RequestHandler handler = new AS4RequestHandler(md)) {
      handler.setCryptoFactory(cryptoFactory);
      handler.setPModeResolver(new AS4DefaultPModeResolver(PROFILE));
      handler.setIncomingProfileSelector(new AS4IncomingProfileSelectorConstant(PROFILE, true));
      handler.setIncomingAttachmentFactory(IAS4IncomingAttachmentFactory.DEFAULT_INSTANCE);
      handler.setIncomingSecurityConfiguration(peppolSecurity());
      handler.setIncomingReceiverConfiguration(new AS4IncomingReceiverConfiguration());
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

  private static AS4IncomingSecurityConfiguration peppolSecurity() {
    AS4IncomingSecurityConfiguration sec = AS4IncomingSecurityConfiguration.createDefaultInstance();
    // WSS4J would otherwise log a warning per message for missing subject constraints.
    sec.setSigningParams(
        new AS4SigningParams().setSubjectCertConstraints(PeppolPMode.CERTIFICATE_SUBJECT_CONSTRAINT_PATTERN));
    sec.setDecryptParameterModifier(
        new IAS4DecryptParameterModifier() {
          @Override
          public void modifyWSSConfig(WSSConfig cfg) {
            // Trust is decided on the certificate alone (chain check against our trust store);
            // the Peppol CA and revocation check follows in PeppolInboundProcessor.
            cfg.setValidator(WSConstants.SIGNATURE, new AS4CertificateOnlySignatureTrustValidator());
          }
        });
    return sec;
  }

  private static HttpHeaderMap headersOf(HttpServletRequest req) {
    HttpHeaderMap map = new HttpHeaderMap();
    Enumeration<String> names = req.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = req.getHeaders(name);
      while (values.hasMoreElements()) {
        map.addHeader(name, values.nextElement());
      }
    }
    return map;
  }

  /** Collects what phase4 answers and writes it once, status and type first. */
  private static final class BufferedResponse implements IAS4ResponseAbstraction {
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

    boolean isEmpty() {
      return status < 0 && bytes == null && stream == null;
    }

    void writeTo(HttpServletResponse resp) throws IOException {
      resp.setStatus(status < 0 ? 200 : status);
      if (status == 503) {
        resp.setHeader("Retry-After", "60");
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
}
