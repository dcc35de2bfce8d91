package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Page;

/**
 * {@code /ops/transmissions}: the filtered list, newest first, cursor-paged; and
 * {@code /ops/transmissions.csv} with the same filters: every matching row, up to {@link #CSV_MAX_ROWS}.
 */
public final class TransmissionListPage {
  static final int CSV_MAX_ROWS = 100_000;
  private static final int CSV_PAGE = 500;

  /** The model of ops/transmissions.jte. */
  /** @param olderLabel the link to the next page: "Older", or "Partial matches" after the exact ones */
  public record View(FilterForm form, List<Row> rows, String olderHref, String olderLabel, String csvHref) {}

  /** One line of the list. */
  public record Row(Transmission t) {
    public boolean inbound() {
      return t.direction() == Direction.IN;
    }

    public String type() {
      return DocumentKinds.alias(t.documentTypeId());
    }

    public String counterpart() {
      return inbound() ? t.senderId() : t.receiverId();
    }

    public String orderParam() {
      return URLEncoder.encode(t.orderRef(), StandardCharsets.UTF_8);
    }
  }

  private final OpsContext ctx;
  private final PageWriter pages;

  TransmissionListPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Filter f = FilterParams.filter(req, ctx.zone());
    Page page = ctx.service().query().list(f, FilterParams.cursor(req), FilterParams.limit(req));
    String qs = withoutCursor(req.getQueryString());
    String older = page.next().map(n -> "/ops/transmissions?" + qs + (qs.isEmpty() ? "" : "&") + "cursor=" + n.encode())
        .orElse(null);
    View v = new View(FilterForm.of(req, f.reporting() != null, f.businessDuplicatesOnly()),
        page.items().stream().map(Row::new).toList(), older,
        page.next().filter(Cursor::startsPartialMatches).isPresent() ? "Partial matches" : "Older",
        "/ops/transmissions.csv" + (qs.isEmpty() ? "" : "?" + qs));
    pages.write(resp, 200, "ops/transmissions.jte", pages.frame(c, "Transmissions", "Transmissions"), v);
  }

  void csv(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Filter f = FilterParams.filter(req, ctx.zone());
    try (Csv csv = Csv.attachment(resp, "transmissions.csv", List.of("id", "created", "direction", "state",
        "document_type", "number", "order", "buyer_reference", "sender", "receiver", "sbdh_instance_id",
        "as4_message_id", "error_code", "error_detail", "business_duplicate_of"))) {
      Cursor cursor = null;
      int rows = 0;
      do {
        Page page = ctx.service().query().list(f, cursor, CSV_PAGE);
        for (Transmission t : page.items()) {
          csv.row(java.util.Arrays.asList(t.id(), OpsTimes.at(t.createdAt(), ctx.zone()),
              t.direction() == Direction.IN ? "in" : "out", t.state().name(), DocumentKinds.alias(t.documentTypeId()),
              t.businessId(), t.orderRef(), t.buyerRef(), t.senderId(), t.receiverId(), t.sbdhInstanceId(),
              t.as4MessageId(), t.errorCode(), t.errorDetail(), t.businessDuplicateOf()));
          rows++;
        }
        cursor = page.next().orElse(null);
      } while (cursor != null && rows < CSV_MAX_ROWS);
    }
  }

  private static String withoutCursor(String qs) {
    return qs == null ? "" : qs.replaceAll("(^|&)cursor=[^&]*", "").replaceAll("^&", "");
  }
}
