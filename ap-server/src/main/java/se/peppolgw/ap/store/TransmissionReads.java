package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the read queries of {@link TransmissionQuery}, {@link TransmissionLinks} and
 * {@link DashboardCounts}: each on its own connection, planned on PostgreSQL for the values it
 * binds (see {@link #query(String, RowReader, String, Object[])}).
 */
final class TransmissionReads {
  @FunctionalInterface
  interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Database db;

  TransmissionReads(Database db) {
    this.db = db;
  }

  List<Transmission> rows(String sql, Object... params) {
    return list(sql, TransmissionRows::map, params);
  }

  /** Every row of the result, mapped, in the order the database returns them. */
  <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
    List<T> out = new ArrayList<>();
    query(sql, rs -> out.add(mapper.map(rs)), params);
    return out;
  }

  void query(String sql, RowReader reader, Object... params) {
    query(sql, reader, null, params);
  }

  /** @param postgresSetting a SET LOCAL for PostgreSQL's planner, or null */
  void query(String sql, RowReader reader, String postgresSetting, Object[] params) {
    try (Connection c = db.connection()) {
      boolean postgres = db.engine() == Database.Engine.POSTGRESQL;
      if (postgres) {
        // A statement the driver has prepared on the server gets, after a few runs, a generic plan
        // that ignores the parameter values; for "state = $2 ... LIMIT 51" that is a backward walk
        // over the whole table when the state is rare. Plan every run with its values instead.
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL plan_cache_mode = force_custom_plan");
          if (postgresSetting != null) {
            st.execute(postgresSetting);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      }
      if (postgres) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }
}
