package se.peppolgw.punchout.cart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The lines of one punch-out session. Thread-safe: a buyer may double-click or use two tabs. */
public final class Cart {
  private final List<CartLine> lines = new ArrayList<>();
  private final Supplier<String> lineIdFactory;

  public Cart(Supplier<String> lineIdFactory) {
    this.lineIdFactory = lineIdFactory;
  }

  /** Adds a line; the same article with the same price is merged into the existing line. */
  public synchronized CartLine add(CartLine line) {
    for (int i = 0; i < lines.size(); i++) {
      CartLine existing = lines.get(i);
      if (existing.articleNumber() != null && existing.articleNumber().equals(line.articleNumber())
          && existing.price() != null && line.price() != null && existing.price().compareTo(line.price()) == 0
          && line.quantity() != null && existing.quantity() != null) {
        CartLine merged = existing.withQuantity(existing.quantity().add(line.quantity()));
        lines.set(i, merged);
        return merged;
      }
    }
    CartLine withId = line.lineId() == null || line.lineId().isBlank() ? line.withLineId(lineIdFactory.get()) : line;
    lines.add(withId);
    return withId;
  }

  /** Adds a line as it is (restored from a buyer's earlier cart, or posted through the cart API). */
  public synchronized void append(CartLine line) {
    lines.add(line.lineId() == null || line.lineId().isBlank() ? line.withLineId(lineIdFactory.get()) : line);
  }

  public synchronized void replaceAll(List<CartLine> newLines) {
    lines.clear();
    newLines.forEach(this::append);
  }

  public synchronized boolean setQuantity(String lineId, BigDecimal quantity) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).lineId().equals(lineId)) {
        lines.set(i, lines.get(i).withQuantity(quantity));
        return true;
      }
    }
    return false;
  }

  public synchronized boolean remove(String lineId) {
    return lines.removeIf(l -> l.lineId().equals(lineId));
  }

  public synchronized Optional<CartLine> find(String lineId) {
    return lines.stream().filter(l -> l.lineId().equals(lineId)).findFirst();
  }

  public synchronized List<CartLine> lines() {
    return List.copyOf(lines);
  }

  public synchronized int size() {
    return lines.size();
  }

  public synchronized BigDecimal total() {
    return lines.stream().map(CartLine::lineAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
