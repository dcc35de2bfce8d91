package se.peppolgw.ap.inbound;

import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.attachment.IAS4IncomingAttachmentFactory;
import com.helger.phase4.crypto.AS4SigningParams;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.crypto.IAS4DecryptParameterModifier;
import com.helger.phase4.incoming.AS4IncomingMessageMetadata;
import com.helger.phase4.incoming.AS4IncomingProfileSelectorConstant;
import com.helger.phase4.incoming.AS4IncomingReceiverConfiguration;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.incoming.crypto.AS4IncomingSecurityConfiguration;
import com.helger.phase4.model.pmode.resolve.AS4DefaultPModeResolver;
import com.helger.phase4.profile.peppol.AS4PeppolProfileRegistarSPI;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.phase4.wss.AS4CertificateOnlySignatureTrustValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;

/**
 * phase4's request handler set up for the Peppol AS4 profile, as phase4's own Peppol servlet does
 * it: Peppol P-Mode and profile validation, certificate-only signature trust (the Peppol CA check
 * follows in our processor), the P-Mode's subject constraint. Shared by the gateway's endpoint
 * and the benchmark's bare phase4 baseline, so that both run the same plumbing.
 */
public final class PeppolAs4Plumbing {
  private static final String PROFILE = AS4PeppolProfileRegistarSPI.AS4_PROFILE_ID;

  private PeppolAs4Plumbing() {}

  /** A request handler ready for {@code setProcessorSupplier} and {@code handleRequest}. */
  public static AS4RequestHandler requestHandler(
      AS4IncomingMessageMetadata metadata, IAS4CryptoFactory crypto) {
    AS4RequestHandler handler = new AS4RequestHandler(metadata);
    handler.setCryptoFactory(crypto);
    handler.setPModeResolver(new AS4DefaultPModeResolver(PROFILE));
    handler.setIncomingProfileSelector(new AS4IncomingProfileSelectorConstant(PROFILE, true));
    handler.setIncomingAttachmentFactory(IAS4IncomingAttachmentFactory.DEFAULT_INSTANCE);
    handler.setIncomingSecurityConfiguration(peppolSecurity());
    handler.setIncomingReceiverConfiguration(new AS4IncomingReceiverConfiguration());
    return handler;
  }

  public static AS4IncomingMessageMetadata metadataOf(HttpServletRequest req, HttpHeaderMap headers) {
    return AS4IncomingMessageMetadata.createForRequest()
        .setRemoteAddr(req.getRemoteAddr())
        .setRemoteHost(req.getRemoteHost())
        .setRemotePort(req.getRemotePort())
        .setHttpHeaders(headers)
        .setRemoteTlsCerts(
            (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate"));
  }

  public static HttpHeaderMap headersOf(HttpServletRequest req) {
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

}
