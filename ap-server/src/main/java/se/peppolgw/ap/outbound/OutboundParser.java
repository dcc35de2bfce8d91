package se.peppolgw.ap.outbound;

import com.helger.peppol.sbdh.EPeppolMLSType;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReadException;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import se.peppolgw.ap.mls.MlsIds;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.sbd.SbdFormatException;
import se.peppolgw.ap.sbd.SbdInspector;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * Turns submitted bytes (a UBL document or a complete SBD) into a {@link ParsedOutbound}: derives
 * the routing from the document, applies the caller's overrides, and names every missing or
 * invalid piece in a 400.
 */
public final class OutboundParser {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;

  private final String defaultCountryC1;
  private final Clock clock;
  private final MlsSettings mls;

  /**
   * @param defaultCountryC1 used when neither the request nor the sender party gives a country;
   *     may be null
   */
  public OutboundParser(String defaultCountryC1, Clock clock) {
    this(defaultCountryC1, clock, null);
  }

  /**
   * @param mls what to write into the SBDH's MLS_TO / MLS_TYPE scopes; null writes neither (for
   *     tests of other things)
   */
  public OutboundParser(String defaultCountryC1, Clock clock, MlsSettings mls) {
    this.defaultCountryC1 = defaultCountryC1;
    this.clock = clock;
    this.mls = mls;
  }

  public ParsedOutbound parse(byte[] body, RoutingOverrides overrides) throws OutboundRejection {
    if (body == null || body.length == 0) {
      throw new OutboundRejection(
          400, "Empty request", "Send the UBL document or the SBD as the request body");
    }
    Document dom = parseXml(body);
    String ns = dom.getDocumentElement().getNamespaceURI();
    if (SbdInspector.SBDH_NS.equals(ns)) {
      return parseSbd(body, overrides);
    }
    if (ns == null || !ns.startsWith(UblFacts.UBL_NS_PREFIX)) {
      throw new OutboundRejection(
          400,
          "Not a UBL document",
          "The body is neither a UBL 2.1 document nor a Standard Business Document (root element {"
              + ns + "}" + dom.getDocumentElement().getLocalName() + ")");
    }
    return parseUbl(body, dom, overrides);
  }

  private static Document parseXml(byte[] body) throws OutboundRejection {
    try {
      return SafeXml.documentBuilder().parse(new ByteArrayInputStream(body));
    } catch (SAXException e) {
      if (SafeXml.isDoctypeRefusal(e)) {
        throw new OutboundRejection(
            400,
            "DOCTYPE not allowed",
            "The document contains a DOCTYPE declaration; DTDs and entities are not allowed in Peppol"
                + " documents");
      }
      throw new OutboundRejection(400, "Not well-formed XML", e.getMessage());
    } catch (ParserConfigurationException | IOException e) {
      throw new OutboundRejection(400, "Unreadable document", e.getMessage());
    }
  }

  private ParsedOutbound parseUbl(byte[] body, Document dom, RoutingOverrides o)
      throws OutboundRejection {
    UblFacts f = UblFacts.of(dom);
    String docType = o.documentTypeId();
    if (docType == null && f.customizationId() != null) {
      String version = f.ublVersion() == null ? "2.1" : f.ublVersion();
      docType =
          f.rootNamespace() + "::" + f.rootLocalName() + "##" + f.customizationId() + "::" + version;
    }
    Routing r =
        new Routing(
            lower(first(o.senderId(), f.senderEndpoint())),
            lower(first(o.receiverId(), f.receiverEndpoint())),
            docType,
            first(o.processId(), f.profileId()),
            first(o.countryC1(), f.senderCountry(), defaultCountryC1));
    checkRouting(r, f.rootLocalName());

    byte[] document = rootElementOnward(SbdWriter.bodyOf(body));
    String instanceId = UUID.randomUUID().toString();
    // every SBDH we write asks for an MLS, except an MLS's own (never answered with an MLS)
    String mlsType =
        mls == null ? null : mls.typeFor(r.documentTypeId()).map(EPeppolMLSType::getID).orElse(null);
    byte[] sbd =
        SbdWriter.write(
            new SbdWriter.Header(
                r.senderId(),
                r.receiverId(),
                r.documentTypeId(),
                r.processId(),
                r.countryC1(),
                instanceId,
                clock.instant(),
                f.rootNamespace(),
                f.rootLocalName(),
                mlsType == null ? null : mls.serviceProviderId(),
                mlsType),
            document);
    return new ParsedOutbound(
        r, instanceId, sbd, document, f.rootLocalName(), f.customizationId(), f.facts(),
        false, f.issueDate(), mlsType);
  }

  /**
   * The MLS a caller's own SBDH asks of the receiver, as far as it comes to us: absent MLS_TYPE
   * means ALWAYS_SEND (MLS specification ch. 4); an MLS_TO naming another service provider sends
   * the answer there, so we expect none.
   */
  private String expectedMlsType(PeppolSBDHData data) {
    if (MlsIds.isMls(data.getDocumentTypeValue())) {
      return null;
    }
    if (data.hasMLSToValue() && (mls == null || !data.getMLSToValue().equalsIgnoreCase(mls.serviceProviderId()))) {
      return null;
    }
    return (data.hasMLSType() ? data.getMLSType() : EPeppolMLSType.DEFAULT).getID();
  }

