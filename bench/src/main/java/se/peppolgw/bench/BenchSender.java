package se.peppolgw.bench;

import com.helger.httpclient.HttpClientFactory;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.messaging.http.BasicHttpPoster;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.http.header.HttpHeaderMap;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.security.certificate.TrustedCAChecker;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.sbd.SbdWriter;

/**
 * A sending access point: phase4's own {@link Phase4PeppolSender} (what real access points use),
 * pointed at a fixed endpoint and certificate, retries off. The same code sends to both targets.
 */
final class BenchSender {
  static final String BILLING_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";

  /** One message: did phase4 get a valid signed receipt, and how long did it take. */
  record Outcome(boolean ok, long wireNanos, long totalNanos, String error) {}

  private final ApKeyMaterial keys;
  private final IAS4CryptoFactory crypto;
  private final X509Certificate receiverCert;
  private final TrustedCAChecker caChecker;
  private final String documentType = DocumentTypeAliases.expand("invoice");

  BenchSender(ApKeyMaterial keys, X509Certificate receiverCert, TrustedCAChecker caChecker) {
    this.keys = keys;
    this.crypto =
        new AS4CryptoFactoryInMemoryKeyStore(
            keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());
    this.receiverCert = receiverCert;
    this.caChecker = caChecker;
  }

  /** A fresh SBD around the invoice (new InstanceIdentifier, so it is never a duplicate). */
  byte[] sbd(byte[] invoice) {
    return SbdWriter.write(
        new SbdWriter.Header(
            ReceiverProcess.BUYER,
            ReceiverProcess.SUPPLIER,
            documentType,
            BILLING_PROCESS,
            "SE",
            UUID.randomUUID().toString(),
            Instant.now(),
            INVOICE_NS,
            "Invoice"),
        invoice);
  }

  Outcome send(String url, byte[] sbd) {
    var ids = PeppolIdentifierFactory.INSTANCE;
    TimedPoster poster = new TimedPoster();
    AtomicReference<String> failure = new AtomicReference<>();
    long t0 = System.nanoTime();
    EAS4UserMessageSendResult result;
    try {
      result =
          Phase4PeppolSender.sbdhBuilder()
              .cryptoFactory(crypto)
              .senderParticipantID(ids.createParticipantIdentifierWithDefaultScheme(ReceiverProcess.BUYER))
              .receiverParticipantID(ids.createParticipantIdentifierWithDefaultScheme(ReceiverProcess.SUPPLIER))
              .documentTypeID(ids.createDocumentTypeIdentifierWithDefaultScheme(documentType))
              .processID(ids.createProcessIdentifierWithDefaultScheme(BILLING_PROCESS))
              .countryC1("SE")
              .senderPartyID(keys.seatId())
              .receiverEndpointDetails(receiverCert, url)
              .peppolAP_CAChecker(caChecker)
              .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0))
              .customHttpPoster(poster)
              .payload(sbd)
              .sendMessageAndCheckForReceipt(ex -> failure.set(ex.toString()));
    } catch (RuntimeException e) {
      return new Outcome(false, poster.nanos, System.nanoTime() - t0, e.toString());
    }
    long total = System.nanoTime() - t0;
    boolean ok = result == EAS4UserMessageSendResult.SUCCESS;
    return new Outcome(ok, poster.nanos, total, ok ? null : result + (failure.get() == null ? "" : ": " + failure.get()));
  }

  /** phase4's poster (a new HTTP client per message, as phase4 does), timing the HTTP exchange. */
  private static final class TimedPoster extends BasicHttpPoster {
    long nanos;

    TimedPoster() {
      setHttpClientFactory(new HttpClientFactory());
    }

    @Override
    public <T> T sendGenericMessage(
        String url,
        HttpHeaderMap headers,
        HttpEntity entity,
        HttpClientResponseHandler<? extends T> handler)
        throws IOException {
      long t0 = System.nanoTime();
      try {
        return super.sendGenericMessage(url, headers, entity, handler);
      } finally {
        nanos = System.nanoTime() - t0;
      }
    }
  }
}
