package se.peppolgw.punchout.cart;

import java.util.List;

/**
 * Where a cart's lines live between requests. Every change is saved with an optimistic version check, so two
 * requests (perhaps on two nodes) that change one cart at the same time never silently lose a line: the
 * loser reloads and applies its change again.
 */
public interface CartStorage {
  /** The lines as stored, and the version they were stored under. */
  record Snapshot(List<CartLine> lines, long version) {
  }

  Snapshot load();

  /** Stores {@code lines} as version {@code expectedVersion + 1}; false when the stored version moved on. */
  boolean save(List<CartLine> lines, long expectedVersion);
}
