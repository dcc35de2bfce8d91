package se.peppolgw.ap.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.outbound.OutboundParser;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.sbd.SbdFormatException;
import se.peppolgw.ap.sbd.SbdInspector;

/**
 * Coverage-guided fuzzing (Jazzer) of the parsers that read network and operator input: SBD /
 * SBDH routing extraction, UBL field extraction (outbound parser), configuration. The only
 * acceptable failure is the parser's own "bad input" exception; anything else (NPE, index out of
 * bounds, stack overflow, a hang) is a finding. {@code ./mvnw test} replays the seed corpus in
 * src/test/resources/se/peppolgw/ap/fuzz/ParserFuzzTestInputs; fuzzing: docs/reliability.md.
 */
class ParserFuzzTest {
  private static final OutboundParser OUTBOUND = new OutboundParser("SE", Clock.systemUTC());

  @FuzzTest(maxDuration = "20s")
  void sbdInspector(byte[] sbd) {
    try {
      InspectedSbd s = SbdInspector.inspect(sbd);
      assertNotNull(s.document());
      assertTrue(s.document().length <= sbd.length * 4L + 1024, "document cannot grow beyond its SBD");
    } catch (SbdFormatException expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void outboundUblParser(byte[] body) {
    try {
      OUTBOUND.parse(body, RoutingOverrides.NONE);
    } catch (OutboundRejection expected) {
      // a 400/422 with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void configuration(FuzzedDataProvider data) {
    Path f;
    try {
      f = Files.createTempFile("fuzz-gateway", ".properties");
      Files.write(f, data.consumeRemainingAsBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      GatewayConfig c = new GatewayConfig(ConfigSource.load(f));
      c.mode();
      c.http().port();
      c.http().maxRequestBytes();
      c.inbound().maxPayloadBytes();
      c.store().url();
      c.store().poolSize();
      c.served().participants();
      c.inbound().duplicateWindow();
      c.inbound().duplicateAnswer();
      c.handover().retryDelay();
      c.handover().inboxDir();
      c.handover().webhookUrl();
      c.api().tokenHashes();
    } catch (ConfigException expected) {
      // names the key to fix: fine
    } finally {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // temp file
      }
    }
  }
}
