package se.peppolgw.ap.outbound;

import com.helger.json.IJsonObject;
import com.helger.peppol.sml.ISMLInfo;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.messaging.http.IHttpPoster;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.peppol.Phase4PeppolSendingReport;
import com.helger.phase4.profile.peppol.Phase4PeppolHttpClientSettings;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import com.helger.security.certificate.TrustedCAChecker;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import se.peppolgw.ap.outbound.AttemptClassifier.Judgement;
import com.helger.security.certificate.CertificateHelper;
import se.peppolgw.ap.store.Digests;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * One AS4 send with phase4's Peppol sender: our signature, encryption to the receiver's
 * certificate, gzip, the receiver's certificate checked against the AP CAs, no in-process HTTP
 * retry (retries are the worker's, durable and with a new MessageId each time). The raw response
 * and phase4's sending report are kept for the transmission log.
 */
public final class PeppolAs4Sender {
  private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;
  /** phase4's Peppol connect timeout, kept. */
  public static final Duration CONNECT_TIMEOUT =
      Duration.ofMillis(Phase4PeppolHttpClientSettings.DEFAULT_PEPPOL_CONNECT_TIMEOUT.toMilliseconds());

  private final IAS4CryptoFactory crypto;
  private final String seatId;
  private final TrustedCAChecker caChecker;
  private final ISMLInfo network;
  private final Duration responseTimeout;
  private final IHttpPoster http;
  private final OutboundTls tls;

  /**
   * @param network the SML (or a stand-in for static routing) named in sending reports
   * @param responseTimeout how long to wait for the receiver's answer (phase4's Peppol default: 2 min)
   */
  public PeppolAs4Sender(
      IAS4CryptoFactory crypto,
      String seatId,
      TrustedCAChecker caChecker,
      ISMLInfo network,
      Duration responseTimeout) {
    this(crypto, seatId, caChecker, network, responseTimeout, null, OutboundTls.jdkDefault());
  }

  /**
   * @param http how messages go over the wire (e.g. {@link PooledHttpPoster}, which must apply
   *     {@code responseTimeout} itself); null for phase4's default, a new HTTP client and
   *     connection per message
   * @param tls how the receiving AP's TLS certificate is verified when {@code http} is null (the
   *     pooled poster has its own)
   */
  PeppolAs4Sender(
      IAS4CryptoFactory crypto,
      String seatId,
      TrustedCAChecker caChecker,
      ISMLInfo network,
      Duration responseTimeout,
      IHttpPoster http,
      OutboundTls tls) {
    this.crypto = crypto;
    this.seatId = seatId;
    this.caChecker = caChecker;
    this.network = network;
    this.responseTimeout = responseTimeout;
    this.http = http;
    this.tls = tls;
  }

  /** phase4's Peppol builder with our HTTP transport: the pooled poster, or phase4's own with our settings. */
  private Phase4PeppolSender.PeppolUserMessageSBDHBuilder builder() {
    Phase4PeppolSender.PeppolUserMessageSBDHBuilder b = Phase4PeppolSender.sbdhBuilder();
    return http != null ? b.customHttpPoster(http) : b.httpClientFactory(httpSettings());
  }

  /**
   * phase4's Peppol HTTP settings (timeouts, user agent) with our response timeout and our TLS:
   * phase4's own trusts every server certificate.
   */
  private Phase4PeppolHttpClientSettings httpSettings() {
    Phase4PeppolHttpClientSettings settings = new Phase4PeppolHttpClientSettings();
    settings.setResponseTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(responseTimeout.toMillis()));
    return tls.applyTo(settings);
  }

  public AttemptResult send(
      Transmission t, byte[] sbd, ResolvedEndpoint endpoint, String messageId) {
    long start = System.nanoTime();
    IParticipantIdentifier sender = IDS.createParticipantIdentifierWithDefaultScheme(t.senderId());
    IParticipantIdentifier receiver = IDS.createParticipantIdentifierWithDefaultScheme(t.receiverId());
    IDocumentTypeIdentifier docType = IDS.createDocumentTypeIdentifierWithDefaultScheme(t.documentTypeId());
    IProcessIdentifier process = IDS.createProcessIdentifierWithDefaultScheme(t.processId());
    X509Certificate cert = endpoint.certificate();

    Phase4PeppolSendingReport report = new Phase4PeppolSendingReport(network);
    report.setSenderID(sender);
    report.setReceiverID(receiver);
    report.setDocTypeID(docType);
    report.setProcessID(process);
    report.setCountryC1(t.c1Country());
    report.setSenderPartyID(seatId);
    report.setSBDHInstanceIdentifier(t.sbdhInstanceId());
    report.setC3SMPURL(endpoint.smpUrl() == null ? null : endpoint.smpUrl().toString());
    report.setAS4MessageID(messageId);
    report.setAS4ConversationID(t.id());

    AtomicReference<byte[]> raw = new AtomicReference<>();
    AtomicInteger status = new AtomicInteger();
    AtomicReference<Ebms3SignalMessage> signal = new AtomicReference<>();
    AtomicReference<Phase4Exception> failure = new AtomicReference<>();
    ReceiptCheck nrr = new ReceiptCheck();

    EAS4UserMessageSendResult result;
    try {
      result =
          builder()
              .cryptoFactory(crypto)
              .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0))
              .messageID(messageId)
              .conversationID(t.id())
              .senderParticipantID(sender)
              .receiverParticipantID(receiver)
              .documentTypeID(docType)
              .processID(process)
              .countryC1(t.c1Country())
              .senderPartyID(seatId)
              .receiverEndpointDetails(cert, endpoint.endpointUrl())
              .peppolAP_CAChecker(caChecker)
              .certificateConsumer(
                  (c, at, check) -> {
                    report.setC3Cert(c);
                    report.setC3CertCheckDT(at);
                    report.setC3CertCheckResult(check);
                  })
              .endpointURLConsumer(report::setC3EndpointURL)
              .technicalContactConsumer(report::setC3TechnicalContact)
              .sendingDateTimeConsumer(report::setAS4SendingDT)
              .rawResponseConsumer(
                  m -> {
                    raw.set(m.getResponseContent());
                    if (m.hasResponseStatusLine()) {
                      status.set(m.getResponseStatusLine().getStatusCode());
                    }
                  })
              .signalMsgConsumer((s, md, state) -> signal.set(s))
              .signalMsgValidationResultHdl(nrr)
              .payload(sbd)
              .sendMessageAndCheckForReceipt(failure::set);
    } catch (RuntimeException e) {
      // a bug or an unexpected library failure must not kill the worker: retry, and say why
      failure.set(new Phase4Exception("unexpected failure: " + e, e));
      result = EAS4UserMessageSendResult.TRANSPORT_ERROR;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    Judgement j =
        AttemptClassifier.judge(
            result, signal.get(), nrr.outcome(), nrr.errors(), messageId, status.get(),
            raw.get() != null, failure.get());
    // A receipt or error signal is stored verbatim with the attempt. phase4 would render the parsed
    // signal into the report a second time, through a schema-validated JAXB round trip that cost
    // about a tenth of a send's CPU; the report points to the stored bytes instead.
    boolean signalKept = AttemptResult.keepsSignal(j.failure(), raw.get());
    if (!signalKept) {
      report.setAS4ReceivedSignalMsg(signal.get());
    }
    report.setAS4SendingResult(result);
    if (failure.get() != null) {
      report.setAS4SendingException(failure.get());
    }
    if (j.detail() != null) {
      report.setAS4SendingError(j.detail());
    }
    report.setAS4SendingDurationMillis(millis);
    report.setOverallDurationMillis(millis);
    report.setSendingSuccess(result.isSuccess());
    report.setOverallSuccess(j.verdict() == AttemptResult.Verdict.DELIVERED);
    return new AttemptResult(
        j.verdict(),
        j.failure(),
        j.code(),
        j.detail(),
        messageId,
        CertificateHelper.getSubjectCN(cert),
        endpoint.endpointUrl(),
        status.get(),
        raw.get(),
        reportJson(report, signalKept ? raw.get() : null),
        millis,
        failure.get() == null ? null : AttemptClassifier.message(failure.get()));
  }

  /** phase4's report as JSON; a signal kept verbatim is referred to, not rendered again. */
  static String reportJson(Phase4PeppolSendingReport report, byte[] keptSignal) {
    IJsonObject json = report.getAsJsonObject();
    if (keptSignal != null) {
      json.add(
          "as4ReceivedSignalMsg",
          "kept verbatim with this attempt (" + keptSignal.length + " bytes, SHA-256 "
              + Digests.sha256Hex(keptSignal) + ")");
    }
    return json.getAsJsonString();
  }
}
