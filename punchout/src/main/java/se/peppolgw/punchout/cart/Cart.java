package se.peppolgw.punchout.cart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lines of one punch-out session. Thread-safe: a buyer may double-click or use two tabs. When the cart
 * is backed by a {@link CartStorage} every change is saved at once; a change that lost a race with another
 * request (perhaps on another node) is applied again to the newer lines.
 */
public final class Cart {
  private static final int MAX_ATTEMPTS = 20;
  private final Supplier<String> lineIdFactory;
  private final CartStorage storage;
  private List<CartLine> lines;
  private long version;

  /** A cart that lives in memory only (built before its session is stored). */
  public Cart(Supplier<String> lineIdFactory) {
    this(lineIdFactory, new CartStorage.Snapshot(List.of(), 0), null);
  }

  /** A cart restored from {@code storage}, starting from {@code loaded}. */
  public Cart(Supplier<String> lineIdFactory, CartStorage.Snapshot loaded, CartStorage storage) {
    this.lineIdFactory = lineIdFactory;
    this.storage = storage;
    this.lines = new ArrayList<>(loaded.lines());
    this.version = loaded.version();
  }

  /** Adds a line; the same article with the same price is merged into the existing line. */
  public CartLine add(CartLine line) {
    // the id is chosen once, so a retried change adds the same line, not a second one
    CartLine withId = line.lineId() == null || line.lineId().isBlank() ? line.withLineId(lineIdFactory.get()) : line;
    return change(work -> {
      for (int i = 0; i < work.size(); i++) {
        CartLine existing = work.get(i);
        if (existing.articleNumber() != null && existing.articleNumber().equals(line.articleNumber())
            && existing.price() != null && line.price() != null && existing.price().compareTo(line.price()) == 0
            && line.quantity() != null && existing.quantity() != null) {
          CartLine merged = existing.withQuantity(existing.quantity().add(line.quantity()));
          work.set(i, merged);
          return merged;
        }
      }
      work.add(withId);
      return withId;
    });
  }

  /** Adds a line as it is (restored from a buyer's earlier cart, or posted through the cart API). */
  public void append(CartLine line) {
    CartLine withId = withId(line);
    change(work -> work.add(withId));
  }

  public void replaceAll(List<CartLine> newLines) {
    List<CartLine> withIds = newLines.stream().map(this::withId).toList();
    change(work -> {
      work.clear();
      return work.addAll(withIds);
    });
  }

  public boolean setQuantity(String lineId, BigDecimal quantity) {
    return change(work -> {
      for (int i = 0; i < work.size(); i++) {
        if (work.get(i).lineId().equals(lineId)) {
          work.set(i, work.get(i).withQuantity(quantity));
          return true;
        }
      }
      return false;
    });
  }

  public boolean remove(String lineId) {
    return change(work -> work.removeIf(l -> l.lineId().equals(lineId)));
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

  /** The sum of the rounded line amounts ({@link Money}). */
  public synchronized BigDecimal total() {
    return Money.total(lines);
  }

  /** The lines this request sees and the stored version they belong to. */
  public synchronized CartStorage.Snapshot snapshot() {
    return new CartStorage.Snapshot(List.copyOf(lines), version);
  }

  /** Reads the lines again from storage (another request may have changed them). */
  public synchronized void reload() {
    if (storage != null) {
      CartStorage.Snapshot newer = storage.load();
      lines = new ArrayList<>(newer.lines());
      version = newer.version();
    }
  }

  private CartLine withId(CartLine line) {
    return line.lineId() == null || line.lineId().isBlank() ? line.withLineId(lineIdFactory.get()) : line;
  }

  /**
   * Applies {@code op} to a copy of the lines and saves the copy under the next version. When another request
   * saved first, the newer lines are loaded and {@code op} runs again on them: nobody's line is lost.
   */
  private synchronized <T> T change(Function<List<CartLine>, T> op) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<CartLine> work = new ArrayList<>(lines);
      T result = op.apply(work);
      if (storage == null || storage.save(List.copyOf(work), version)) {
        lines = work;
        version++;
        return result;
      }
      CartStorage.Snapshot newer = storage.load();
      lines = new ArrayList<>(newer.lines());
      version = newer.version();
    }
    throw new IllegalStateException("the cart kept changing under this request; " + MAX_ATTEMPTS + " attempts");
  }
}
