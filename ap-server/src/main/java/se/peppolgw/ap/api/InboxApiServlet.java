package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.handover.InboundMetadata;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.store.InboxStore.AckResult;

/**
 * The back office's pull API for inbound documents.
 *
 * <pre>
 * GET  /api/inbox?cursor=N&amp;limit=M   pending documents after cursor N, oldest first
 * GET  /api/inbox/{id}                 metadata
 * GET  /api/inbox/{id}/document        the business document, byte for byte as received
 * GET  /api/inbox/{id}/sbd             the whole SBD as received
 * POST /api/inbox/{id}/ack             the back office has it; it leaves the pending list
 * </pre>
 */
public final class InboxApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LIMIT = 500;

  private final transient TransmissionStore store;
  private final transient ApiTokens tokens;
  private final transient InboundValidationStore validations;

  private final transient java.util.function.Consumer<String> afterAck;

  public InboxApiServlet(TransmissionStore store, ApiTokens tokens) {
    this(store, tokens, null, id -> {});
  }

  /**
   * @param validations the results of the validation after receipt, shown in the metadata
   * @param afterAck runs after a document is acknowledged here (removes its inbox folder copy)
   */
  public InboxApiServlet(
      TransmissionStore store,
      ApiTokens tokens,
      InboundValidationStore validations,
      java.util.function.Consumer<String> afterAck) {
    this.store = store;
    this.tokens = tokens;
    this.validations = validations;
    this.afterAck = afterAck;
  }

  private Map<String, Object> metadataOf(Transmission t) {
    return InboundMetadata.of(
        t, validations == null ? Optional.empty() : validations.validation(t.id()));
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!tokens.allows(req)) {
      ApiTokens.refuse(resp);
      return;
    }
    try {
      route(req, resp);
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }

  private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    String[] parts = path.substring(1).split("/", -1);
    String method = req.getMethod();
    if (path.equals("/") || path.isEmpty()) {
      if (method.equals("GET")) {
        list(req, resp);
      } else {
        notAllowed(resp, "GET");
      }
      return;
    }
    String id = parts[0];
    String sub = parts.length > 1 ? parts[1] : "";
    if (parts.length > 2) {
      Problem.write(resp, 404, "Not found", "No such resource: " + path);
      return;
    }
    switch (sub) {
      case "" -> {
        if (method.equals("GET")) {
          metadata(id, resp);
        } else {
          notAllowed(resp, "GET");
        }
      }
      case "document", "sbd" -> {
        if (method.equals("GET")) {
          bytes(id, sub.equals("sbd") ? PayloadKind.SBD : PayloadKind.DOCUMENT, resp);
        } else {
          notAllowed(resp, "GET");
        }
      }
      case "ack" -> {
        if (method.equals("POST")) {
          ack(id, resp);
        } else {
          notAllowed(resp, "POST");
        }
      }
      default -> Problem.write(resp, 404, "Not found", "No such resource: " + path);
    }
  }

  private void list(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long cursor;
    int limit;
    try {
      cursor = QueryNumbers.bounded("cursor", req.getParameter("cursor"), 0, 0, Long.MAX_VALUE);
      limit = (int) QueryNumbers.bounded("limit", req.getParameter("limit"), 100, 1, MAX_LIMIT);
    } catch (IllegalArgumentException e) {
      Problem.write(resp, 400, "Bad request", e.getMessage());
      return;
    }
    List<Transmission> page = store.inbox().inboxPending(cursor, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", page.stream().map(this::metadataOf).toList());
    long next = page.isEmpty() ? cursor : page.get(page.size() - 1).seq();
    body.put("nextCursor", next);
    body.put("more", page.size() == limit);
    Json.write(resp, 200, body);
  }

  private Optional<Transmission> inbound(String id, HttpServletResponse resp) throws IOException {
    Optional<Transmission> t = store.find(id).filter(x -> x.direction() == Direction.IN);
    if (t.isEmpty()) {
      Problem.write(resp, 404, "Not found", "No inbound document with id " + id);
    }
    return t;
  }

  private void metadata(String id, HttpServletResponse resp) throws IOException {
    Optional<Transmission> t = inbound(id, resp);
    if (t.isPresent()) {
      Json.write(resp, 200, metadataOf(t.get()));
    }
  }

  private void bytes(String id, PayloadKind kind, HttpServletResponse resp) throws IOException {
    if (inbound(id, resp).isEmpty()) {
      return;
    }
    Optional<byte[]> b = store.payload(id, kind);
    if (b.isEmpty()) {
      Problem.write(resp, 404, "Not found", "Transmission " + id + " has no stored " + kind);
      return;
    }
    resp.setStatus(200);
    resp.setContentType("application/xml");
    resp.setContentLength(b.get().length);
    resp.getOutputStream().write(b.get());
  }

  private void ack(String id, HttpServletResponse resp) throws IOException {
    AckResult r = store.inbox().acknowledge(id, "back office (API)");
    if (r == AckResult.ACKNOWLEDGED) {
      afterAck.accept(id);
    }
    switch (r) {
      case ACKNOWLEDGED, ALREADY_ACKNOWLEDGED ->
          Json.write(resp, 200, Map.of("id", id, "state", "ACKNOWLEDGED", "result", r.name()));
      case NOT_FOUND -> Problem.write(resp, 404, "Not found", "No inbound document with id " + id);
      case NOT_ACKNOWLEDGEABLE ->
          Problem.write(
              resp,
              409,
              "Not acknowledgeable",
              "Transmission " + id + " was never handed over (rejected or duplicate)");
    }
  }

  private static void notAllowed(HttpServletResponse resp, String allowed) throws IOException {
    resp.setHeader("Allow", allowed);
    Problem.write(resp, 405, "Method not allowed", "Allowed: " + allowed);
  }
}
