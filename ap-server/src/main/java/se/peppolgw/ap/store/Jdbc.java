package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small JDBC helpers shared by the store classes. */
final class Jdbc {
  private Jdbc() {}

  /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
  static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The SQL literal of an enum constant stored by name ({@code 'RECEIVED'}). Written into the
   * statement rather than bound, so that the planner can use the partial indexes defined on these
   * values; the constant, not a string, keeps it checked by the compiler.
   */
  static String lit(Enum<?> value) {
    return "'" + value.name() + "'";
  }

  /** {@code ('A','B')}: the literals of {@link #lit} for {@code IN (…)}. */
  static String in(Enum<?>... values) {
    StringBuilder b = new StringBuilder("(");
    for (Enum<?> v : values) {
      b.append(b.length() == 1 ? "" : ",").append(lit(v));
    }
    return b.append(')').toString();
  }

  static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      int idx = i + 1;
      if (v == null) {
        ps.setNull(idx, Types.NULL);
      } else if (v instanceof Instant in) {
        ps.setObject(idx, OffsetDateTime.ofInstant(in, ZoneOffset.UTC));
      } else if (v instanceof byte[] b) {
        ps.setBytes(idx, b);
      } else if (v instanceof Enum<?> en) {
        ps.setString(idx, en.name());
      } else {
        ps.setObject(idx, v);
      }
    }
  }

  static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, values);
      return ps.executeUpdate();
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface TxWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs the work in one transaction: commits all of it, or rolls back and throws. */
  static <T> T inTransaction(Database db, TxWork<T> work) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters; the connection is discarded by the pool if broken
    }
  }
}
