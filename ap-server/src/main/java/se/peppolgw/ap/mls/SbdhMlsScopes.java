package se.peppolgw.ap.mls;

import com.helger.peppol.sbdh.EPeppolMLSType;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The MLS scopes of a received SBDH (Peppol Business Message Envelope 2.0.2, BusinessScope):
 * {@code MLS_TO} (InstanceIdentifier: the service provider participant to send the MLS to,
 * Identifier: its scheme, {@code iso6523-actorid-upis}) and {@code MLS_TYPE} (ALWAYS_SEND or
 * FAILURE_ONLY). Read with a streaming parser that stops at the end of the header, so the business
 * document is not parsed again.
 *
 * @param mlsTo the MLS_TO participant value (e.g. {@code 0242:000123}), or null when absent
 * @param mlsToScheme the MLS_TO Identifier, or null
 * @param mlsType the MLS_TYPE, or null when absent or unknown
 * @param mlsTypeText the MLS_TYPE as written, or null when absent
 */
public record SbdhMlsScopes(String mlsTo, String mlsToScheme, EPeppolMLSType mlsType, String mlsTypeText) {
  private static final String SBDH_NS =
      "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";

  /**
   * What the sender asked for: MLS_TYPE, or ALWAYS_SEND when it is absent (the SBDH 2.0.2 / MLS
   * default; peppol-commons' {@link EPeppolMLSType#DEFAULT} says the same).
   */
  public EPeppolMLSType effectiveType() {
    return mlsType == null ? EPeppolMLSType.DEFAULT : mlsType;
  }

  public static SbdhMlsScopes read(byte[] sbd) throws XMLStreamException {
    XMLStreamReader r = se.peppolgw.ap.sbd.SafeXml.staxReader(sbd);
    String to = null;
    String toScheme = null;
    String typeText = null;
    try {
      String type = null;
      String instance = null;
      String identifier = null;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT && SBDH_NS.equals(r.getNamespaceURI())) {
          switch (r.getLocalName()) {
            case "Scope" -> {
              type = null;
              instance = null;
              identifier = null;
            }
            case "Type" -> type = r.getElementText().trim();
            case "InstanceIdentifier" -> instance = r.getElementText().trim();
            case "Identifier" -> identifier = r.getElementText().trim();
            default -> {
              // other header elements are not needed here
            }
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT && SBDH_NS.equals(r.getNamespaceURI())) {
          if ("Scope".equals(r.getLocalName())) {
            if ("MLS_TO".equals(type) && to == null) {
              to = instance;
              toScheme = identifier;
            } else if ("MLS_TYPE".equals(type) && typeText == null) {
              typeText = instance;
            }
          } else if ("StandardBusinessDocumentHeader".equals(r.getLocalName())) {
            break;
          }
        }
      }
    } finally {
      r.close();
    }
    return new SbdhMlsScopes(
        to, toScheme, typeText == null ? null : EPeppolMLSType.getFromIDOrNull(typeText), typeText);
  }
}
