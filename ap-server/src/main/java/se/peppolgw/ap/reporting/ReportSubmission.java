package se.peppolgw.ap.reporting;

import com.helger.peppol.reporting.api.CPeppolReporting;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataWriter;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.sbdh.SBDMarshaller;
import com.helger.xml.serialize.read.DOMReader;
import com.helger.datetime.xml.XMLOffsetDateTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Document;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * Puts a validated report into the outbox like any outbound document: the outbound worker then
 * looks up OpenPeppol's reporting receiver in the SMP, signs, sends, keeps the receipt and
 * retries. The receiver, document types and process are the specification's, carried by the
 * libraries ({@link CPeppolReporting#OPENPEPPOL_PARTICIPANT_ID}, {@link ReportKind}).
 */
final class ReportSubmission {
  private final OutboxStore outbox;
  private final Runnable wakeWorker;
  private final String senderId;
  private final String receiverId;

  /**
   * @param senderId our participant identifier value as the report's sender (ICD 0242, the
   *     OpenPeppol SPIS scheme, with the six digits of our seat id by default)
   * @param receiverId OpenPeppol's reporting receiver (tests point it at a fixture)
   */
  ReportSubmission(OutboxStore outbox, Runnable wakeWorker, String senderId, String receiverId) {
    this.outbox = outbox;
    this.wakeWorker = wakeWorker;
    this.senderId = senderId;
    this.receiverId = receiverId;
  }

  /** Enqueues one report; returns its outbound transmission id. */
  String submit(ReportingPeriod period, ReportKind kind, String xml, String countryC1, Instant now) {
    byte[] document = xml.getBytes(StandardCharsets.UTF_8);
    Document dom = DOMReader.readXMLDOM(document);
    if (dom == null) {
      throw new IllegalStateException("the " + kind + " of " + period + " is not well-formed XML");
    }
    String instanceId = UUID.randomUUID().toString();
    PeppolSBDHData d = new PeppolSBDHData(PeppolIdentifierFactory.INSTANCE);
    d.setSenderWithDefaultScheme(senderId);
    d.setReceiverWithDefaultScheme(receiverId);
    d.setDocumentTypeWithBusdoxDocidQns(kind.documentTypeValue());
    d.setProcessWithDefaultScheme(ReportKind.PROCESS.getValue());
    d.setDocumentIdentification(
        dom.getDocumentElement().getNamespaceURI(),
        kind == ReportKind.TSR ? CPeppolReporting.TSR_SBDH_TYPE_VERSION : CPeppolReporting.EUSR_SBDH_TYPE_VERSION,
        dom.getDocumentElement().getLocalName(),
        instanceId,
        XMLOffsetDateTime.of(now.atOffset(ZoneOffset.UTC)));
    d.setCountryC1(countryC1);
    d.setBusinessMessageNoClone(dom.getDocumentElement());
    byte[] sbd = new SBDMarshaller().getAsBytes(new PeppolSBDHDataWriter().createStandardBusinessDocument(d));
    if (sbd == null) {
      throw new IllegalStateException("the SBD of the " + kind + " of " + period + " could not be written");
    }
    String id =
        outbox.enqueue(
            new OutboxStore.NewOutbound(
                senderId,
                receiverId,
                kind.documentTypeValue(),
                ReportKind.PROCESS.getValue(),
                countryC1,
                instanceId,
                BusinessFacts.of(kind + " " + period, null, null),
                sbd,
                document,
                List.of(TimelineEvent.of(EventType.NOTE,
                    "Peppol Reporting: the " + kind + " of " + period + ", validated with the"
                        + " official Schematron"))));
    wakeWorker.run();
    return id;
  }
}
