package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.store.DeskStore.ChainDocument;
import se.peppolgw.ap.store.DeskStore.ChainLine;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The one place that turns an order and the desk's documents for it into its progress: per line
 * what was ordered, confirmed, delivered, invoiced and credited, and a sentence such as
 * "confirmed, 40 of 120 delivered, nothing invoiced". A document whose transmission FAILED, was
 * CANCELLED or REJECTED does not count (it never reached the buyer).
 */
public record OrderChain(
    ReceivedOrder order, List<ChainDocument> documents, OrderProgress progress, List<LineStatus> lines, String summary) {

  /** One order line's progress. */
  public record LineStatus(
      String lineId,
      String articleNumber,
      String agreedArticle,
      String name,
      String unitCode,
      BigDecimal ordered,
      BigDecimal confirmed,
      BigDecimal delivered,
      BigDecimal invoiced,
      BigDecimal credited) {}

  public static OrderChain of(ReceivedOrder order, List<ChainDocument> documents) {
    String responseCode = null;
    Map<String, BigDecimal> confirmed = new HashMap<>();
    Map<String, String> articles = new HashMap<>();
    Map<String, BigDecimal> delivered = new HashMap<>();
    Map<String, BigDecimal> invoiced = new HashMap<>();
    Map<String, BigDecimal> credited = new HashMap<>();
    for (ChainDocument d : documents) {
      if (!counts(d)) {
        continue;
      }
      DeskDocumentKind kind = DeskDocumentKind.valueOf(d.kind());
      switch (kind) {
        case ORDER_RESPONSE -> {
          // the latest response replaces what earlier ones said
          responseCode = d.responseCode();
          confirmed.clear();
          articles.clear();
          for (Map.Entry<String, ChainLine> e : d.lines().entrySet()) {
            confirmed.put(e.getKey(), e.getValue().quantity());
            if (e.getValue().article() != null) {
              articles.put(e.getKey(), e.getValue().article());
            }
          }
        }
        case DESPATCH_ADVICE -> add(delivered, d);
        case INVOICE -> add(invoiced, d);
        case CREDIT_NOTE -> add(credited, d);
        case ORDER_AGREEMENT -> {
          // an agreement answers a call-off, never a received order: not part of an order's chain
        }
      }
    }
    OrderProgress progress = new OrderProgress(responseCode, confirmed, articles, delivered, invoiced, credited);
    List<LineStatus> lines = new ArrayList<>();
    for (OrderedLine l : order.lines()) {
      lines.add(
          new LineStatus(
              l.lineId(),
              l.articleNumber(),
              progress.article(l),
              l.name(),
              l.unitCode(),
              l.quantity(),
              responseCode == null ? null : progress.agreed(l),
              progress.delivered(l.lineId()),
              progress.invoiced(l.lineId()),
              progress.credited(l.lineId())));
    }
    return new OrderChain(order, List.copyOf(documents), progress, List.copyOf(lines), summary(order, progress));
  }

  /** Whether the document reached (or is on its way to) the buyer. */
  public static boolean counts(ChainDocument d) {
    return d.state() != TransmissionState.FAILED
        && d.state() != TransmissionState.CANCELLED
        && d.state() != TransmissionState.REJECTED;
  }

  private static void add(Map<String, BigDecimal> into, ChainDocument d) {
    for (Map.Entry<String, ChainLine> e : d.lines().entrySet()) {
      into.merge(e.getKey(), e.getValue().quantity(), BigDecimal::add);
    }
  }

  private static String summary(ReceivedOrder order, OrderProgress p) {
    String response =
        p.responseCode() == null
            ? "not confirmed"
            : switch (p.responseCode()) {
              case "AP" -> "confirmed";
              case "CA" -> "confirmed with changes";
              case "RE" -> "rejected";
              default -> "answered " + p.responseCode();
            };
    if (p.rejected()) {
      return response;
    }
    BigDecimal agreed = BigDecimal.ZERO;
    BigDecimal delivered = BigDecimal.ZERO;
    BigDecimal invoiced = BigDecimal.ZERO;
    BigDecimal credited = BigDecimal.ZERO;
    for (OrderedLine l : order.lines()) {
      agreed = agreed.add(p.agreed(l));
      delivered = delivered.add(p.delivered(l.lineId()));
      invoiced = invoiced.add(p.invoiced(l.lineId()));
      credited = credited.add(p.credited(l.lineId()));
    }
    StringBuilder s = new StringBuilder(response);
    s.append(", ").append(part(delivered, agreed, "delivered"));
    s.append(", ").append(part(invoiced, agreed, "invoiced"));
    if (credited.signum() > 0) {
      s.append(", ").append(plain(credited)).append(" credited");
    }
    return s.toString();
  }

  private static String part(BigDecimal done, BigDecimal of, String what) {
    if (done.signum() == 0) {
      return "nothing " + what;
    }
    if (done.compareTo(of) >= 0) {
      return "all " + plain(of) + " " + what;
    }
    return plain(done) + " of " + plain(of) + " " + what;
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }

  /** Per line id the documents' quantities of one kind (for the API's chain view). */
  public static Map<String, BigDecimal> quantities(ChainDocument d) {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    d.lines().forEach((k, v) -> m.put(k, v.quantity()));
    return m;
  }
}
