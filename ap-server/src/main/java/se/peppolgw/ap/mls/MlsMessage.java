package se.peppolgw.ap.mls;

import java.util.List;

/**
 * A received MLS, understood.
 *
 * @param mlsId the MLS's own cbc:ID (SCH-MLS-03)
 * @param senderServiceProvider cac:SenderParty/cbc:EndpointID with its scheme, the C3 that answers
 * @param receiverServiceProvider cac:ReceiverParty/cbc:EndpointID with its scheme (us, as C2)
 * @param referencedInstanceId cac:DocumentResponse/cac:DocumentReference/cbc:ID: the SBDH
 *     InstanceIdentifier of the document answered (SCH-MLS-22)
 * @param code the overall response code
 * @param description the overall description (mandatory for RE, SCH-MLS-20/21), or null
 * @param reasons each issue (cac:LineResponse), in document order; at least one for RE (SCH-MLS-23)
 */
public record MlsMessage(
    String mlsId,
    String senderServiceProvider,
    String receiverServiceProvider,
    String referencedInstanceId,
    MlsResponseCode code,
    String description,
    List<Reason> reasons) {

  public MlsMessage {
    reasons = List.copyOf(reasons);
  }

  /**
   * One issue of the MLS.
   *
   * @param ruleId the rule that failed (e.g. {@code BR-CO-15}), or null when the issue names none
   * @param description what is wrong, in the receiving access point's words
   * @param location where (cac:LineReference/cbc:LineID: usually an XPath), or null
   * @param classification cac:Status/cbc:StatusReasonCode (MLS status reason code list: e.g. BV
   *     business rule violation, BW warning, SV syntax violation, FD failure of delivery), or null
   */
  public record Reason(String ruleId, String description, String location, String classification) {

    /** "BR-CO-15: Invoice total … (at /Invoice/cac:LegalMonetaryTotal)", for verdicts and logs. */
    public String plain() {
      StringBuilder sb = new StringBuilder();
      if (ruleId != null) {
        sb.append(ruleId).append(": ");
      }
      sb.append(description == null || description.isBlank() ? "(no description)" : description);
      if (location != null && !location.isBlank()) {
        sb.append(" (at ").append(location).append(')');
      }
      return sb.toString();
    }
  }
}
