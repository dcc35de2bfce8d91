package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/** The watched outbound folder: file in, result file out; bad files are rejected with reasons. */
class OutboundFolderTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Path outbound;

  @BeforeAll
  static void start() throws Exception {
    outbound = dir.resolve("to-send");
    fx = new GatewayFixture(dir).with("gateway.outbound.dir", outbound.toString()).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static JsonNode awaitResult(String name) throws Exception {
    Path result = outbound.resolve("results").resolve(name + ".result.json");
    Peer.await(() -> Files.exists(result), Duration.ofSeconds(60), () -> "no result for " + name);
    return Json.MAPPER.readTree(Files.readAllBytes(result));
  }

  @Test
  void anAcceptedFileIsStoredAndMovedWithItsTransmissionId() throws Exception {
    Path tmp = outbound.resolve("order-1.xml.part");
    Files.write(tmp, SharedTestData.read(SharedTestData.ORDER));
    Files.move(tmp, outbound.resolve("order-1.xml"));
    JsonNode r = awaitResult("order-1.xml");
    assertEquals("accepted", r.get("status").asText(), r::toString);
    String id = r.get("id").asText();
    assertEquals(Direction.OUT, fx.gateway().store().find(id).orElseThrow().direction());
    assertTrue(Files.exists(outbound.resolve("accepted").resolve("order-1.xml")));
    assertFalse(Files.exists(outbound.resolve("order-1.xml")));
  }

  @Test
  void anInvalidFileIsRejectedWithTheFailedRules() throws Exception {
    String invoice =
        new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
            .replaceAll("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "");
    Files.writeString(outbound.resolve("bad.xml.part"), invoice);
    Files.move(outbound.resolve("bad.xml.part"), outbound.resolve("bad.xml"));
    JsonNode r = awaitResult("bad.xml");
    assertEquals("rejected", r.get("status").asText());
    assertEquals(422, r.get("httpStatus").asInt());
    assertTrue(r.get("errors").toString().contains("PEPPOL-EN16931-R003"));
    assertTrue(Files.exists(outbound.resolve("rejected").resolve("bad.xml")));
  }
}
