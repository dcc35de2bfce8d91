package se.peppolgw.ap.mls;

import com.helger.ubl21.UBL21Marshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import oasis.names.specification.ubl.schema.xsd.applicationresponse_21.ApplicationResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.StatusType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.StatusReasonType;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import se.peppolgw.ap.sbd.SafeXml;

/**
 * Reads a received Peppol MLS 1.0 (a UBL 2.1 ApplicationResponse) with ph-ubl: schema-checked,
 * without DTDs or entities, within fixed bounds (an MLS is a few kilobytes; a huge one is an
 * attack or a fault, never stored in full). What the MLS rules require for matching it is checked
 * here with the rule ids; the complete MLS rule set is phive's (validation/PeppolBisValidator).
 */
public final class MlsReader {
  /** Larger documents are refused unread. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  /** Issues beyond this many are counted, not kept. */
  public static final int MAX_REASONS = 200;
  /** Longer texts are cut (with an ellipsis). */
  public static final int MAX_TEXT = 1000;

  /** "[BR-CO-15]-text" / "[BR-CO-15] text": a rule id in front of the description. */
  private static final Pattern BRACKETED_RULE = Pattern.compile("^\\s*\\[([A-Za-z0-9_.\\-]{1,60})\\]\\s*-?\\s*(.*)$", Pattern.DOTALL);

  private MlsReader() {}

  public static MlsMessage read(byte[] document) throws MlsFormatException {
    if (document == null || document.length == 0) {
      throw new MlsFormatException("The MLS is empty");
    }
    if (document.length > MAX_BYTES) {
      throw new MlsFormatException(
          "The MLS is " + document.length + " bytes; at most " + MAX_BYTES + " are read");
    }
    ApplicationResponseType ar = unmarshal(document);
    if (!MlsIds.CUSTOMIZATION_ID.equals(trim(ar.getCustomizationIDValue()))) {
      throw new MlsFormatException(
          "Not an MLS: cbc:CustomizationID is '" + trim(ar.getCustomizationIDValue()) + "', not '"
              + MlsIds.CUSTOMIZATION_ID + "' (SCH-MLS-01)");
    }
    if (ar.getDocumentResponseCount() != 1) {
      throw new MlsFormatException(
          "An MLS has exactly one cac:DocumentResponse (SCH-MLS-17); this one has "
              + ar.getDocumentResponseCount());
    }
    DocumentResponseType dr = ar.getDocumentResponseAtIndex(0);
    if (dr.getDocumentReferenceCount() != 1 || blank(dr.getDocumentReferenceAtIndex(0).getIDValue())) {
      throw new MlsFormatException(
          "An MLS references exactly one document by its SBDH InstanceIdentifier"
              + " (cac:DocumentReference/cbc:ID, SCH-MLS-22); this one has "
              + dr.getDocumentReferenceCount() + " reference(s) or an empty one");
    }
    String reference = trim(dr.getDocumentReferenceAtIndex(0).getIDValue());
    ResponseType response = dr.getResponse();
    String codeValue = response == null ? null : trim(response.getResponseCodeValue());
    MlsResponseCode code =
        MlsResponseCode.of(codeValue)
            .orElseThrow(
                () ->
                    new MlsFormatException(
                        "The MLS response code '" + codeValue + "' is none of AP, AB, RE"
                            + " (SCH-MLS-18, SCH-MLS-19)"));
    List<MlsMessage.Reason> reasons = new ArrayList<>();
    int omitted = 0;
    for (LineResponseType line : dr.getLineResponse()) {
      String location =
          line.getLineReference() == null ? null : cut(trim(line.getLineReference().getLineIDValue()));
      for (ResponseType r : line.getResponse()) {
        if (reasons.size() == MAX_REASONS) {
          omitted++;
          continue;
        }
        reasons.add(reason(r, location));
      }
    }
    if (omitted > 0) {
      reasons.add(new MlsMessage.Reason(null, omitted + " further issue(s) not kept", null, null));
    }
    return new MlsMessage(
        cut(trim(ar.getIDValue())),
        endpoint(ar.getSenderParty()),
        endpoint(ar.getReceiverParty()),
        reference,
        code,
        response == null ? null : cut(firstDescription(response.getDescription())),
        reasons);
  }

  private static ApplicationResponseType unmarshal(byte[] document) throws MlsFormatException {
    Document dom;
    try {
      dom = SafeXml.documentBuilder().parse(new ByteArrayInputStream(document));
    } catch (SAXException e) {
      throw new MlsFormatException(
          SafeXml.isDoctypeRefusal(e)
              ? "The MLS contains a DOCTYPE declaration; DTDs are not allowed"
              : "The MLS is not well-formed XML: " + e.getMessage());
    } catch (ParserConfigurationException | IOException e) {
      throw new MlsFormatException("The MLS could not be read: " + e.getMessage());
    }
    String root = dom.getDocumentElement().getLocalName();
    if (!"ApplicationResponse".equals(root)) {
      throw new MlsFormatException(
          "Not an MLS: the root element is " + root + ", not a UBL ApplicationResponse");
    }
    List<String> problems = new ArrayList<>();
    var marshaller = UBL21Marshaller.applicationResponse();
    marshaller.setValidationEventHandler(
        event -> {
          if (event.getSeverity() == ValidationEvent.WARNING) {
            return true;
          }
          problems.add(event.getMessage());
          return false;
        });
    marshaller.readExceptionCallbacks().set(e -> problems.add(e.getMessage()));
    ApplicationResponseType ar = marshaller.read(dom);
    if (ar == null) {
      throw new MlsFormatException(
          "The MLS is not a valid UBL 2.1 ApplicationResponse: "
              + (problems.isEmpty() ? "unreadable" : cut(String.join("; ", problems))));
    }
    return ar;
  }

  private static MlsMessage.Reason reason(ResponseType r, String location) {
    String description = firstDescription(r.getDescription());
    String classification = null;
    String ruleId = null;
    if (r.getStatusCount() > 0) {
      StatusType s = r.getStatusAtIndex(0);
      classification = trim(s.getStatusReasonCodeValue());
      for (StatusReasonType sr : s.getStatusReason()) {
        if (!blank(sr.getValue())) {
          ruleId = trim(sr.getValue());
          break;
        }
      }
    }
    if (ruleId == null && description != null) {
      Matcher m = BRACKETED_RULE.matcher(description);
      if (m.matches()) {
        ruleId = m.group(1);
        description = m.group(2);
      }
    }
    return new MlsMessage.Reason(cut(ruleId), cut(trim(description)), location, cut(classification));
  }

  private static String endpoint(PartyType party) {
    if (party == null || party.getEndpointID() == null || blank(party.getEndpointID().getValue())) {
      return null;
    }
    String scheme = trim(party.getEndpointID().getSchemeID());
    String value = trim(party.getEndpointID().getValue());
    return cut(scheme == null ? value : scheme + ":" + value);
  }

  private static String firstDescription(List<DescriptionType> descriptions) {
    for (DescriptionType d : descriptions) {
      if (!blank(d.getValue())) {
        return trim(d.getValue());
      }
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trim(String s) {
    return blank(s) ? null : s.trim();
  }

  private static String cut(String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
