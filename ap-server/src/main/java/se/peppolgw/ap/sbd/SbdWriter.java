package se.peppolgw.ap.sbd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Wraps a business document in a Peppol SBD (Envelope Specification 2.0) without re-serialising
 * it: the header is written as text and the document's bytes follow unchanged (only an XML
 * declaration and a byte order mark are dropped), so what the back office produced is exactly what
 * the receiver gets. The document must be UTF-8, as Peppol requires.
 */
public final class SbdWriter {
  public static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";
  public static final String DOCTYPE_SCHEME = "busdox-docid-qns";
  public static final String PROCESS_SCHEME = "cenbii-procid-ubl";
  /** SBDH 2.0.2 business scope: who receives the MLS for this document (MLS specification ch. 4). */
  public static final String MLS_TO = com.helger.peppol.sbdh.CPeppolSBDH.SCOPE_MLS_TO;
  /** SBDH 2.0.2 business scope: when an MLS is wanted (ALWAYS_SEND / FAILURE_ONLY). */
  public static final String MLS_TYPE = com.helger.peppol.sbdh.CPeppolSBDH.SCOPE_MLS_TYPE;

  private SbdWriter() {}

  /**
   * The header fields of one SBD. Identifier values without scheme prefixes.
   *
   * @param mlsTo the participant that receives the MLS answering this document (SBDH 2.0.2 scope
   *     {@code MLS_TO}: our service provider id, {@code 0242:…}), or null for none
   * @param mlsType when an MLS is wanted (scope {@code MLS_TYPE}: {@code ALWAYS_SEND} or {@code
   *     FAILURE_ONLY}), or null for none
   */
  public record Header(
      String sender,
      String receiver,
      String documentTypeId,
      String processId,
      String countryC1,
      String instanceIdentifier,
      Instant created,
      String rootNamespace,
      String rootLocalName,
      String mlsTo,
      String mlsType) {

    /** A header without MLS scopes. */
    public Header(
        String sender,
        String receiver,
        String documentTypeId,
        String processId,
        String countryC1,
        String instanceIdentifier,
        Instant created,
        String rootNamespace,
        String rootLocalName) {
      this(sender, receiver, documentTypeId, processId, countryC1, instanceIdentifier, created,
          rootNamespace, rootLocalName, null, null);
    }
  }

  public static byte[] write(Header h, byte[] document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 2048);
    String head =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<StandardBusinessDocument xmlns=\"" + SbdInspector.SBDH_NS + "\">\n"
            + "  <StandardBusinessDocumentHeader>\n"
            + "    <HeaderVersion>1.0</HeaderVersion>\n"
            + "    <Sender><Identifier Authority=\"" + PARTICIPANT_SCHEME + "\">" + esc(h.sender())
            + "</Identifier></Sender>\n"
            + "    <Receiver><Identifier Authority=\"" + PARTICIPANT_SCHEME + "\">"
            + esc(h.receiver()) + "</Identifier></Receiver>\n"
            + "    <DocumentIdentification>\n"
            + "      <Standard>" + esc(h.rootNamespace()) + "</Standard>\n"
            + "      <TypeVersion>2.1</TypeVersion>\n"
            + "      <InstanceIdentifier>" + esc(h.instanceIdentifier()) + "</InstanceIdentifier>\n"
            + "      <Type>" + esc(h.rootLocalName()) + "</Type>\n"
            + "      <CreationDateAndTime>" + h.created().truncatedTo(ChronoUnit.MILLIS)
            + "</CreationDateAndTime>\n"
            + "    </DocumentIdentification>\n"
            + "    <BusinessScope>\n"
            + scope("DOCUMENTID", h.documentTypeId(), DOCTYPE_SCHEME)
            + scope("PROCESSID", h.processId(), PROCESS_SCHEME)
            + scope("COUNTRY_C1", h.countryC1(), null)
            + (h.mlsTo() == null ? "" : scope(MLS_TO, h.mlsTo(), PARTICIPANT_SCHEME))
            + (h.mlsType() == null ? "" : scope(MLS_TYPE, h.mlsType(), null))
            + "    </BusinessScope>\n"
            + "  </StandardBusinessDocumentHeader>\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bodyOf(document));
    out.writeBytes("\n</StandardBusinessDocument>\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The document without BOM, XML declaration and surrounding white space. */
  public static byte[] bodyOf(byte[] document) {
    String s = new String(document, StandardCharsets.UTF_8);
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    s = s.strip();
    if (s.startsWith("<?xml")) {
      int end = s.indexOf("?>");
      s = s.substring(end + 2).strip();
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String scope(String type, String value, String identifier) {
    return "      <Scope><Type>" + type + "</Type><InstanceIdentifier>" + esc(value)
        + "</InstanceIdentifier>"
        + (identifier == null ? "" : "<Identifier>" + identifier + "</Identifier>")
        + "</Scope>\n";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
