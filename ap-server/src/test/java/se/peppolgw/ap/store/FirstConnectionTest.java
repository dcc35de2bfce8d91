package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FirstConnectionTest {
  private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
      FirstConnectionTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);

  @Test
  void aSlowFirstOpenIsWaitedFor() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DataSource ds = dataSource(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new SQLTransientConnectionException("Connection is not available, request timed out after 5000ms");
      }
      return CONNECTION;
    });
    assertSame(CONNECTION, FirstConnection.open(ds, Duration.ofMinutes(1)));
    assertEquals(3, calls.get());
  }

  @Test
  void itGivesUpAfterItsPatience() {
    DataSource ds = dataSource(() -> {
      throw new SQLTransientConnectionException("still opening");
    });
    assertThrows(SQLTransientConnectionException.class, () -> FirstConnection.open(ds, Duration.ZERO));
  }

  @Test
  void anyOtherErrorIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    DataSource ds = dataSource(() -> {
      calls.incrementAndGet();
      throw new SQLException("Wrong user name or password");
    });
    assertThrows(SQLException.class, () -> FirstConnection.open(ds, Duration.ofMinutes(1)));
    assertEquals(1, calls.get());
  }

  private interface Opener {
    Connection open() throws SQLException;
  }

  private static DataSource dataSource(Opener opener) {
    return (DataSource) Proxy.newProxyInstance(FirstConnectionTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, a) -> {
          if (m.getName().equals("getConnection")) {
            return opener.open();
          }
          throw new UnsupportedOperationException(m.getName());
        });
  }
}
