package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import se.peppolgw.ap.mls.MlsResponseCode;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.store.MlsAnswer;

/**
 * The operator page {@code /ops/mls} (ops/mls.jte): Message Level Status answers that match none of
 * our transmissions (kept, never dropped) and delivered transmissions still waiting for theirs;
 * {@code /ops/mls.csv} the unmatched answers.
 */
public final class MlsPage {
  static final int ROWS = 200;

  private MlsPage() {}

  /** The model of ops/mls.jte. */
  public record View(MlsWatch.Figures figures, List<String> overdue, List<Unmatched> unmatched) {}

  /** An answer matching none of our transmissions, with its meaning in words. */
  public record Unmatched(MlsAnswer a) {
    public String meaning() {
      return MlsResponseCode.of(a.responseCode()).map(MlsResponseCode::words)
          .orElse("Not a readable MLS: " + a.problem());
    }
  }

  static View view(MlsWatch watch) {
    return new View(watch.figures(), watch.overdue(ROWS), watch.unmatched(ROWS).stream().map(Unmatched::new).toList());
  }

  static void csv(MlsWatch watch, ZoneId zone, HttpServletResponse resp) throws IOException {
    try (Csv csv = Csv.attachment(resp, "mls-unmatched.csv", List.of("received", "response_code", "meaning",
        "referenced_instance_id", "sender_service_provider", "carried_by"))) {
      for (MlsAnswer a : watch.unmatched(ROWS)) {
        csv.row(Arrays.asList(OpsTimes.at(a.receivedAt(), zone), a.responseCode(), new Unmatched(a).meaning(),
            a.referencedInstanceId(), a.senderServiceProvider(), a.mlsTransmissionId()));
      }
    }
  }
}
