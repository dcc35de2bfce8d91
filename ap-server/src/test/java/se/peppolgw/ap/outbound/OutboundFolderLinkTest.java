package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/** Finding 7: an outbound folder replaced by a link after start is not used. */
class OutboundFolderLinkTest {
  @TempDir Path dir;

  @Test
  void aFolderReplacedByALinkAfterStartIsNotScanned() throws Exception {
    Path outbound = dir.resolve("to-send");
    Logger log = (Logger) LoggerFactory.getLogger(OutboundFolder.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.outbound.dir", outbound.toString()).start()) {
      assertTrue(fx.gateway().port() > 0, "the gateway listens before its files are looked at");
      Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
      for (String sub : new String[] {"accepted", "rejected", "results"}) {
        Files.createDirectories(elsewhere.resolve(sub));
      }
      Files.write(elsewhere.resolve("planted.xml"), SharedTestData.read(SharedTestData.ORDER));
      Files.move(outbound, dir.resolve("moved-away"));
      Files.createSymbolicLink(outbound, elsewhere);

      Peer.await(
          () -> seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains("not scanned")),
          Duration.ofSeconds(30),
          () -> "no refusal logged: " + seen.list);
      // on main the link was followed: planted.xml was submitted and moved to elsewhere/accepted
      assertTrue(Files.exists(elsewhere.resolve("planted.xml")));
      assertFalse(Files.exists(elsewhere.resolve("results").resolve("planted.xml.result.json")));
      assertFalse(Files.exists(elsewhere.resolve("accepted").resolve("planted.xml")));
    } finally {
      log.detachAppender(seen);
    }
  }
}
