package se.peppolgw.ap.outbound;

import java.util.Map;

/**
 * A submitted document that is not accepted: the HTTP status and RFC 9457 problem fields to answer
 * with. Nothing was stored.
 */
public final class OutboundRejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient Map<String, ?> extra;

  public OutboundRejection(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public OutboundRejection(int status, String title, String detail, Map<String, ?> extra) {
    super(detail);
    this.status = status;
    this.title = title;
    this.extra = Map.copyOf(extra);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** Extra problem members (e.g. {@code missing}, {@code errors}). */
  public Map<String, ?> extra() {
    return extra;
  }
}
