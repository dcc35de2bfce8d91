package se.peppolgw.ap.store;

import com.helger.peppol.reporting.api.PeppolReportingHelper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the Peppol Reporting facts of a transmission in the transaction that records the
 * transmission itself (so a transmission is counted exactly when it exists as exchanged: a crash
 * cannot leave one without the other).
 *
 * <p>Eligibility (Peppol Reporting specification; the library's {@link PeppolReportingHelper}):
 * only business documents actually exchanged — inbound when accepted and stored before the
 * receipt, outbound when delivered — never refused messages, duplicates, undelivered sends or the
 * TSR/EUSR themselves. The callers decide the first part (they call only on those paths); this
 * class leaves out the reports and rows that lack what the reports need.
 */
public final class ReportingCapture {
  private static final Logger LOG = LoggerFactory.getLogger(ReportingCapture.class);

  /** This gateway speaks Peppol AS4 v2 only (the SMP transport profile id). */
  public static final String TRANSPORT_PROTOCOL = "peppol-transport-as4-v2_0";

  public static final String DOCTYPE_SCHEME = "busdox-docid-qns";
  public static final String PROCESS_SCHEME = "cenbii-procid-ubl";

  private final Map<String, String> countryByParticipant;

  /**
   * @param countryByParticipant ISO 3166 country of each served participant (identifier value
   *     with ICD prefix, any case), from {@code gateway.participant.<name>.country}
   */
  public ReportingCapture(Map<String, String> countryByParticipant) {
    Map<String, String> m = new java.util.HashMap<>();
    countryByParticipant.forEach(
        (k, v) -> m.put(k.toLowerCase(Locale.ROOT), v.toUpperCase(Locale.ROOT)));
    this.countryByParticipant = Map.copyOf(m);
  }

  public static ReportingCapture withoutCountries() {
    return new ReportingCapture(Map.of());
  }

  /** The configured country of a served participant. */
  public Optional<String> countryOf(String participantId) {
    return participantId == null
        ? Optional.empty()
        : Optional.ofNullable(countryByParticipant.get(participantId.toLowerCase(Locale.ROOT)));
  }

  /** Whether a document type counts (everything but the two reports themselves). */
  public static boolean eligible(String documentTypeValue) {
    return documentTypeValue != null
        && PeppolReportingHelper.isDocumentTypeEligableForReporting(DOCTYPE_SCHEME, documentTypeValue);
  }

  /**
   * Records an inbound transmission just stored as accepted (not for duplicates or refusals): we
   * are C3, the end user is the receiver (C4), whose country is configured; C1's comes from the
   * SBDH.
   */
  void recordReceived(Connection c, String transmissionId, InboundRecord r, Instant at)
      throws SQLException {
    insert(c, transmissionId, "RECEIVING", at, r.remoteAp(), r.documentTypeId(), r.processId(),
        country(r.c1Country()), countryOf(r.receiverId()).orElse(null), r.receiverId());
  }

  /**
   * Records an outbound transmission that has just become DELIVERED: we are C2, the end user is
   * the sender (C1); C4's country is not known to the sender (the report then says ZZ for it
   * only where the specification asks for it).
   */
  void recordDelivered(Connection c, String transmissionId, String remoteAp, Instant at)
      throws SQLException {
    Optional<Transmission> t = TransmissionWrites.find(c, transmissionId);
    if (t.isEmpty()) {
      return;
    }
    Transmission tx = t.get();
    String c1 = country(tx.c1Country());
    if (c1 == null) {
      c1 = countryOf(tx.senderId()).orElse(null);
    }
    insert(c, transmissionId, "SENDING", at, remoteAp != null ? remoteAp : tx.remoteAp(),
        tx.documentTypeId(), tx.processId(), c1, null, tx.senderId());
  }

  private static void insert(
      Connection c,
      String transmissionId,
      String direction,
      Instant at,
      String counterpart,
      String docType,
      String process,
      String c1,
      String c4,
      String endUser)
      throws SQLException {
    if (!eligible(docType)) {
      return;
    }
    if (counterpart == null || counterpart.isBlank() || process == null || endUser == null) {
      // cannot be reported without these; the inbound checks make this unreachable for accepted
      // messages, so it is worth a line if it happens
      LOG.warn("Transmission {} not recorded for Peppol Reporting: counterpart, process or end user"
          + " missing", transmissionId);
      return;
    }
    Jdbc.update(
        c,
        "INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,"
            + " doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,"
            + " c1_country, c4_country, end_user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        transmissionId,
        direction,
        at,
        TransmissionWrites.truncate(counterpart, 64),
        DOCTYPE_SCHEME,
        TransmissionWrites.truncate(docType, 500),
        PROCESS_SCHEME,
        TransmissionWrites.truncate(process, 200),
        TRANSPORT_PROTOCOL,
        c1,
        c4,
        TransmissionWrites.truncate(endUser, 256));
  }

  /** A valid two-letter country code, upper case, or null. */
  static String country(String s) {
    if (s == null) {
      return null;
    }
    String u = s.trim().toUpperCase(Locale.ROOT);
    return PeppolReportingHelper.isValidCountryCode(u) ? u : null;
  }
}
