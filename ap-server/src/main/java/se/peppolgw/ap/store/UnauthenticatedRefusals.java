package se.peppolgw.ap.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Bounded bookkeeping of refused AS4 requests whose sender is not authenticated (anyone can post
 * junk to /as4; 4,000 such requests used to add 180 MB of REJECTED transmissions). Per kind — error
 * code and client address — and minute, the first refusal is kept in full as today (a REJECTED
 * transmission with timeline and error signal), every further one only increments a counter row:
 * at most one transmission per kind and minute, whatever the rate.
 */
public final class UnauthenticatedRefusals {
  private final Database db;
  private final TransmissionStore store;
  private final Clock clock;

  public UnauthenticatedRefusals(Database db, TransmissionStore store, Clock clock) {
    this.db = db;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Counts the refusal; returns the id of the REJECTED transmission when this one is the first of
   * its kind in the current minute and was kept in full, empty when it was only counted.
   */
  public Optional<String> record(InboundRecord r, String ebmsCode, String detail) {
    Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    String code = ebmsCode == null ? "none" : truncate(ebmsCode, 40);
    String client = clientKey(r.remoteAddress());
    if (increment(minute, code, client)) {
      return Optional.empty();
    }
    boolean first =
        Jdbc.inTransaction(
            db,
            c -> {
              try {
                Jdbc.update(
                    c,
                    "INSERT INTO unauthenticated_refusal (at_minute, error_code, client, refusals)"
                        + " VALUES (?, ?, ?, 1)",
                    minute,
                    code,
                    client);
                return true;
              } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                  return false; // another request of this kind was first
                }
                throw e;
              }
            });
    if (!first) {
      increment(minute, code, client);
      return Optional.empty();
    }
    String id = store.storeRejected(r, ebmsCode, detail);
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "UPDATE unauthenticated_refusal SET kept_id = ? WHERE at_minute = ? AND error_code = ?"
                    + " AND client = ?",
                id,
                minute,
                code,
                client));
    return Optional.of(id);
  }

  private boolean increment(Instant minute, String code, String client) {
    return Jdbc.inTransaction(
            db,
            c ->
                Jdbc.update(
                    c,
                    "UPDATE unauthenticated_refusal SET refusals = refusals + 1 WHERE at_minute = ?"
                        + " AND error_code = ? AND client = ?",
                    minute,
                    code,
                    client))
        > 0;
  }

  /** All unauthenticated refusals counted since the given time (minute resolution). */
  public long countSince(Instant since) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COALESCE(SUM(refusals), 0) FROM unauthenticated_refusal WHERE at_minute >= ?")) {
            Jdbc.bind(ps, since.truncatedTo(ChronoUnit.MINUTES));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** Forgets counter rows older than the given time; returns how many. */
  public int purgeBefore(Instant before) {
    return Jdbc.inTransaction(
        db, c -> Jdbc.update(c, "DELETE FROM unauthenticated_refusal WHERE at_minute < ?", before));
  }

  /**
   * The client a refusal is counted for: the IPv4 address, or the /64 prefix of an IPv6 address
   * (one host usually holds a whole /64, so counting single addresses would not bound anything).
   */
  static String clientKey(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.isBlank()) {
      return "unknown";
    }
    if (remoteAddress.indexOf(':') < 0) {
      return truncate(remoteAddress, 64);
    }
    try {
      byte[] a = InetAddress.getByName(remoteAddress).getAddress();
      if (a.length != 16) {
        return truncate(remoteAddress, 64);
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        sb.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
      }
      return sb.append(":/64").toString();
    } catch (UnknownHostException e) {
      return truncate(remoteAddress, 64);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
