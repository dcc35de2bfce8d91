package se.peppolgw.ap.store;

import se.peppolgw.ap.ubl.BusinessFacts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 settings the store relies on, and payloads on both sides of the in-row LOB limit. */
class H2SettingsTest {
  @TempDir Path dir;

  @Test
  void durableCommitsAndInRowLobsSurviveAReopenAndPayloadsOfEverySizeRoundTrip() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
    Random random = new Random(7);
    Map<String, byte[]> stored = new LinkedHashMap<>();
    int limit = Database.H2_INPLACE_LOB_BYTES;
    try (Database db = Database.open(url, "sa", "", 4)) {
      assertEquals("0", setting(db, "WRITE_DELAY"));
      assertEquals(String.valueOf(limit), setting(db, "MAX_LENGTH_INPLACE_LOB"));
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      for (int size : new int[] {1, 300, limit - 1, limit, limit + 1, 5 * limit}) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        InboundRecord r =
            new InboundRecord("lob-" + size + "@test", "c", "lob-sbdh-" + size, "0088:1",
                "0007:5567212344", "urn:doc", "urn:proc", "SE", "PSE000002", "127.0.0.1",
                BusinessFacts.of("B-" + size, null, null), bytes, bytes, -1, null);
        stored.put(store.storeInbound(r).transmissionId(), bytes);
      }
    }
    try (Database db = Database.open(url, "sa", "", 4)) {
      assertEquals(String.valueOf(limit), setting(db, "MAX_LENGTH_INPLACE_LOB"));
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      for (Map.Entry<String, byte[]> e : stored.entrySet()) {
        assertArrayEquals(e.getValue(), store.payload(e.getKey(), PayloadKind.SBD).orElseThrow(),
            "SBD of " + e.getValue().length + " bytes");
        assertArrayEquals(e.getValue(), store.payload(e.getKey(), PayloadKind.DOCUMENT).orElseThrow(),
            "document of " + e.getValue().length + " bytes");
      }
    }
  }

  private static String setting(Database db, String name) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
