package se.peppolgw.ap.mls;

import com.helger.datetime.xml.XMLOffsetTime;
import com.helger.ubl21.UBL21Marshaller;
import java.time.LocalDate;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import oasis.names.specification.ubl.schema.xsd.applicationresponse_21.ApplicationResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.StatusType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.EndpointIDType;

/** MLS documents for tests, built with ph-ubl's ApplicationResponse model as a C3 would. */
public final class TestMls {
  private TestMls() {}

  /** One issue: rule id (in cbc:StatusReason), description, location (cbc:LineID), class code. */
  public record Issue(String ruleId, String description, String location, String classification) {}

  public static byte[] of(String referencedInstanceId, String code, List<Issue> issues) {
    return of("mls-" + referencedInstanceId, "0242:000999", "0242:000001", referencedInstanceId, code,
        code.equals("RE") ? "The document was rejected" : null, issues);
  }

  public static byte[] of(
      String mlsId,
      String sender,
      String receiver,
      String referencedInstanceId,
      String code,
      String description,
      List<Issue> issues) {
    ApplicationResponseType ar = new ApplicationResponseType();
    ar.setCustomizationID(MlsIds.CUSTOMIZATION_ID);
    ar.setProfileID(MlsIds.PROCESS_ID);
    ar.setID(mlsId);
    ar.setIssueDate(LocalDate.of(2026, 12, 6));
    ar.setIssueTime(XMLOffsetTime.of(OffsetTime.of(9, 0, 0, 0, ZoneOffset.UTC)));
    ar.setSenderParty(party(sender));
    ar.setReceiverParty(party(receiver));
    DocumentResponseType dr = new DocumentResponseType();
    ResponseType overall = new ResponseType();
    overall.setResponseCode(code);
    if (description != null) {
      overall.addDescription(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType(description));
    }
    dr.setResponse(overall);
    DocumentReferenceType ref = new DocumentReferenceType();
    ref.setID(referencedInstanceId);
    dr.addDocumentReference(ref);
    for (Issue i : issues) {
      LineResponseType line = new LineResponseType();
      LineReferenceType lr = new LineReferenceType();
      lr.setLineID(i.location());
      line.setLineReference(lr);
      ResponseType r = new ResponseType();
      r.addDescription(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType(i.description()));
      StatusType s = new StatusType();
      s.setStatusReasonCode(i.classification());
      if (i.ruleId() != null) {
        s.addStatusReason(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.StatusReasonType(i.ruleId()));
      }
      r.addStatus(s);
      line.addResponse(r);
      dr.addLineResponse(line);
    }
    ar.addDocumentResponse(dr);
    byte[] bytes = UBL21Marshaller.applicationResponse().getAsBytes(ar);
    if (bytes == null) {
      throw new IllegalStateException("ph-ubl could not write the test MLS");
    }
    return bytes;
  }

  private static PartyType party(String spId) {
    PartyType p = new PartyType();
    int colon = spId.indexOf(':');
    EndpointIDType e = new EndpointIDType(spId.substring(colon + 1));
    e.setSchemeID(spId.substring(0, colon));
    p.setEndpointID(e);
    return p;
  }
}
