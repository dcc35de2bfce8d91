package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements every writer of the transmission log shares, inside the caller's transaction: a
 * timeline event, a payload (whole or a slice of another), the row read back by id, a list of rows,
 * and the truncation to a column's width. The inbound store ({@link TransmissionStore}), the inbox
 * ({@link InboxStore}), the outbox classes and the stores that note on a transmission's timeline
 * (validation, MLS, status notices, business duplicates) all write through these, so that a
 * timeline or payload row has one shape whoever writes it.
 */
final class TransmissionWrites {
  private TransmissionWrites() {}

  static Optional<Transmission> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE id = ?")) {
      Jdbc.bind(ps, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(TransmissionRows.map(rs)) : Optional.empty();
      }
    }
  }

  /** The transmissions a {@code SELECT} of {@link TransmissionRows#COLUMNS} returns, in its order. */
  static List<Transmission> list(Connection c, String sql, Object... params) throws SQLException {
    List<Transmission> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(TransmissionRows.map(rs));
        }
      }
    }
    return out;
  }

  static void insertEvent(Connection c, String id, Instant now, TimelineEvent e)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO transmission_event (transmission_id, at, type, code, message, duration_ms,"
            + " data) VALUES (?,?,?,?,?,?,?)",
        id,
        e.at() != null ? e.at() : now,
        e.type(),
        truncate(e.code(), 100),
        truncate(e.message(), 4000),
        e.durationMs(),
        e.data());
  }

  static void insertPayload(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, Instant now)
      throws SQLException {
    insertPayloadRow(c, id, kind, contentType, bytes, Digests.sha256Hex(bytes), bytes, null, null, now);
  }

  /**
   * A payload whose bytes are the range [start, start + bytes.length) of the newest payload of
   * kind {@code of} of the same transmission; its content column stays empty. Size and SHA-256
   * are those of the slice, as for any payload.
   */
  static void insertPayloadSlice(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, String sha256,
      PayloadKind of, int start, Instant now)
      throws SQLException {
    insertPayloadRow(c, id, kind, contentType, bytes, sha256, new byte[0], of, (long) start, now);
  }

  /**
   * Size and SHA-256 ({@code sha256}, hex) are always those of {@code bytes}; {@code content} is
   * what is stored.
   */
  static void insertPayloadRow(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, String sha256,
      byte[] content, PayloadKind sliceOf, Long sliceStart, Instant now)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO payload (transmission_id, kind, content_type, size, sha256, created_at,"
            + " content, slice_of, slice_start) VALUES (?,?,?,?,?,?,?,?,?)",
        id,
        kind,
        contentType,
        (long) bytes.length,
        sha256,
        now,
        content,
        sliceOf,
        sliceStart);
  }

  /** {@code s} cut to {@code max} characters (the last one an ellipsis) to fit its column. */
  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
