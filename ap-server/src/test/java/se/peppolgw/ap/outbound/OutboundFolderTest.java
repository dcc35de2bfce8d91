package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.fs.SafeFiles;
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
    // accepted, or already its outcome: this order is not routed and soon fails (issue 16)
    assertTrue(List.of("accepted", "failed").contains(r.get("status").asText()), r::toString);
    String id = r.get("id").asText();
    assertEquals(Direction.OUT, fx.gateway().store().find(id).orElseThrow().direction());
    // accepted/ until its outcome is known (this order is not routed: it soon moves to failed/)
    Peer.await(
        () -> Files.exists(outbound.resolve("accepted").resolve("order-1.xml"))
            || Files.exists(outbound.resolve("failed").resolve("order-1.xml")),
        Duration.ofSeconds(30), () -> "order-1.xml not moved");
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

  @Test
  void aLinkNamedLikeADocumentIsNeverRead() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    Files.createSymbolicLink(outbound.resolve("leak.xml"), secret);
    // a later regular file: once its result is there, a scan has listed the link as well
    Files.write(outbound.resolve("after-link.xml.part"), SharedTestData.read(SharedTestData.ORDER));
    Files.move(outbound.resolve("after-link.xml.part"), outbound.resolve("after-link.xml"));
    assertTrue(List.of("accepted", "failed").contains(awaitResult("after-link.xml").get("status").asText()));
    // on main the link was read: a result "leak.xml.result.json" quoting the secret appeared
    assertFalse(Files.exists(outbound.resolve("results").resolve("leak.xml.result.json"), LinkOption.NOFOLLOW_LINKS));
    try (var all = Files.list(outbound.resolve("results"))) {
      for (Path r : all.toList()) {
        if (Files.isRegularFile(r, LinkOption.NOFOLLOW_LINKS)) {
          assertFalse(Files.readString(r).contains("TOP-SECRET"), r::toString);
        }
      }
    }
    assertTrue(Files.isSymbolicLink(outbound.resolve("leak.xml")), "the link is left alone");
  }

  @Test
  void linksNamedLikeResultFilesDoNotOverwriteTheirTargets() throws Exception {
    Path victim = dir.resolve("victim.txt");
    Path victim2 = dir.resolve("victim2.txt");
    Files.writeString(victim, "precious");
    Files.writeString(victim2, "precious too");
    Path results = outbound.resolve("results");
    // main wrote the result through ".<name>.result.json.tmp": this link made it overwrite victim
    Files.createSymbolicLink(results.resolve(".target.xml.result.json.tmp"), victim);
    Files.createSymbolicLink(results.resolve("target.xml.result.json"), victim2);
    Files.write(outbound.resolve("target.xml.part"), SharedTestData.read(SharedTestData.ORDER));
    Files.move(outbound.resolve("target.xml.part"), outbound.resolve("target.xml"));
    Path result = results.resolve("target.xml.result.json");
    Peer.await(
        () -> Files.isRegularFile(result, LinkOption.NOFOLLOW_LINKS),
        Duration.ofSeconds(60),
        () -> "no result for target.xml");
    assertTrue(List.of("accepted", "failed")
        .contains(Json.MAPPER.readTree(Files.readAllBytes(result)).get("status").asText()));
    assertEquals("precious", Files.readString(victim));
    assertEquals("precious too", Files.readString(victim2));
    if (SafeFiles.posix()) {
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(result)));
    }
  }
}
