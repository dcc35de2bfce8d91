package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;

/**
 * Issue 16: what became of a document dropped in the outbound folder reaches the folder. The
 * result file follows the transmission to its final state (atomically rewritten) and the file
 * moves to delivered/ or failed/; a reused file name never overwrites the earlier file or result.
 */
class OutboundFolderOutcomesTest {
  @TempDir static Path dir;
  static Peer supplier;
  static Peer buyer;
  static Path folder;

  @BeforeAll
  static void start() throws Exception {
    folder = dir.resolve("to-send");
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    buyer = new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir());
    buyer.serves("buyer", BUYER, "*")
        .routes("supplier", SUPPLIER, "order", supplier)
        .with("gateway.outbound.dir", folder.toString());
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Peer p : new Peer[] {buyer, supplier}) {
      if (p != null) {
        p.close();
      }
    }
  }

  static byte[] order(String number, String receiver) {
    return new String(TestDocuments.orderTo(receiver), StandardCharsets.UTF_8)
        .replaceFirst("<cbc:ID>34</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>")
        .getBytes(StandardCharsets.UTF_8);
  }

  static void drop(String name, byte[] doc) throws Exception {
    Path tmp = folder.resolve(name + ".part");
    Files.write(tmp, doc);
    Files.move(tmp, folder.resolve(name));
  }

  /** Waits until the result file of {@code name} satisfies {@code wanted}; returns it. */
  static JsonNode awaitResult(String name, Predicate<JsonNode> wanted) throws Exception {
    Path result = folder.resolve("results").resolve(name + ".result.json");
    JsonNode[] last = new JsonNode[1];
    Peer.await(
        () -> {
          if (!Files.isRegularFile(result, LinkOption.NOFOLLOW_LINKS)) {
            return false;
          }
          try {
            last[0] = Json.MAPPER.readTree(Files.readAllBytes(result));
          } catch (java.io.IOException e) {
            throw new AssertionError("a result file that is not complete JSON: " + e, e);
          }
          return wanted.test(last[0]);
        },
        Duration.ofSeconds(90),
        () -> "result of " + name + ": " + last[0]);
    return last[0];
  }

  static Predicate<JsonNode> status(String s) {
    return r -> s.equals(r.path("status").asText());
  }

  @Test
  void aDeliveredDocumentEndsDeliveredInItsResultAndFolder() throws Exception {
    drop("deliver-me.xml", order("FOLDER-DELIVER-1", SUPPLIER));
    JsonNode r = awaitResult("deliver-me.xml", status("delivered"));
    assertEquals("DELIVERED", r.get("state").asText());
    assertTrue(r.hasNonNull("id") && r.hasNonNull("as4MessageId"), r::toString);
    Path moved = folder.resolve("delivered").resolve("deliver-me.xml");
    Peer.await(() -> Files.exists(moved), Duration.ofSeconds(30), () -> "not in delivered/");
    assertFalse(Files.exists(folder.resolve("accepted").resolve("deliver-me.xml")));
    assertEquals("DELIVERED", buyer.transmission(r.get("id").asText()).state().name());
  }

  @Test
  void anUnknownReceiverEndsFailedWithTheReasonAndTheFileInFailed() throws Exception {
    drop("nowhere.xml", order("FOLDER-FAIL-1", OutboundFailureTest.UNKNOWN));
    JsonNode r = awaitResult("nowhere.xml", status("failed"));
    assertEquals("FAILED", r.get("state").asText());
    String id = r.get("id").asText();
    assertEquals(buyer.transmission(id).errorCode(), r.get("errorCode").asText());
    assertEquals(buyer.transmission(id).errorDetail(), r.get("reason").asText());
    assertFalse(r.get("reason").asText().isBlank());
    Path moved = folder.resolve("failed").resolve("nowhere.xml");
    Peer.await(() -> Files.exists(moved), Duration.ofSeconds(30), () -> "not in failed/");
    assertFalse(Files.exists(folder.resolve("accepted").resolve("nowhere.xml")));
  }

  @Test
  void theSameFileNameTwiceKeepsBothFilesAndResults() throws Exception {
    byte[] first = order("FOLDER-SAME-NAME-1", SUPPLIER);
    byte[] second = order("FOLDER-SAME-NAME-2", SUPPLIER);
    drop("same.xml", first);
    JsonNode r1 = awaitResult("same.xml", status("delivered"));
    Peer.await(() -> Files.exists(folder.resolve("delivered").resolve("same.xml")),
        Duration.ofSeconds(30), () -> "first not in delivered/");
    drop("same.xml", second);
    JsonNode r2 = awaitResult("same-2.xml", status("delivered"));
    assertEquals("same.xml", r2.get("file").asText());
    assertEquals("same-2.xml", r2.get("storedAs").asText());
    assertNotEquals(r1.get("id").asText(), r2.get("id").asText());
    Peer.await(() -> Files.exists(folder.resolve("delivered").resolve("same-2.xml")),
        Duration.ofSeconds(30), () -> "second not in delivered/");
    // both documents, byte for byte, and the first result unchanged
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(folder.resolve("delivered").resolve("same.xml"))));
    assertTrue(java.util.Arrays.equals(second, Files.readAllBytes(folder.resolve("delivered").resolve("same-2.xml"))));
    assertEquals(r1, Json.MAPPER.readTree(Files.readAllBytes(folder.resolve("results").resolve("same.xml.result.json"))));
  }

  @Test
  void aReusedNameOfARejectedFileIsKeptToo() throws Exception {
    drop("broken.xml", "not xml".getBytes(StandardCharsets.UTF_8));
    awaitResult("broken.xml", status("rejected"));
    drop("broken.xml", "still not xml".getBytes(StandardCharsets.UTF_8));
    JsonNode r2 = awaitResult("broken-2.xml", status("rejected"));
    assertEquals(400, r2.get("httpStatus").asInt());
    assertEquals("not xml", Files.readString(folder.resolve("rejected").resolve("broken.xml")));
    assertEquals("still not xml", Files.readString(folder.resolve("rejected").resolve("broken-2.xml")));
  }

  @Test
  void aLinkPlantedWhereTheFileWouldEndIsNeitherFollowedNorReplaced() throws Exception {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "precious");
    Files.createSymbolicLink(folder.resolve("failed").resolve("trap.xml"), victim);
    drop("trap.xml", order("FOLDER-TRAP-1", OutboundFailureTest.UNKNOWN));
    JsonNode r = awaitResult("trap-2.xml", status("failed"));
    assertEquals("trap.xml", r.get("file").asText());
    Path moved = folder.resolve("failed").resolve("trap-2.xml");
    Peer.await(() -> Files.isRegularFile(moved, LinkOption.NOFOLLOW_LINKS), Duration.ofSeconds(30),
        () -> "not in failed/ under its own name");
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(folder.resolve("failed").resolve("trap.xml")), "the link is left alone");
  }
}
