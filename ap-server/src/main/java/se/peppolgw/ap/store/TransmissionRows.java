package se.peppolgw.ap.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * The one place that knows how a {@link Transmission} is laid out in table {@code transmission}:
 * the column list every read selects, the row mapper, and how the {@link BusinessFacts} are
 * written. A new fact is a column here (and in a migration), nowhere else in the store.
 */
final class TransmissionRows {
  /** The columns of {@link BusinessFacts}, in the order of its components. */
  static final String FACT_COLUMNS = "business_id, order_ref, buyer_ref";

  private static final int FACT_WIDTH = 200;

  /** Every column of {@link Transmission}, for {@code SELECT}. */
  static final String COLUMNS =
      "seq, id, direction, state, as4_message_id, as4_conversation_id, sbdh_instance_id,"
          + " sender_id, receiver_id, doctype_id, process_id, c1_country, remote_ap,"
          + " remote_address, " + FACT_COLUMNS + ", sbd_size, sbd_sha256,"
          + " document_size, document_sha256, duplicate_of, error_code, error_detail, created_at,"
          + " updated_at, handed_over_at, acked_at, business_duplicate_of";

  /** {@link #COLUMNS} of the transmission aliased {@code t}, for a {@code SELECT} that joins it. */
  static final String T_COLUMNS =
      java.util.Arrays.stream(COLUMNS.split(","))
          .map(column -> "t." + column.trim())
          .collect(java.util.stream.Collectors.joining(", "));

  private TransmissionRows() {}

  static Transmission map(ResultSet rs) throws SQLException {
    return new Transmission(
        rs.getLong("seq"),
        rs.getString("id"),
        Direction.valueOf(rs.getString("direction")),
        TransmissionState.valueOf(rs.getString("state")),
        rs.getString("as4_message_id"),
        rs.getString("as4_conversation_id"),
        rs.getString("sbdh_instance_id"),
        rs.getString("sender_id"),
        rs.getString("receiver_id"),
        rs.getString("doctype_id"),
        rs.getString("process_id"),
        rs.getString("c1_country"),
        rs.getString("remote_ap"),
        rs.getString("remote_address"),
        facts(rs),
        Jdbc.longOrNull(rs, "sbd_size"),
        rs.getString("sbd_sha256"),
        Jdbc.longOrNull(rs, "document_size"),
        rs.getString("document_sha256"),
        rs.getString("duplicate_of"),
        rs.getString("error_code"),
        rs.getString("error_detail"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"),
        Jdbc.instant(rs, "handed_over_at"),
        Jdbc.instant(rs, "acked_at"),
        rs.getString("business_duplicate_of"));
  }

  static BusinessFacts facts(ResultSet rs) throws SQLException {
    return new BusinessFacts(rs.getString("business_id"), rs.getString("order_ref"), rs.getString("buyer_ref"));
  }

  /**
   * {@code INSERT INTO transmission} of {@code columns} followed by the {@link #FACT_COLUMNS};
   * bind it with {@link #withFacts}.
   */
  static String insert(String columns) {
    int n = columns.split(",").length + FACT_COLUMNS.split(",").length;
    return "INSERT INTO transmission (" + columns + ", " + FACT_COLUMNS + ") VALUES ("
        + String.join(",", Collections.nCopies(n, "?")) + ")";
  }

  /** {@code values} followed by the facts' values (cut to their columns' width). */
  static Object[] withFacts(BusinessFacts facts, Object... values) {
    BusinessFacts f = BusinessFacts.orNone(facts);
    Object[] out = Arrays.copyOf(values, values.length + 3);
    out[values.length] = TransmissionWrites.truncate(f.businessId(), FACT_WIDTH);
    out[values.length + 1] = TransmissionWrites.truncate(f.orderRef(), FACT_WIDTH);
    out[values.length + 2] = TransmissionWrites.truncate(f.buyerRef(), FACT_WIDTH);
    return out;
  }
}
