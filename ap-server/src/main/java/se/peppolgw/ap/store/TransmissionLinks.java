package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a transmission is linked to, for the operator's detail and chain views: the document chain
 * of an order (by order number), the operator's links between transmissions ({@code
 * transmission_link}, e.g. RESEND, which it also writes) and the kinds of payload stored for one.
 */
public final class TransmissionLinks {
  private final TransmissionReads reads;
  private final Database db;
  private final Clock clock;

  public TransmissionLinks(Database db, Clock clock) {
    this.reads = new TransmissionReads(db);
    this.db = db;
    this.clock = clock;
  }

  /**
   * Every transmission that belongs to one order: the order itself (document number = the order
   * number) and every document that references it (OrderReference/ID), oldest first.
   */
  public List<Transmission> chain(String orderNumber) {
    String sql =
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE business_id = ?"
            + " UNION SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE order_ref = ?";
    return reads.rows(sql, orderNumber, orderNumber).stream()
        .sorted(Comparator.comparing(Transmission::createdAt).thenComparingLong(Transmission::seq))
        .limit(1000)
        .toList();
  }

  /** Links to and from this transmission (e.g. RESEND), oldest first. */
  public List<Link> links(String id) {
    List<Link> out =
        new ArrayList<>(
            reads.list(
                "SELECT from_id, to_id, kind, at, actor FROM transmission_link WHERE from_id = ?"
                    + " UNION ALL SELECT from_id, to_id, kind, at, actor FROM transmission_link WHERE to_id = ?",
                rs ->
                    new Link(
                        rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, "at"),
                        rs.getString(5)),
                id,
                id));
    out.sort(Comparator.comparing(Link::at));
    return out;
  }

  /** The kinds of payload stored for a transmission, without reading the bytes. */
  public List<PayloadKind> payloadKinds(String id) {
    List<PayloadKind> out =
        new ArrayList<>(
            reads.list(
                "SELECT DISTINCT kind FROM payload WHERE transmission_id = ?",
                rs -> PayloadKind.valueOf(rs.getString(1)),
                id));
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** {@code from} was followed by {@code to} (kind e.g. RESEND); written by operator actions. */
  public record Link(String fromId, String toId, String kind, Instant at, String actor) {}

  public void link(String fromId, String toId, String kind, String actor) {
    try (Connection c = db.connection()) {
      Jdbc.update(
          c,
          "INSERT INTO transmission_link (from_id, to_id, kind, at, actor) VALUES (?,?,?,?,?)",
          fromId,
          toId,
          kind,
          clock.instant(),
          TransmissionWrites.truncate(actor, 100));
    } catch (SQLException e) {
      throw new StoreException("could not link transmissions: " + e.getMessage(), e);
    }
  }
}
