package se.peppolgw.ap.mls;

import com.helger.datetime.xml.XMLOffsetTime;
import com.helger.ubl21.UBL21Marshaller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import oasis.names.specification.ubl.schema.xsd.applicationresponse_21.ApplicationResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.StatusType;

/**
 * Builds a Peppol Message Level Status (Peppol MLS 1.0: a UBL 2.1 ApplicationResponse) with
 * ph-ubl's JAXB types and returns its bytes (UTF-8). The content follows the MLS syntax binding;
 * the Schematron rule each part satisfies is named where it is set.
 */
public final class MlsBuilder {
  /** cbc:CustomizationID of every MLS (SCH-MLS-01). */
  public static final String CUSTOMIZATION_ID = "urn:peppol:edec:mls:1.0";
  /** cbc:ProfileID, also the Peppol process identifier of the MLS (SCH-MLS-02). */
  public static final String PROFILE_ID = "urn:peppol:edec:mls";
  /** The Peppol document type identifier of the MLS (busdox-docid-qns). */
  public static final String DOCUMENT_TYPE_ID =
      "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##"
          + CUSTOMIZATION_ID + "::2.1";

  private MlsBuilder() {}

  /**
   * One issue of the received document.
   *
   * @param location where in the received document (an XPath, or line/column); never empty
   *     (SCH-MLS-27): "unknown" when the validator gave none
   * @param description what is wrong, with the rule id
   */
  public record Issue(String location, String description, MlsStatusReason reason) {
    public Issue {
      Objects.requireNonNull(reason, "reason");
      location = location == null || location.isBlank() ? "unknown" : location;
      description = description == null || description.isBlank() ? "(no text)" : description;
    }
  }

  /**
   * Everything an MLS says.
   *
   * @param id the MLS's own identifier (cbc:ID)
   * @param sender the service provider participant sending the MLS, e.g. {@code 0242:000123}
   * @param receiver the service provider participant the MLS goes to (MLS_TO or the fallback)
   * @param referencedSbdhInstanceId the SBDH InstanceIdentifier of the document answered (BT-012)
   * @param description the overall text; required for RE (SCH-MLS-20/21), may be null otherwise
   */
  public record Content(
      String id,
      Instant issued,
      String sender,
      String receiver,
      MlsResponseCode code,
      String referencedSbdhInstanceId,
      String description,
      List<Issue> issues) {
    public Content {
      issues = List.copyOf(issues);
      if (code == MlsResponseCode.RE && issues.stream().noneMatch(i -> i.reason().isFailure())) {
        throw new IllegalArgumentException("a negative MLS needs at least one failure (SCH-MLS-24)");
      }
      if (code != MlsResponseCode.RE && issues.stream().anyMatch(i -> i.reason().isFailure())) {
        throw new IllegalArgumentException("a positive MLS must not carry failures (SCH-MLS-25)");
      }
    }
  }

  public static byte[] build(Content c) {
    ApplicationResponseType ar = new ApplicationResponseType();
    ar.setCustomizationID(CUSTOMIZATION_ID);
    ar.setProfileID(PROFILE_ID);
    ar.setID(c.id());
    // IssueDate without zone (SCH-MLS-04), IssueTime with one, in UTC (SCH-MLS-05/06)
    Instant issued = c.issued().truncatedTo(ChronoUnit.SECONDS);
    ar.setIssueDate(LocalDate.ofInstant(issued, ZoneOffset.UTC));
    ar.setIssueTime(XMLOffsetTime.ofInstant(issued, ZoneOffset.UTC));
    ar.setSenderParty(party(c.sender()));
    ar.setReceiverParty(party(c.receiver()));

    DocumentResponseType dr = new DocumentResponseType();
    ResponseType overall = new ResponseType();
    overall.setResponseCode(c.code().name());
    if (c.description() != null && !c.description().isBlank()) {
      overall.addDescription(
          new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType(
              c.description()));
    }
    dr.setResponse(overall);
    // exactly one reference: the SBDH InstanceIdentifier of the answered document (SCH-MLS-22/26)
    DocumentReferenceType ref = new DocumentReferenceType();
    ref.setID(c.referencedSbdhInstanceId());
    dr.addDocumentReference(ref);
    for (Issue i : c.issues()) {
      LineResponseType line = new LineResponseType();
      LineReferenceType where = new LineReferenceType();
      where.setLineID(i.location());
      line.setLineReference(where);
      ResponseType r = new ResponseType();
      r.addDescription(
          new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType(
              i.description()));
      StatusType status = new StatusType();
      status.setStatusReasonCode(i.reason().name());
      r.addStatus(status);
      line.addResponse(r);
      dr.addLineResponse(line);
    }
    ar.addDocumentResponse(dr);
    byte[] bytes = UBL21Marshaller.applicationResponse().setFormattedOutput(true).getAsBytes(ar);
    if (bytes == null) {
      throw new IllegalStateException("the MLS could not be written as UBL 2.1");
    }
    return bytes;
  }

  /** cbc:EndpointID with its scheme (SCH-MLS-07..16): {@code 0242:000123} → 000123, 0242. */
  private static PartyType party(String participant) {
    int colon = participant.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a participant identifier value: " + participant);
    }
    PartyType p = new PartyType();
    p.setEndpointID(participant.substring(colon + 1)).setSchemeID(participant.substring(0, colon));
    return p;
  }
}
