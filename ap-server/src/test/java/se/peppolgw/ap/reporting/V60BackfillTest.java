package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.ReportingStore;

/** V60 on a database that already has transmissions: what can be derived, and what is left out. */
class V60BackfillTest {
  @TempDir Path dir;

  @Test
  void existingCountedTransmissionsBecomeItemsWithTheGapsLeftOpen() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
        .placeholders(Map.of("blob", "BLOB", "text", "CLOB")).target("52").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      row(c, "in-ok", "IN", "ACKNOWLEDGED", "PDE000111", SeededMonth.INVOICE, "de", "2026-02-10T10:00:00Z", "2026-02-11T00:00:00Z");
      row(c, "out-ok", "OUT", "DELIVERED", "PFI000222", SeededMonth.ORDER, "SE", "2026-02-27T10:00:00Z", "2026-03-01T00:30:00Z");
      row(c, "in-dup", "IN", "DUPLICATE", "PDE000111", SeededMonth.INVOICE, "DE", "2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z");
      row(c, "in-rej", "IN", "REJECTED", "PDE000111", SeededMonth.INVOICE, "DE", "2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z");
      row(c, "out-failed", "OUT", "FAILED", "PFI000222", SeededMonth.ORDER, "SE", "2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z");
      row(c, "in-no-ap", "IN", "RECEIVED", null, SeededMonth.INVOICE, "DE", "2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z");
      row(c, "in-report", "IN", "RECEIVED", "PDE000111", ReportKind.EUSR.documentTypeValue(), "DE", "2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z");
    }
    try (Database db = Database.open(url, "sa", "", 2)) {
      ReportingStore rs = new ReportingStore(db, java.time.Clock.systemUTC());
      List<ReportingStore.Item> all = rs.items(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
      assertEquals(List.of("in-ok", "out-ok"), all.stream().map(ReportingStore.Item::transmissionId).toList());
      ReportingStore.Item in = all.get(0);
      assertEquals("RECEIVING", in.direction());
      assertEquals(Instant.parse("2026-02-10T10:00:00Z"), in.exchangedAt(), "inbound: stored time");
      assertEquals("DE", in.c1Country(), "upper-cased");
      assertNull(in.c4Country(), "never recorded: the gap named in V60");
      assertEquals("0007:5567000001", in.endUserId(), "the receiver is our end user");
      ReportingStore.Item out = all.get(1);
      assertEquals("SENDING", out.direction());
      assertEquals(Instant.parse("2026-03-01T00:30:00Z"), out.exchangedAt(), "outbound: the last update");
      assertEquals("9930:sender", out.endUserId(), "the sender is our end user");
      assertEquals("PFI000222", out.counterpartSp());
      assertTrue(in.transportProtocol().equals("peppol-transport-as4-v2_0"));
    }
  }

  private static void row(Connection c, String id, String dir, String state, String ap, String doc,
      String c1, String created, String updated) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO transmission (id, direction, state, sender_id, receiver_id, doctype_id, process_id,"
            + " c1_country, remote_ap, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, dir);
      ps.setString(3, state);
      ps.setString(4, "9930:sender");
      ps.setString(5, "0007:5567000001");
      ps.setString(6, doc);
      ps.setString(7, SeededMonth.BILLING);
      ps.setString(8, c1);
      ps.setString(9, ap);
      ps.setObject(10, OffsetDateTime.ofInstant(Instant.parse(created), ZoneOffset.UTC));
      ps.setObject(11, OffsetDateTime.ofInstant(Instant.parse(updated), ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
