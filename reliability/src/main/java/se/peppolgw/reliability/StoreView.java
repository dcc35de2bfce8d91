package se.peppolgw.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the transmission log straight from the database (after the gateway has stopped, for H2).
 * Raw SQL on purpose, the one exception to "SQL only in ap-server's store/": this is the
 * reliability tests' independent witness of what was committed, so it must not share the store's
 * queries (a bug there would otherwise vouch for itself), and it opens the database without the
 * gateway's pool or migrations.
 */
public final class StoreView {
  /** InstanceIdentifier → number of inbound transmissions that were accepted (not duplicates, not refused). */
  public final Map<String, Integer> acceptedPerInstance = new HashMap<>();
  /** Inbound transmission count per state. */
  public final Map<String, Integer> inboundStates = new TreeMap<>();

  private StoreView() {}

  public static StoreView read(String jdbcUrl, String user, String password) throws SQLException {
    StoreView v = new StoreView();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT state, COUNT(*) FROM transmission WHERE direction = 'IN' GROUP BY state")) {
        while (rs.next()) {
          v.inboundStates.put(rs.getString(1), rs.getInt(2));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sbdh_instance_id, COUNT(*) FROM transmission WHERE direction = 'IN'"
                  + " AND state IN ('RECEIVED', 'HANDED_OVER', 'ACKNOWLEDGED') GROUP BY sbdh_instance_id")) {
        while (rs.next()) {
          v.acceptedPerInstance.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return v;
  }

  public static String h2Url(java.nio.file.Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("db").resolve("gateway");
  }
}
