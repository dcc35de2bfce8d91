package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * How the supplier answers an order.
 *
 * @param responseId the order response's own number, or null to let the desk number it
 * @param reason why the order is rejected (required for {@link Decision#REJECT}), or a note
 * @param promisedDelivery the delivery date promised for the whole order, or null
 * @param changes per line what differs from the order (only for {@link Decision#ACCEPT_WITH_CHANGES})
 */
public record OrderResponseRequest(
    Decision decision, String responseId, String reason, LocalDate promisedDelivery, List<LineChange> changes)
    implements DeskRequest {

  public OrderResponseRequest {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** The three answers BIS Order Response allows for a whole order. */
  public enum Decision {
    ACCEPT("AP"),
    ACCEPT_WITH_CHANGES("CA"),
    REJECT("RE");

    private final String code;

    Decision(String code) {
      this.code = code;
    }

    /** UNCL 4343 subset used by Peppol BIS Order Response. */
    public String code() {
      return code;
    }
  }

  /**
   * One changed line: any of a different quantity (0 = line not accepted), a different delivery
   * date, or a substitute article (which must exist in the supplier's catalogue).
   */
  public record LineChange(String lineId, BigDecimal quantity, LocalDate deliveryDate, String substituteArticle) {}
}
