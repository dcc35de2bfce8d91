package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * The receiver's MLS reaches the outbound folder, over real AS4 on loopback: a document dropped
 * in the folder is delivered, then an RE arrives and its result file shows the rejection with the
 * rule id (status rejected-by-receiver), then an AP and the result shows it accepted. A result
 * file that names another transmission is left alone.
 */
class MlsFolderResultTest {
  private static final String BUYER = "0192:123456785";
  private static final String OUR_SP = "0242:000001"; // seat PSE000001 of the fixture
  private static final String THEIR_SP = "0242:000002";

  @TempDir Path dir;

  @Test
  void resultFileCarriesTheReceiversAnswer() throws Exception {
    Path folder = dir.resolve("to-send");
    try (GatewayFixture fx =
        new GatewayFixture(dir)
            .with("gateway.participants", "supplier,gln,buyer")
            .with("gateway.participant.buyer.id", BUYER)
            .with("gateway.participant.buyer.document-types", "order")
            .with("gateway.outbound.dir", folder.toString())
            .start()) {
      byte[] order = SharedTestData.read("peppol-bis/poacc/Order_Example.xml");
      drop(folder, "order.xml", order);
      JsonNode delivered = awaitResult(folder, "order.xml", r -> "delivered".equals(r.path("status").asText()));
      String id = delivered.get("id").asText();
      awaitFile(folder.resolve("delivered").resolve("order.xml"));
      assertTrue(delivered.path("mls").isMissingNode(), "no MLS yet: " + delivered);
      String instanceId = fx.gateway().store().find(id).orElseThrow().sbdhInstanceId();
      TestSender sender = fx.trustedSender();

      // an RE with the rule that failed: the result says so, the file stays delivered
      sendMls(sender, TestMls.of("mls-re", THEIR_SP, OUR_SP, instanceId, "RE", "Rejected",
          List.of(new TestMls.Issue("BR-01", "An Order shall have a Specification identifier",
              "/Order/cbc:CustomizationID", "BV"))));
      JsonNode re = awaitResult(folder, "order.xml", r -> "RE".equals(r.at("/mls/code").asText()));
      assertEquals("rejected-by-receiver", re.get("status").asText(), re.toString());
      assertEquals("DELIVERED", re.get("state").asText(), re.toString());
      assertEquals(id, re.get("id").asText());
      assertTrue(re.at("/mls/rejected").asBoolean(), re.toString());
      assertTrue(re.at("/mls/meaning").asText().startsWith("Rejected"), re.toString());
      assertEquals("BR-01", re.at("/mls/reasons/0/ruleId").asText(), re.toString());
      assertEquals("/Order/cbc:CustomizationID", re.at("/mls/reasons/0/location").asText());
      assertEquals(THEIR_SP, re.at("/mls/from").asText());
      // the same shape as GET /api/outbound/{id}
      JsonNode api = Json.MAPPER.readTree(fx.api("GET", "/api/outbound/" + id).body());
      assertEquals(api.get("mls"), re.get("mls"));
      assertTrue(Files.isRegularFile(folder.resolve("delivered").resolve("order.xml")));

      // a second document whose result file was altered to name the first transmission: an MLS
      // for the second is not written into a result that is not its own
      drop(folder, "second.xml", order);
      JsonNode second = awaitResult(folder, "second.xml", r -> "delivered".equals(r.path("status").asText()));
      String secondId = second.get("id").asText();
      awaitFile(folder.resolve("delivered").resolve("second.xml"));
      ObjectNode altered = second.deepCopy();
      altered.put("id", "not-" + secondId);
      byte[] alteredBytes = Json.toJson(altered).getBytes(StandardCharsets.UTF_8);
      Files.write(folder.resolve("results").resolve("second.xml.result.json"), alteredBytes);
      String secondInstance = fx.gateway().store().find(secondId).orElseThrow().sbdhInstanceId();
      sendMls(sender, TestMls.of("mls-re-2", THEIR_SP, OUR_SP, secondInstance, "RE", "Rejected", List.of()));

      // then an AP for the first: accepted; being written, it shows the folder handled the RE before
      sendMls(sender, TestMls.of("mls-ap", THEIR_SP, OUR_SP, instanceId, "AP", null, List.of()));
      JsonNode ap = awaitResult(folder, "order.xml", r -> "AP".equals(r.at("/mls/code").asText()));
      assertEquals("delivered", ap.get("status").asText(), ap.toString());
      assertFalse(ap.at("/mls/rejected").asBoolean(), ap.toString());
      assertEquals("Accepted by the receiver's access point", ap.at("/mls/meaning").asText());
      assertEquals(0, ap.at("/mls/reasons").size(), ap.toString());

      assertTrue(new MlsStore(fx.gateway().store().database()).latest(secondId).isPresent(),
          "the RE for the second document was recorded");
      byte[] after = Files.readAllBytes(folder.resolve("results").resolve("second.xml.result.json"));
      assertEquals(new String(alteredBytes, StandardCharsets.UTF_8), new String(after, StandardCharsets.UTF_8),
          "a result naming another transmission is not rewritten");
    }
  }

  private static void drop(Path folder, String name, byte[] doc) throws Exception {
    Files.createDirectories(folder);
    Path tmp = folder.resolve(name + ".part");
    Files.write(tmp, doc);
    Files.move(tmp, folder.resolve(name));
  }

  private static void sendMls(TestSender sender, byte[] mls) {
    TestSender.Routing r = new TestSender.Routing(THEIR_SP, OUR_SP, MlsIds.DOCUMENT_TYPE_ID, MlsIds.PROCESS_ID, "SE");
    TestSender.Sent sent = sender.send(r, TestSender.sbd(r, UUID.randomUUID().toString(), mls,
        "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2", "ApplicationResponse"));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), sent.answer().toString());
  }

  /** Polls the result file of {@code name} until it satisfies {@code wanted}, at most 60 s. */
  private static JsonNode awaitResult(Path folder, String name, Predicate<JsonNode> wanted) throws Exception {
    Path result = folder.resolve("results").resolve(name + ".result.json");
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      if (Files.isRegularFile(result)) {
        last = Json.MAPPER.readTree(Files.readAllBytes(result)); // always complete: written atomically
        if (wanted.test(last)) {
          return last;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for the result of " + name + ": " + last);
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.isRegularFile(file)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + file);
      }
      Thread.sleep(50);
    }
  }
}
