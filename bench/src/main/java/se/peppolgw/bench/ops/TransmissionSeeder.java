package se.peppolgw.bench.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Database;

/**
 * Fills the transmission table with a realistic year of traffic for the list/search benchmark:
 * rows in time order over the last 365 days; half inbound (orders 60 %, invoices and others),
 * half outbound (order responses, despatch advices, invoices, credit notes); states as in
 * production (mostly delivered / handed over, a few per cent failed or rejected, some pending);
 * 2,000 buyers with a skewed share (a few big ones); order numbers, invoice numbers and buyer
 * references that link documents of one order. Deterministic for a given seed. Only transmission
 * rows: the list and search read nothing else.
 *
 * <p>Raw, batched SQL on purpose (not through the store's classes): the store writes one message
 * at a time with its payloads, timeline and duplicate register in one transaction, which at
 * 1,000,000 rows would take hours and measure the writes instead of the list.
 */
public final class TransmissionSeeder {
  static final int BUYERS = 2_000;
  static final String SUPPLIER = "0007:5567212345";

  private static final String[] IN_TYPES = {"order", "order", "order", "order", "order", "order",
    "invoice", "catalogue-response", "order-change", "invoice-response"};
  private static final String[] OUT_TYPES = {"order-response", "order-response", "despatch-advice",
    "despatch-advice", "invoice", "invoice", "invoice", "credit-note", "order-response", "catalogue"};

  private TransmissionSeeder() {}

  static String buyer(int n) {
    return String.format("0088:73%011d", n);
  }

  /** The i-th buyer drawn with a skew: buyer 0..19 get about half of all traffic. */
  static int skewedBuyer(SplittableRandom r) {
    return r.nextInt(2) == 0 ? r.nextInt(20) : r.nextInt(BUYERS);
  }

  static String sbdh(long i) {
    return String.format("%08x-0000-4000-8000-%012x", i * 2654435761L & 0xffffffffL, i);
  }

