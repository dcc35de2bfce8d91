package se.peppolgw.ap.inbound;

import com.helger.datetime.xml.XMLOffsetDateTime;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppolid.peppol.PeppolIdentifierHelper;
import com.helger.phase4.ebms3header.Ebms3CollaborationInfo;
import com.helger.phase4.ebms3header.Ebms3PartyId;
import com.helger.phase4.ebms3header.Ebms3Property;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.security.certificate.CertificateHelper;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.sbd.InspectedSbd;

/**
 * The checks of the AS4 envelope (eb:Messaging, signed) against the SBD it carries and against
 * this access point: phase4's Peppol servlet steps 9 and 10, made stricter where the profile allows
 * (From is the signer's seat id, To is ours), and ours (not older than the duplicate window, the
 * document is what the SBDH says, the receiver is served here). Every refusal is EBMS:0004.
 */
final class EnvelopeChecks {
  private static final Pattern SEAT_ID = Pattern.compile(PeppolIdentifierHelper.REGEX_SEAT_ID);

  private EnvelopeChecks() {}

  /**
   * Ours, after the signature check (eb:Messaging and so its Timestamp are signed): a message
   * older than the duplicate window is refused. The register has forgotten such a message, so a
   * replay of captured bytes would otherwise be received and handed over a second time; a genuine
   * sender never sends a message weeks after creating it (its retries come within minutes).
   */
  static void notOlderThanDuplicateWindow(Ebms3UserMessage um, Clock clock, Duration window)
      throws Rejection {
    XMLOffsetDateTime ts = um.getMessageInfo().getTimestamp();
    if (ts == null) {
      return; // required by the ebMS schema; phase4 refuses its absence before we run
    }
    Instant sent = ts.toInstant();
    Instant oldest = clock.instant().minus(window);
    if (sent.isBefore(oldest)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The message was created at " + sent + ", more than "
              + window.toDays() + " days ago: it can no longer be told apart"
              + " from a replay and is refused; send the document again as a new message");
    }
  }

  /** Step 9: originalSender / finalRecipient must exist, have a type, and match the SBDH. */
  static void propertiesMatchSbdh(Ebms3UserMessage um, PeppolSBDHData sbdh) throws Rejection {
    checkProperty(um, "originalSender", sbdh.getSenderScheme(), sbdh.getSenderValue());
    checkProperty(um, "finalRecipient", sbdh.getReceiverScheme(), sbdh.getReceiverValue());
  }

  private static void checkProperty(
      Ebms3UserMessage um, String name, String scheme, String value) throws Rejection {
    List<Ebms3Property> props =
        um.getMessageProperties() == null ? List.of() : um.getMessageProperties().getProperty();
    Ebms3Property p =
        props.stream().filter(x -> name.equals(x.getName())).findFirst().orElse(null);
    if (p == null) {
      throw new Rejection(EEbmsError.EBMS_OTHER, "The message property '" + name + "' is missing");
    }
    if (p.getType() == null || p.getType().isBlank()) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "The message property '" + name + "' has no type attribute");
    }
    if (!p.getType().equals(scheme) || !p.getValue().trim().equalsIgnoreCase(value)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The message property '" + name + "' (" + p.getType() + "::" + p.getValue()
              + ") does not match the SBDH (" + scheme + "::" + value + ")");
    }
  }

  /**
   * Step 10: one From and one To PartyId, each a Peppol seat id of the AP type. Beyond phase4's
   * servlet (which checks only the form): the Peppol AS4 profile makes the PartyId the seat id,
   * i.e. the CN of the AP certificate, so From must be the CN of the certificate that signed the
   * message and To must be our own seat id. Otherwise an access point could sign in another AP's
   * name, or a message addressed to another AP would be accepted here. Same code as step 10.
   */
  static void parties(Ebms3UserMessage um, X509Certificate signingCert, String ownSeatId)
      throws Rejection {
    String from = checkParty("From", um.getPartyInfo().getFrom().getPartyId());
    String to = checkParty("To", um.getPartyInfo().getTo().getPartyId());
    String signer = CertificateHelper.getSubjectCN(signingCert);
    if (!from.equals(signer)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "From PartyId '" + from + "' is not the seat id of the certificate that signed the"
              + " message (CN '" + signer + "')");
    }
    if (!to.equals(ownSeatId)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "To PartyId '" + to + "' is not this access point (seat id " + ownSeatId + ")");
    }
  }

  /** Returns the PartyId's value once it passed. */
  private static String checkParty(String which, List<Ebms3PartyId> ids) throws Rejection {
    if (ids.size() != 1) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, which + " must carry exactly one PartyId, found " + ids.size());
    }
    Ebms3PartyId id = ids.get(0);
    if (!PeppolPMode.DEFAULT_PARTY_TYPE_ID.equals(id.getType())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          which + " PartyId type must be " + PeppolPMode.DEFAULT_PARTY_TYPE_ID + ", found "
              + id.getType());
    }
    if (id.getValue() == null || !SEAT_ID.matcher(id.getValue()).matches()) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          which + " PartyId '" + id.getValue() + "' is not a Peppol seat id (e.g. PSE000123)");
    }
    return id.getValue();
  }

  /** Action names the document type and Service the process, as in the SBDH. */
  static void collaborationInfo(Ebms3CollaborationInfo ci, PeppolSBDHData sbdh) throws Rejection {
    String action = ci.getAction();
    if (action == null || !stripScheme(action).equals(sbdh.getDocumentTypeValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The AS4 Action '" + action + "' does not match the SBDH document type '"
              + sbdh.getDocumentTypeValue() + "'");
    }
    String service = ci.getService() == null ? null : ci.getService().getValue();
    if (service == null || !stripScheme(service).equals(sbdh.getProcessValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The AS4 Service '" + service + "' does not match the SBDH process '"
              + sbdh.getProcessValue() + "'");
    }
  }

  private static String stripScheme(String v) {
    int i = v.indexOf("::");
    // a scheme prefix like busdox-docid-qns:: has no colon before the double colon
    if (i > 0 && v.substring(0, i).indexOf(':') < 0) {
      return v.substring(i + 2);
    }
    return v;
  }

  /** The document must be what the SBDH says it is (root namespace and element). */
  static void documentMatchesType(InspectedSbd doc, PeppolSBDHData sbdh) throws Rejection {
    String expectedPrefix = doc.rootNamespace() + "::" + doc.rootLocalName() + "##";
    if (!sbdh.getDocumentTypeValue().startsWith(expectedPrefix)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The business document ({" + doc.rootNamespace() + "}" + doc.rootLocalName()
              + ") is not of the document type named in the SBDH ("
              + sbdh.getDocumentTypeValue() + ")");
    }
  }

  /**
   * Our own receiver check: we serve the participant, and it accepts the document type. Refused
   * with the {@link Rejection#NOT_SERVICED} detail the Peppol AS4 profile asks for.
   */
  static void receiverServed(PeppolSBDHData sbdh, List<ServedParticipant> participants)
      throws Rejection {
    String receiver = sbdh.getReceiverValue();
    ServedParticipant served =
        participants.stream()
            .filter(p -> p.isParticipant(receiver))
            .findFirst()
            .orElseThrow(
                () ->
                    new Rejection(
                        EEbmsError.EBMS_OTHER,
                        Rejection.NOT_SERVICED + " The receiver " + receiver
                            + " is not served by this access point"));
    if (!served.accepts(sbdh.getDocumentTypeValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          Rejection.NOT_SERVICED + " The receiver " + receiver + " does not accept the document type "
              + sbdh.getDocumentTypeValue());
    }
  }
}
