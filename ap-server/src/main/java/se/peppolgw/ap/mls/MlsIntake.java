package se.peppolgw.ap.mls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.InboundConsumer;
import se.peppolgw.ap.store.MlsStore;

/**
 * What the gateway does with an MLS it receives as the sending access point (C2): instead of a
 * hand-over to the back office, the answer is matched to the outbound transmission it references
 * and recorded there (docs/mls.md). An MLS that cannot be read or matches nothing is kept and
 * listed, never dropped.
 */
public final class MlsIntake {
  private static final Logger LOG = LoggerFactory.getLogger(MlsIntake.class);

  private MlsIntake() {}

  /** Whether a received document type is handled here rather than handed over. */
  public static boolean handles(String documentTypeId) {
    return MlsIds.isMls(documentTypeId);
  }

  /** The work to do with a received MLS, in the transaction that stores it. */
  public static Consumption consumerFor(byte[] document) {
    return new Consumption(answerOf(document));
  }

  /**
   * Records a received MLS in the transaction that stores it and remembers which of our
   * transmissions it answered, so that the back office can be told once that transaction is
   * committed ({@link #tell}).
   */
  public static final class Consumption implements InboundConsumer {
    private final MlsStore.NewAnswer answer;
    private volatile String matched;

    Consumption(MlsStore.NewAnswer answer) {
      this.answer = answer;
    }

    @Override
    public void consume(java.sql.Connection c, String id, java.time.Instant now) throws java.sql.SQLException {
      var answered = MlsStore.record(c, id, now, answer);
      matched = answered.orElse(null);
      if (answered.isEmpty()) {
        LOG.warn("Message Level Status in transmission {} matches none of our transmissions"
            + " (reference {}, {}); kept and listed", id, answer.referencedInstanceId(),
            answer.problem() == null ? answer.responseCode() : answer.problem());
      } else {
        LOG.info("Message Level Status {} for our transmission {} (in transmission {})",
            answer.responseCode(), answered.get(), id);
      }
    }

    /** After the commit: tells {@code listener} of the answer when it matched a transmission. */
    public void tell(MlsAnswerListener listener) {
      String id = matched;
      if (id != null) {
        MlsResponseCode.of(answer.responseCode())
            .ifPresent(code -> listener.answered(id, code, answer.plain()));
      }
    }
  }

  static MlsStore.NewAnswer answerOf(byte[] document) {
    try {
      MlsMessage m = MlsReader.read(document);
      return new MlsStore.NewAnswer(
          m.referencedInstanceId(),
          m.mlsId(),
          m.senderServiceProvider(),
          m.code().name(),
          m.description(),
          Json.toJson(m.reasons().stream().map(MlsIntake::reasonJson).toList()),
          null,
          plain(m));
    } catch (MlsFormatException e) {
      return new MlsStore.NewAnswer(null, null, null, null, null, null, e.getMessage(), null);
    }
  }

  /**
   * The answer in the words the operator reads: "Accepted by the receiver's access point",
   * "Acknowledged", or "Rejected by the receiver's access point: " with each reason, its rule id
   * and location.
   */
  public static String plain(MlsMessage m) {
    if (!m.code().isRejection()) {
      return m.code().words();
    }
    List<MlsMessage.Reason> reasons = m.reasons();
    String why =
        reasons.isEmpty()
            ? (m.description() == null ? "no reason given" : m.description())
            : reasons.stream().map(MlsMessage.Reason::plain).collect(Collectors.joining("; "));
    return m.code().words() + ": " + why;
  }

  private static Map<String, String> reasonJson(MlsMessage.Reason r) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ruleId", r.ruleId());
    m.put("description", r.description());
    m.put("location", r.location());
    m.put("classification", r.classification());
    return m;
  }
}
