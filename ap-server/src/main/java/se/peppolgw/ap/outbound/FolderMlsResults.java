package se.peppolgw.ap.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.mls.MlsResponseCode;
import se.peppolgw.ap.mls.MlsViews;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.MlsAnswer;
import se.peppolgw.ap.store.TimelineEvent;

/**
 * The receiver's Message Level Status in the outbound folder's result files (docs/mls.md): the
 * latest MLS of a transmission as {@code "mls"} (the shape of GET /api/outbound/{id}), and for
 * an RE the status {@code rejected-by-receiver}. Also knows which folder file a transmission came
 * from: the folder names the file in the origin of the submission, which the timeline keeps.
 */
final class FolderMlsResults {
  /** The result status of a delivered document whose receiver's access point answered RE. */
  static final String REJECTED_BY_RECEIVER = "rejected-by-receiver";

  private static final String ORIGIN_PREFIX = "outbound folder (";
  private static final String NOTE_PREFIX = "Submitted via " + ORIGIN_PREFIX;

  private final Function<String, Optional<MlsAnswer>> latest;
  private final Function<String, List<TimelineEvent>> timeline;

  /**
   * @param latest the latest MLS answer of a transmission (MlsStore#latest)
   * @param timeline a transmission's timeline (TransmissionStore#timeline)
   */
  FolderMlsResults(
      Function<String, Optional<MlsAnswer>> latest, Function<String, List<TimelineEvent>> timeline) {
    this.latest = latest;
    this.timeline = timeline;
  }

  /** The origin a folder submission is recorded with; {@link #fileOf} reads the name back. */
  static String origin(String name) {
    return ORIGIN_PREFIX + name + ")";
  }

  /**
   * The folder file (its stored name) a transmission was submitted from, or empty when it came
   * another way. Only a plain {@code .xml} name is returned: nothing read from the database
   * may point outside the results folder.
   */
  Optional<String> fileOf(String transmissionId) {
    for (TimelineEvent e : timeline.apply(transmissionId)) {
      String m = e.message();
      if (e.type() == EventType.NOTE && m != null && m.startsWith(NOTE_PREFIX)) {
        int end = m.indexOf(".xml) ", NOTE_PREFIX.length());
        if (end < 0) {
          return Optional.empty();
        }
        String name = m.substring(NOTE_PREFIX.length(), end + ".xml".length());
        boolean plain = !name.startsWith(".") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
            && name.indexOf('\0') < 0;
        return plain ? Optional.of(name) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Puts the transmission's latest MLS into {@code result} (nothing while none came); an RE makes
   * the status {@value #REJECTED_BY_RECEIVER}, an AP or AB after an RE makes it delivered again.
   *
   * @return whether the result changed
   */
  boolean apply(ObjectNode result, String transmissionId) {
    Optional<MlsAnswer> answer = latest.apply(transmissionId);
    if (answer.isEmpty()) {
      return false;
    }
    ObjectNode before = result.deepCopy();
    result.set("mls", Json.MAPPER.valueToTree(MlsViews.answer(answer.get())));
    boolean rejected =
        MlsResponseCode.of(answer.get().responseCode()).map(MlsResponseCode::isRejection).orElse(false);
    String status = result.path("status").asText();
    if (rejected) {
      result.put("status", REJECTED_BY_RECEIVER);
    } else if (REJECTED_BY_RECEIVER.equals(status)) {
      result.put("status", "delivered"); // only a delivered document is answered
    }
    return !before.equals(result);
  }
}
