package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.MlsAnswer;
import se.peppolgw.ap.store.TimelineEvent;

/** Which folder file a transmission came from, and the MLS members of a result file. */
class FolderMlsResultsTest {

  private static FolderMlsResults withNote(String note) {
    return new FolderMlsResults(id -> Optional.empty(),
        id -> List.of(TimelineEvent.of(EventType.ACCEPTED, "Accepted"), TimelineEvent.of(EventType.NOTE, note)));
  }

  @Test
  void findsTheFileOfAFolderSubmission() {
    String origin = FolderMlsResults.origin("order-2.xml");
    assertEquals(Optional.of("order-2.xml"),
        withNote("Submitted via " + origin + " as a UBL document; SBD built here").fileOf("t"));
    assertEquals(Optional.of("x (1).xml"),
        withNote("Submitted via " + FolderMlsResults.origin("x (1).xml") + " as a complete SBD").fileOf("t"));
  }

  @Test
  void noFileForOtherOriginsOrUnsafeNames() {
    assertEquals(Optional.empty(), withNote("Submitted via API (token local) as a complete SBD").fileOf("t"));
    assertEquals(Optional.empty(),
        withNote("Submitted via outbound folder (../x.xml) as a complete SBD").fileOf("t"));
    assertEquals(Optional.empty(),
        withNote("Submitted via outbound folder (.hidden.xml) as a complete SBD").fileOf("t"));
    assertEquals(Optional.empty(),
        withNote("Submitted via outbound folder (x.txt) as a complete SBD").fileOf("t"));
    assertEquals(Optional.empty(), new FolderMlsResults(id -> Optional.empty(), id -> List.of()).fileOf("t"));
  }

  private static MlsAnswer answer(String code, String reasons) {
    return new MlsAnswer(1, "mls-tx", "t", "inst", "mls-1", "0242:000002", code, null, reasons,
        code == null ? "not an MLS" : null, Instant.parse("2026-12-01T10:00:00Z"));
  }

  private static ObjectNode delivered() {
    return Json.MAPPER.valueToTree(Map.of("id", "t", "status", "delivered", "state", "DELIVERED"));
  }

  @Test
  void noAnswerLeavesTheResultAlone() {
    ObjectNode r = delivered();
    assertFalse(new FolderMlsResults(id -> Optional.empty(), id -> List.of()).apply(r, "t"));
    assertEquals(delivered(), r);
  }

  @Test
  void rejectionThenAcceptance() {
    MlsAnswer[] latest = {answer("RE", "[{\"ruleId\":\"BR-01\"}]")};
    FolderMlsResults mls = new FolderMlsResults(id -> Optional.of(latest[0]), id -> List.of());
    ObjectNode r = delivered();
    assertTrue(mls.apply(r, "t"));
    assertEquals(FolderMlsResults.REJECTED_BY_RECEIVER, r.get("status").asText());
    assertEquals("BR-01", r.at("/mls/reasons/0/ruleId").asText());
    assertTrue(r.at("/mls/rejected").asBoolean());
    assertFalse(mls.apply(r, "t"), "the same answer again changes nothing");

    latest[0] = answer("AB", null);
    assertTrue(mls.apply(r, "t"));
    assertEquals("delivered", r.get("status").asText());
    assertEquals("AB", r.at("/mls/code").asText());
    assertFalse(r.at("/mls/rejected").asBoolean());
  }

  @Test
  void unreadableAnswerIsShownButRejectsNothing() {
    ObjectNode r = delivered();
    assertTrue(new FolderMlsResults(id -> Optional.of(answer(null, null)), id -> List.of()).apply(r, "t"));
    assertEquals("delivered", r.get("status").asText());
    assertEquals("not an MLS", r.at("/mls/problem").asText());
  }
}
