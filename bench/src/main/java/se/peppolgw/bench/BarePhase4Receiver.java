package se.peppolgw.bench;

import com.helger.collection.commons.CommonsArrayList;
import com.helger.collection.commons.ICommonsList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.incoming.spi.AS4SignalMessageProcessorResult;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.pmode.IPMode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.w3c.dom.Node;
import se.peppolgw.ap.inbound.As4ResponseBuffer;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.inbound.PeppolAs4Plumbing;
import se.peppolgw.ap.pki.ApKeyMaterial;

/**
 * The floor: phase4-lib's own {@link AS4RequestHandler} on embedded Jetty with the same crypto,
 * P-Mode and Peppol security set-up as the gateway, and an incoming processor that accepts every
 * message without looking at it. phase4 still parses, decrypts, verifies the signature, validates
 * against the Peppol P-Mode and signs the receipt; nothing is read, checked or stored.
 */
final class BarePhase4Receiver implements ReceiverProcess.Stoppable {

  private final Server server;
  private final ServerConnector connector;

  private BarePhase4Receiver(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts on 127.0.0.1 (port 0 = any free port), using the same phase4 runtime as the gateway. */
  static BarePhase4Receiver start(ApKeyMaterial keys, int port) throws Exception {
    As4Runtime.acquire();
    IAS4CryptoFactory crypto =
        new AS4CryptoFactoryInMemoryKeyStore(
            keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());
    // same thread pool and connector settings as the gateway's JettyServer
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("http");
    Server server = new Server(pool);
    HttpConfiguration hc = new HttpConfiguration();
    hc.setSendServerVersion(false);
    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(hc));
    http.setHost("127.0.0.1");
    http.setPort(port);
    http.setIdleTimeout(60_000);
    server.addConnector(http);
    ServletContextHandler ctx = new ServletContextHandler("/");
    ctx.addServlet(new ServletHolder(new ReceiptOnlyServlet(crypto)), "/as4");
    server.setHandler(ctx);
    server.start();
    return new BarePhase4Receiver(server, http);
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void stop() throws Exception {
    server.stop();
    As4Runtime.release();
  }

  /** POST /as4: phase4's request handler, nothing else. */
  private static final class ReceiptOnlyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient IAS4CryptoFactory crypto;

    ReceiptOnlyServlet(IAS4CryptoFactory crypto) {
      this.crypto = crypto;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      // exactly the gateway's plumbing (PeppolAs4Plumbing), only the processor differs
      HttpHeaderMap headers = PeppolAs4Plumbing.headersOf(req);
      As4ResponseBuffer answer = new As4ResponseBuffer();
      try (AS4RequestHandler handler =
          PeppolAs4Plumbing.requestHandler(PeppolAs4Plumbing.metadataOf(req, headers), crypto)) {
        handler.setProcessorSupplier(() -> new CommonsArrayList<>(AcceptAll.INSTANCE));
        handler.handleRequest(req.getInputStream(), headers, answer);
      } catch (Exception e) {
        resp.sendError(400, e.toString());
        return;
      }
      answer.writeTo(resp);
    }
  }

  /** Says yes to every user message; phase4 then signs the receipt. */
  private enum AcceptAll implements IAS4IncomingMessageProcessorSPI {
    INSTANCE;

    @Override
    public AS4MessageProcessorResult processAS4UserMessage(
        IAS4IncomingMessageMetadata metadata,
        HttpHeaderMap httpHeaders,
        Ebms3UserMessage userMessage,
        IPMode pmode,
        Node payload,
        ICommonsList<WSS4JAttachment> attachments,
        IAS4IncomingMessageState state,
        AS4ErrorList errors) {
      return AS4MessageProcessorResult.createSuccess();
    }

    @Override
    public AS4SignalMessageProcessorResult processAS4SignalMessage(
        IAS4IncomingMessageMetadata metadata,
        HttpHeaderMap httpHeaders,
        Ebms3SignalMessage signalMessage,
        IPMode pmode,
        IAS4IncomingMessageState state,
        AS4ErrorList errors) {
      return AS4SignalMessageProcessorResult.createSuccess();
    }

    @Override
    public void processAS4ResponseMessage(
        IAS4IncomingMessageMetadata metadata,
        IAS4IncomingMessageState state,
        String responseMessageId,
        byte[] responseBytes,
        boolean responsePayloadIsAvailable,
        AS4ErrorList errors) {
      // nothing kept
    }
  }
}
