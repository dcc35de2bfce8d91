package se.peppolgw.ap.ops.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * What an operator sees of the validation after receipt and the MLS answer of an inbound
 * transmission (which MLS, to whom, and whether it was delivered, linked to the outbound
 * transmission that carries it), and, on an outbound MLS, which received document it answers.
 * Kept apart from the page and API servlets; both call it (docs/mls-receiving.md).
 */
public final class MlsAnswerView {
  private final TransmissionStore store;
  private final InboundValidationStore results;

  public MlsAnswerView(TransmissionStore store) {
    this.store = store;
    this.results = new InboundValidationStore(store.database(), Clock.systemUTC());
  }

  /** The API members ({@code validation}, {@code mls}, or {@code mlsAnswers}) to add. */
  Map<String, Object> json(Transmission t) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (t.direction() == Direction.IN) {
      Optional<InboundValidation> v = results.validation(t.id());
      m.put("validation", v.map(x -> x.outcome().word()).orElse("pending"));
      m.put("validationRuleSet", v.map(InboundValidation::ruleSet).orElse(null));
      m.put("mls", results.mlsAnswer(t.id()).map(this::answer).orElse(null));
    } else {
      results.mlsAnswerSentAs(t.id()).ifPresent(a -> m.put("mlsAnswers", a.inboundId()));
    }
    return m;
  }

  private Map<String, Object> answer(MlsDecision a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", a.decision().name());
    m.put("responseCode", a.responseCode());
    m.put("mlsTo", a.mlsTo());
    m.put("addressedBy", a.addressedBy() == null ? null : a.addressedBy().name());
    m.put("outboundId", a.outboundId());
    m.put("outboundState", outboundState(a).orElse(null));
    m.put("reason", a.reason());
    m.put("decidedAt", a.createdAt());
    return m;
  }

  private Optional<String> outboundState(MlsDecision a) {
    return a.outboundId() == null
        ? Optional.empty()
        : store.find(a.outboundId()).map(o -> o.state().name());
  }

  /**
   * The model of field/mlsAnswer.jte: on an outbound MLS what it answers ({@code answersInboundId}),
   * on an inbound document its validation and MLS answer; null for other outbound documents.
   */
  public record Card(
      boolean inbound, String answersResponseCode, String answersInboundId, String validation, String mls,
      String sentAs, String delivery) {}

  /** The card of the transmission page; null for outbound documents that are no MLS. */
  Card card(Transmission t) {
    if (t.direction() != Direction.IN) {
      return results.mlsAnswerSentAs(t.id())
          .map(a -> new Card(false, a.responseCode(), a.inboundId(), null, null, null, null)).orElse(null);
    }
    Optional<InboundValidation> v = results.validation(t.id());
    String validation = v.map(x -> x.outcome().word() + (x.ruleSet() == null ? "" : " (" + x.ruleSet() + ")")
        + (x.reason() == null ? "" : ": " + x.reason())).orElse("pending");
    Optional<MlsDecision> answer = results.mlsAnswer(t.id());
    if (answer.isEmpty()) {
      return new Card(true, null, null, validation, v.isPresent() ? "being decided" : "after validation", null, null);
    }
    MlsDecision a = answer.get();
    if (a.decision() != MlsDecision.Decision.SENT) {
      return new Card(true, null, null, validation, "none sent: " + a.reason(), null, null);
    }
    String mls = a.responseCode() + " to " + a.mlsTo() + (a.addressedBy() == MlsDecision.Addressing.FALLBACK
        ? " (fallback: no usable MLS_TO)" : " (MLS_TO)");
    return new Card(true, null, null, validation, mls, a.outboundId(), delivery(outboundState(a).orElse("PURGED")));
  }

  private static String delivery(String state) {
    return switch (state) {
      case "DELIVERED" -> "delivered (receipt verified)";
      case "FAILED" -> "not delivered (failed)";
      case "CANCELLED" -> "cancelled";
      case "PURGED" -> "no longer in the log (removed by retention)";
      default -> "not delivered yet (" + state + ")";
    };
  }
}
