package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit on the embedded H2 database must survive the process being killed right after it:
 * otherwise a message we acknowledged could vanish. The child JVM stores messages and halts
 * without any shutdown (as kill -9 would); the parent reopens and counts.
 */
class H2CrashDurabilityTest {
  @TempDir Path dir;

  /** Runs in the child JVM. */
  public static void main(String[] args) {
    Database db = Database.open("jdbc:h2:file:" + args[0], "sa", "", 2);
    TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
    for (int i = 0; i < 25; i++) {
      store.storeInbound(StoreContract.record("crash-" + i + "@test", "sbdh-crash-" + i, "0088:1"));
    }
    Runtime.getRuntime().halt(0);
  }

  @Test
  void committedMessagesSurviveAKill() throws Exception {
    String db = dir.resolve("db").toString();
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            H2CrashDurabilityTest.class.getName(), db)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    p.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue());
    try (Database reopened = Database.open("jdbc:h2:file:" + db, "sa", "", 2)) {
      assertEquals(25, new TransmissionStore(reopened, Clock.systemUTC()).inbox().inboxPending(0, 100).size());
    }
  }
}