  /**
   * Seeds with the list indexes dropped and rebuilt afterwards (building an index once is far
   * faster than maintaining a dozen of them row by row); the index definitions are read from the
   * gateway's own migrations, so the benchmark measures exactly the schema the gateway runs.
   */
  public static void seedBulk(Database db, long rows, Instant now, long seed) throws SQLException, IOException {
    List<String> indexes = indexes(db);
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      for (String ddl : indexes) {
        st.execute("DROP INDEX " + ddl.split(" ")[2]);
      }
    }
    seed(db, rows, now, seed);
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      if (db.engine() == Database.Engine.POSTGRESQL) {
        // the trigram index (V69) builds in memory when it fits: 64 MB (the default) does not
        st.execute("SET maintenance_work_mem = '512MB'");
      }
      for (String ddl : indexes) {
        long t0 = System.nanoTime();
        st.execute(ddl.substring(0, ddl.length() - 1));
        System.out.printf(Locale.ROOT, "  %s (%.1f s)%n", ddl.replaceAll("\\s+", " "), (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /**
   * The transmission indexes of the gateway's migrations for this engine that the database has:
   * V1, V30 and V65 for both, V69 (the identifier search's trigram index) for PostgreSQL.
   */
  static List<String> indexes(Database db) throws IOException, SQLException {
    java.util.Set<String> existing = existingIndexes(db);
    List<String> migrations = new ArrayList<>(List.of("db/migration/V1__transmission_log.sql",
        "db/migration/V30__operations.sql", "db/migration/V65__back_office_outcomes.sql"));
    if (db.engine() == Database.Engine.POSTGRESQL) {
      migrations.add("db/migration-postgresql/V69__identifier_search.sql");
    }
    List<String> indexes = new ArrayList<>();
    for (String migration : migrations) {
      try (InputStream in = Database.class.getClassLoader().getResourceAsStream(migration)) {
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("CREATE INDEX (\\w+) ON transmission [^;]*;").matcher(sql);
        while (m.find()) {
          if (existing.contains(m.group(1).toLowerCase(Locale.ROOT))) { // a later migration may drop one (V41)
            indexes.add(m.group());
          }
        }
      }
    }
    return indexes;
  }

  private static java.util.Set<String> existingIndexes(Database db) throws SQLException {
    java.util.Set<String> out = new java.util.HashSet<>();
    try (Connection c = db.connection()) {
      String table = db.engine() == Database.Engine.H2 ? "TRANSMISSION" : "transmission";
      try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, true)) {
        while (rs.next()) {
          if (rs.getString("INDEX_NAME") != null) {
            out.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return out;
  }

  public static void seed(Database db, long rows, Instant now, long seed) throws SQLException {
    SplittableRandom r = new SplittableRandom(seed);
    Instant start = now.minus(Duration.ofDays(365));
    long stepMicros = Duration.ofDays(365).toNanos() / 1000 / rows;
    String sql =
        "INSERT INTO transmission (id, direction, state, as4_message_id, as4_conversation_id,"
            + " sbdh_instance_id, sender_id, receiver_id, doctype_id, process_id, remote_ap,"
            + " business_id, order_ref, buyer_ref, sbd_size, document_size, error_code, created_at,"
            + " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (long i = 0; i < rows; i++) {
          boolean in = r.nextBoolean();
          String type = in ? IN_TYPES[r.nextInt(IN_TYPES.length)] : OUT_TYPES[r.nextInt(OUT_TYPES.length)];
          String buyer = buyer(skewedBuyer(r));
          long order = i / 4;
          int p = r.nextInt(100);
          String state =
              in ? (p < 80 ? "HANDED_OVER" : p < 95 ? "ACKNOWLEDGED" : p < 99 ? "REJECTED" : "DUPLICATE")
                  : (p < 94 ? "DELIVERED" : p < 98 ? "FAILED" : p < 99 ? "RETRY_WAIT" : "PENDING");
          String business =
              switch (type) {
                case "order" -> "PO-" + order;
                case "invoice" -> "INV-" + i;
                case "credit-note" -> "CN-" + i;
                case "order-response" -> "OR-" + i;
                case "despatch-advice" -> "DA-" + i;
                default -> "DOC-" + i;
              };
          Instant at = start.plusNanos(stepMicros * i * 1000);
          OffsetDateTime t = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
          ps.setString(1, String.format("00000000-0000-4000-8000-%012x", i));
          ps.setString(2, in ? "IN" : "OUT");
          ps.setString(3, state);
          ps.setString(4, "msg-" + i + "@pse000001");
          ps.setString(5, "conv-" + i);
          ps.setString(6, sbdh(i));
          ps.setString(7, in ? buyer : SUPPLIER);
          ps.setString(8, in ? SUPPLIER : buyer);
          ps.setString(9, DocumentTypeAliases.expand(type));
          ps.setString(10, "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
          ps.setString(11, "PSE" + (100 + r.nextInt(50)));
          ps.setString(12, business);
          ps.setString(13, type.equals("order") ? null : "PO-" + order);
          ps.setString(14, "BR-" + (i % 50_000));
          ps.setLong(15, 8_000 + r.nextInt(40_000));
          ps.setLong(16, 6_000 + r.nextInt(38_000));
          ps.setString(17, state.equals("FAILED") || state.equals("REJECTED") ? "EBMS:0004" : null);
          ps.setObject(18, t);
          ps.setObject(19, t);
          ps.addBatch();
          if (i % 1_000 == 999) {
            ps.executeBatch();
          }
          if (i % 20_000 == 19_999) {
            c.commit();
          }
          if (i % 100_000 == 99_999) {
            System.out.printf(Locale.ROOT, "  %,d rows%n", i + 1);
          }
        }
        ps.executeBatch();
        c.commit();
      }
    }
  }
}
