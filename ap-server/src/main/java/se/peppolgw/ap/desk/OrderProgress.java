package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.Map;

/**
 * How far an order has come, per order line: what the supplier's order response confirmed, which
 * article it agreed to deliver (the substitute, when there is one), and how much was announced
 * for delivery, invoiced and credited so far. The desk checks every new document against this.
 *
 * @param responseCode AP, CA or RE of the latest order response; null when none was sent
 * @param confirmed per line the confirmed quantity (absent: the ordered quantity applies)
 * @param articles per line the article agreed when it differs from the order (a substitute)
 */
public record OrderProgress(
    String responseCode,
    Map<String, BigDecimal> confirmed,
    Map<String, String> articles,
    Map<String, BigDecimal> delivered,
    Map<String, BigDecimal> invoiced,
    Map<String, BigDecimal> credited) {

  public OrderProgress {
    confirmed = Map.copyOf(confirmed);
    articles = Map.copyOf(articles);
    delivered = Map.copyOf(delivered);
    invoiced = Map.copyOf(invoiced);
    credited = Map.copyOf(credited);
  }

  public static OrderProgress none() {
    return new OrderProgress(null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  public boolean rejected() {
    return "RE".equals(responseCode);
  }

  /** The quantity the supplier owes for the line: as confirmed, else as ordered. */
  public BigDecimal agreed(OrderedLine l) {
    return confirmed.getOrDefault(l.lineId(), l.quantity());
  }

  /** The article to deliver and invoice for the line: the substitute, else the ordered one. */
  public String article(OrderedLine l) {
    return articles.getOrDefault(l.lineId(), l.articleNumber());
  }

  public BigDecimal delivered(String lineId) {
    return delivered.getOrDefault(lineId, BigDecimal.ZERO);
  }

  public BigDecimal invoiced(String lineId) {
    return invoiced.getOrDefault(lineId, BigDecimal.ZERO);
  }

  public BigDecimal credited(String lineId) {
    return credited.getOrDefault(lineId, BigDecimal.ZERO);
  }
}
