package se.peppolgw.ap.ops.web;

import static se.peppolgw.ap.ops.web.Html.esc;

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

  /** The card of the transmission page: empty for outbound documents that are no MLS. */
  String html(Transmission t) {
    StringBuilder b = new StringBuilder();
    if (t.direction() != Direction.IN) {
      results.mlsAnswerSentAs(t.id()).ifPresent(
          a -> b.append("<p class=\"link\" id=\"mls-answers\">MLS ").append(esc(a.responseCode()))
              .append(" answering received document <a href=\"/ops/transmissions/")
              .append(esc(a.inboundId())).append("\">").append(esc(a.inboundId())).append("</a></p>"));
      return b.toString();
    }
    b.append("<div class=\"card\" id=\"mls\"><h2>Validation and MLS</h2><dl>");
    Optional<InboundValidation> v = results.validation(t.id());
    row(b, "Validation after receipt",
        v.map(x -> x.outcome().word() + (x.ruleSet() == null ? "" : " (" + x.ruleSet() + ")")
            + (x.reason() == null ? "" : ": " + x.reason())).orElse("pending"));
    Optional<MlsDecision> answer = results.mlsAnswer(t.id());
    if (answer.isEmpty()) {
      row(b, "MLS", v.isPresent() ? "being decided" : "after validation");
    } else {
      MlsDecision a = answer.get();
      if (a.decision() == MlsDecision.Decision.SENT) {
        b.append("<dt>MLS</dt><dd>").append(esc(a.responseCode())).append(" to ")
            .append(esc(a.mlsTo())).append(a.addressedBy() == MlsDecision.Addressing.FALLBACK
                ? " (fallback: no usable MLS_TO)" : " (MLS_TO)")
            .append(", sent as <a href=\"/ops/transmissions/").append(esc(a.outboundId()))
            .append("\">").append(esc(a.outboundId())).append("</a>: ")
            .append(esc(delivery(outboundState(a).orElse("PURGED")))).append("</dd>");
      } else {
        row(b, "MLS", "none sent: " + a.reason());
      }
    }
    b.append("</dl></div>");
    return b.toString();
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

  private static void row(StringBuilder b, String k, String v) {
    b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>");
  }
}