  private ParsedOutbound parseSbd(byte[] body, RoutingOverrides o) throws OutboundRejection {
    if (!o.isEmpty()) {
      throw new OutboundRejection(
          400,
          "Routing parameters not allowed with an SBD",
          "The routing of a complete SBD is its header; send the bare UBL document to set or"
              + " override routing with query parameters");
    }
    InspectedSbd inspected;
    try {
      inspected = SbdInspector.inspect(body);
    } catch (SbdFormatException e) {
      throw new OutboundRejection(400, "Invalid SBD", e.getMessage());
    }
    PeppolSBDHData data;
    try {
      data = new PeppolSBDHDataReader(IDS).extractData(new ByteArrayInputStream(body));
    } catch (PeppolSBDHDataReadException e) {
      throw new OutboundRejection(
          400, "Invalid SBD header", "The SBDH is not a valid Peppol SBDH: " + e.getMessage());
    }
    Routing r =
        new Routing(
            data.getSenderValue(),
            data.getReceiverValue(),
            data.getDocumentTypeValue(),
            data.getProcessValue(),
            data.getCountryC1());
    checkRouting(r, inspected.rootLocalName());
    return new ParsedOutbound(
        r,
        data.getInstanceIdentifier(),
        body,
        inspected.document(),
        inspected.rootLocalName(),
        inspected.customizationId(),
        BusinessFacts.of(inspected.businessId(), inspected.orderRef(), inspected.buyerRef()),
        true,
        inspected.issueDate(),
        expectedMlsType(data));
  }

  /** Every missing or malformed piece at once, so the caller fixes them in one go. */
  private static void checkRouting(Routing r, String root) throws OutboundRejection {
    Map<String, String> missing = new LinkedHashMap<>();
    if (r.senderId() == null) {
      missing.put(RoutingOverrides.SENDER, "the sender participant: the " + root
          + "'s sending party has no cbc:EndpointID; give it or the query parameter 'sender'");
    }
    if (r.receiverId() == null) {
      missing.put(RoutingOverrides.RECEIVER, "the receiver participant: the " + root
          + "'s receiving party has no cbc:EndpointID; give it or the query parameter 'receiver'");
    }
    if (r.documentTypeId() == null) {
      missing.put(RoutingOverrides.DOCUMENT_TYPE, "the document type: the document has no"
          + " cbc:CustomizationID; give it or the query parameter 'documentType'");
    }
    if (r.processId() == null) {
      missing.put(RoutingOverrides.PROCESS, "the process: the document has no cbc:ProfileID;"
          + " give it or the query parameter 'process'");
    }
    if (r.countryC1() == null) {
      missing.put(RoutingOverrides.COUNTRY_C1, "the sender's country (C1): the sending party has"
          + " no postal country; give the query parameter 'countryC1' or configure"
          + " gateway.outbound.default-country-c1");
    }
    if (!missing.isEmpty()) {
      throw new OutboundRejection(
          400,
          "Routing incomplete",
          "Missing: " + String.join("; ", missing.values()),
          Map.of("missing", List.copyOf(missing.keySet())));
    }
    List<String> invalid = new ArrayList<>();
    if (IDS.createParticipantIdentifierWithDefaultScheme(r.senderId()) == null) {
      invalid.add("sender '" + r.senderId() + "' is not a Peppol participant identifier (e.g. 0088:7300009025069)");
    }
    if (IDS.createParticipantIdentifierWithDefaultScheme(r.receiverId()) == null) {
      invalid.add("receiver '" + r.receiverId() + "' is not a Peppol participant identifier");
    }
    if (IDS.createDocumentTypeIdentifierWithDefaultScheme(r.documentTypeId()) == null) {
      invalid.add("documentType '" + r.documentTypeId() + "' is not a Peppol document type identifier");
    }
    if (IDS.createProcessIdentifierWithDefaultScheme(r.processId()) == null) {
      invalid.add("process '" + r.processId() + "' is not a Peppol process identifier");
    }
    if (!COUNTRY.matcher(r.countryC1()).matches()) {
      invalid.add("countryC1 '" + r.countryC1() + "' is not an ISO 3166-1 alpha-2 code (e.g. SE)");
    }
    if (!invalid.isEmpty()) {
      throw new OutboundRejection(
          400, "Routing invalid", String.join("; ", invalid), Map.of("invalid", invalid));
    }
  }

  /**
   * The document from its root element on: comments and processing instructions before the root
   * would otherwise become siblings of the document inside the SBD, and the receiver's copy of
   * the document would not be the one stored here.
   */
  static byte[] rootElementOnward(byte[] document) {
    String s = new String(document, StandardCharsets.UTF_8);
    int i = 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (s.startsWith("<!--", i)) {
        int end = s.indexOf("-->", i + 4);
        i = end < 0 ? i : end + 3;
        if (end < 0) {
          break;
        }
      } else if (s.startsWith("<?", i)) {
        int end = s.indexOf("?>", i + 2);
        if (end < 0) {
          break;
        }
        i = end + 2;
      } else {
        break;
      }
    }
    return i == 0 ? document : s.substring(i).getBytes(StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Participant identifiers are case-insensitive in Peppol; store them in one form. */
  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }
}
