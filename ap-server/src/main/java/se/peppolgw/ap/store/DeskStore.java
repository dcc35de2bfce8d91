package se.peppolgw.ap.store;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The desk's document chain per received order (V68). */
public final class DeskStore {
  private final Database db;
  private final Clock clock;

  public DeskStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A document the desk submitted for an order, with its lines and the state of its transmission
   * (null when the transmission was purged).
   *
   * @param kind a {@code DeskDocumentKind} name
   * @param lines per order line id: quantity and, when it differs from the order, the article
   */
  public record ChainDocument(
      String transmissionId,
      String orderTransmissionId,
      String kind,
      String documentId,
      String responseCode,
      String creditedInvoice,
      LocalDate issueDate,
      String createdBy,
      Instant createdAt,
      TransmissionState state,
      Map<String, ChainLine> lines) {}

  /** One line of a chain document. */
  public record ChainLine(BigDecimal quantity, String article) {}

  /** Records a document just submitted (its transmission exists). */
  public void record(ChainDocument d) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c -> {
          Jdbc.update(
              c,
              "INSERT INTO desk_document (transmission_id, order_transmission_id, kind, document_id,"
                  + " response_code, credited_invoice, issue_date, created_by, created_at)"
                  + " VALUES (?,?,?,?,?,?,?,?,?)",
              d.transmissionId(), d.orderTransmissionId(), d.kind(), d.documentId(), d.responseCode(),
              d.creditedInvoice(), Date.valueOf(d.issueDate()), d.createdBy(), now);
          for (Map.Entry<String, ChainLine> e : d.lines().entrySet()) {
            Jdbc.update(
                c,
                "INSERT INTO desk_document_line (transmission_id, line_id, quantity, article) VALUES (?,?,?,?)",
                d.transmissionId(), e.getKey(), e.getValue().quantity(), e.getValue().article());
          }
          return null;
        });
  }

  /** The desk's documents for the order, oldest first. */
  public List<ChainDocument> chain(String orderTransmissionId) {
    return Jdbc.inTransaction(
        db,
        c -> {
          Map<String, ChainDocument> docs = new LinkedHashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT d.transmission_id, d.kind, d.document_id, d.response_code, d.credited_invoice,"
                      + " d.issue_date, d.created_by, d.created_at, t.state"
                      + " FROM desk_document d LEFT JOIN transmission t ON t.id = d.transmission_id"
                      + " WHERE d.order_transmission_id = ? ORDER BY d.created_at, d.transmission_id")) {
            Jdbc.bind(ps, orderTransmissionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String state = rs.getString("state");
                docs.put(
                    rs.getString("transmission_id"),
                    new ChainDocument(
                        rs.getString("transmission_id"),
                        orderTransmissionId,
                        rs.getString("kind"),
                        rs.getString("document_id"),
                        rs.getString("response_code"),
                        rs.getString("credited_invoice"),
                        rs.getDate("issue_date").toLocalDate(),
                        rs.getString("created_by"),
                        Jdbc.instant(rs, "created_at"),
                        state == null ? null : TransmissionState.valueOf(state),
                        new LinkedHashMap<>()));
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT l.transmission_id, l.line_id, l.quantity, l.article FROM desk_document_line l"
                      + " JOIN desk_document d ON d.transmission_id = l.transmission_id"
                      + " WHERE d.order_transmission_id = ? ORDER BY l.transmission_id, l.line_id")) {
            Jdbc.bind(ps, orderTransmissionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ChainDocument d = docs.get(rs.getString("transmission_id"));
                if (d != null) {
                  d.lines().put(rs.getString("line_id"), new ChainLine(rs.getBigDecimal("quantity"), rs.getString("article")));
                }
              }
            }
          }
          List<ChainDocument> out = new ArrayList<>();
          for (ChainDocument d : docs.values()) {
            out.add(
                new ChainDocument(
                    d.transmissionId(), d.orderTransmissionId(), d.kind(), d.documentId(), d.responseCode(),
                    d.creditedInvoice(), d.issueDate(), d.createdBy(), d.createdAt(), d.state(),
                    java.util.Collections.unmodifiableMap(d.lines())));
          }
          return out;
        });
  }

  /** An order this gateway received: its transmission, who sent it, its document type. */
  public record ReceivedOrderRef(String transmissionId, String senderId, String documentTypeId) {}

  /** The received documents with this business id (order number), not counting duplicates and refusals. */
  public List<ReceivedOrderRef> received(String businessId) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<ReceivedOrderRef> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, sender_id, doctype_id FROM transmission WHERE direction = " + Jdbc.lit(Direction.IN) + " AND business_id = ?"
                      + " AND state NOT IN " + Jdbc.in(TransmissionState.DUPLICATE, TransmissionState.REJECTED) + " ORDER BY seq")) {
            Jdbc.bind(ps, businessId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new ReceivedOrderRef(rs.getString("id"), rs.getString("sender_id"), rs.getString("doctype_id")));
              }
            }
          }
          return out;
        });
  }
}
