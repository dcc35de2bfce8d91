package se.peppolgw.reliability;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.security.certificate.TrustedCAChecker;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.sbd.SbdWriter;

/**
 * A sending access point: phase4's own Peppol sender (what real access points use), pointed at a
 * fixed endpoint and certificate, phase4's retries off (the scenarios retry themselves, with the
 * same or a new AS4 MessageId, as real senders do).
 */
public final class As4Client {
  /** Santuario warns through JUL on every signed message (as in GatewayMain); kept referenced. */
  private static final java.util.logging.Logger DSIG_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

  static {
    DSIG_JUL.setLevel(java.util.logging.Level.SEVERE);
  }

  public static final String SUPPLIER = "0007:5567212345";
  public static final String BUYER = "0088:7365560000009";
  public static final String INVOICE_TYPE = DocumentTypeAliases.expand("invoice");
  public static final String BILLING_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  public static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";

  private final ApKeyMaterial keys;
  private final IAS4CryptoFactory crypto;
  private final X509Certificate receiverCert;
  private final TrustedCAChecker caChecker;
  private final String url;

  public As4Client(ApKeyMaterial keys, X509Certificate receiverCert, TrustedCAChecker caChecker, String url) {
    As4Runtime.acquire(); // phase4's global scope, needed by the sender too
    this.keys = keys;
    this.crypto =
        new AS4CryptoFactoryInMemoryKeyStore(
            keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());
    this.receiverCert = receiverCert;
    this.caChecker = caChecker;
    this.url = url;
  }

  /** An SBD around the invoice with the given InstanceIdentifier. */
  public static byte[] invoiceSbd(String instanceId, byte[] invoice) {
    return SbdWriter.write(
        new SbdWriter.Header(
            BUYER, SUPPLIER, INVOICE_TYPE, BILLING_PROCESS, "SE", instanceId, Instant.now(),
            INVOICE_NS, "Invoice"),
        invoice);
  }

  /**
   * One attempt. {@code acked} only when phase4 got and verified a signed receipt for this
   * MessageId.
   */
  public record Outcome(boolean acked, int httpStatus, As4Answer answer, String failure) {}

  public Outcome send(String messageId, byte[] sbd) {
    var ids = PeppolIdentifierFactory.INSTANCE;
    AtomicReference<byte[]> raw = new AtomicReference<>();
    AtomicReference<Integer> status = new AtomicReference<>(0);
    AtomicReference<String> failure = new AtomicReference<>();
    EAS4UserMessageSendResult result;
    try {
      result =
          Phase4PeppolSender.sbdhBuilder()
              .cryptoFactory(crypto)
              .messageID(messageId)
              .senderParticipantID(ids.createParticipantIdentifierWithDefaultScheme(BUYER))
              .receiverParticipantID(ids.createParticipantIdentifierWithDefaultScheme(SUPPLIER))
              .documentTypeID(ids.createDocumentTypeIdentifierWithDefaultScheme(INVOICE_TYPE))
              .processID(ids.createProcessIdentifierWithDefaultScheme(BILLING_PROCESS))
              .countryC1("SE")
              .senderPartyID(keys.seatId())
              .receiverEndpointDetails(receiverCert, url)
              .peppolAP_CAChecker(caChecker)
              .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0))
              .rawResponseConsumer(
                  m -> {
                    raw.set(m.getResponseContent());
                    if (m.hasResponseStatusLine()) {
                      status.set(m.getResponseStatusLine().getStatusCode());
                    }
                  })
              .payload(sbd)
              .sendMessageAndCheckForReceipt(ex -> failure.set(ex.toString()));
    } catch (RuntimeException e) {
      return new Outcome(false, status.get(), As4Answer.parse(status.get(), raw.get()), e.toString());
    }
    As4Answer answer = As4Answer.parse(status.get(), raw.get());
    boolean acked = result == EAS4UserMessageSendResult.SUCCESS && answer.receipt();
    return new Outcome(
        acked, status.get(), answer,
        acked ? null : result + (failure.get() == null ? "" : ": " + failure.get()));
  }
}
