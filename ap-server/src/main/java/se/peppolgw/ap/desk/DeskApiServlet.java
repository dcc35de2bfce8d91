package se.peppolgw.ap.desk;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.BoundedBody;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.StoreException;

/**
 * The desk's JSON API for back offices (the same tokens as {@code /api/outbound}).
 *
 * <pre>
 * GET  /api/orders/{transmissionId}                  the order, its lines' progress and its documents
 * POST /api/orders/{transmissionId}/response         order response (accept, accept with changes, reject)
 * POST /api/orders/{transmissionId}/despatch-advice  despatch advice for (part of) the order
 * POST /api/orders/{transmissionId}/invoice          invoice for (part of) the order
 * POST /api/orders/{transmissionId}/credit-note      credit note for an invoice or some of its lines
 * </pre>
 *
 * A POST answers 202 with the new outbound transmission's id (and Location), 400 naming each bad
 * field, 404 for an unknown order, 409 when the request contradicts the order's chain (more than
 * remains, a rejected order) and 422 when the built document fails Peppol BIS or a buyer's rules.
 */
public final class DeskApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DeskApiServlet.class);
  static final int MAX_BODY = 1024 * 1024;

  private final transient DeskService desk;
  private final transient ApiTokens tokens;
  private final List<String> ourParticipants;

  public DeskApiServlet(DeskService desk, ApiTokens tokens, List<String> ourParticipants) {
    this.desk = desk;
    this.tokens = tokens;
    this.ourParticipants = List.copyOf(ourParticipants);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<SenderScope> caller = DeskApiCaller.scope(tokens, ourParticipants, req, resp);
    if (caller.isEmpty()) {
      return;
    }
    SenderScope scope = caller.get();
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 36) {
      Problem.write(resp, 404, "Not found", "No such resource: /api/orders" + path);
      return;
    }
    String orderId = parts[0];
    try {
      if (parts.length == 1) {
        if (!req.getMethod().equals("GET")) {
          notAllowed(resp, "GET");
          return;
        }
        Json.write(resp, 200, DeskViews.chain(desk.chain(orderId, scope), req.getContextPath()));
        return;
      }
      if (!req.getMethod().equals("POST")) {
        notAllowed(resp, "POST");
        return;
      }
      String what = parts[1];
      if (!List.of("response", "despatch-advice", "invoice", "credit-note").contains(what)) {
        Problem.write(resp, 404, "Not found", "No such resource: /api/orders" + path
            + "; POST to response, despatch-advice, invoice or credit-note");
        return;
      }
      Optional<byte[]> body = BoundedBody.read(req, resp, MAX_BODY);
      if (body.isEmpty()) {
        return;
      }
      DeskJson json = DeskJson.parse(body.get());
      DeskService.Submitted s =
          switch (what) {
            case "response" -> desk.respond(orderId, json.orderResponse(), scope);
            case "despatch-advice" -> desk.despatch(orderId, json.despatch(), scope);
            case "invoice" -> desk.invoice(orderId, json.invoice(), scope);
            default -> desk.creditNote(orderId, json.creditNote(), scope);
          };
      String location = req.getContextPath() + "/api/outbound/" + s.transmissionId();
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("id", s.transmissionId());
      answer.put("kind", s.kind().name());
      answer.put("documentId", s.documentId());
      answer.put("state", "PENDING");
      answer.put("location", location);
      answer.put("order", req.getContextPath() + "/api/orders/" + orderId);
      answer.put("outbound", Json.MAPPER.readTree(s.answer()));
      resp.setHeader("Location", location);
      Json.write(resp, 202, answer);
    } catch (DeskService.NoSuchOrder e) {
      Problem.write(resp, 404, "No such order", e.getMessage());
    } catch (DeskInputException e) {
      LOG.info("Desk API: refused a request from {} for order {}: {}", scope.submitter(), orderId, e.getMessage());
      Problem.write(
          resp,
          e.status(),
          e.status() == 409 ? "Conflicts with the order's documents" : "Invalid request",
          e.problems().size() + " problem(s): " + e.getMessage(),
          Map.of("errors", e.problems().stream().map(p -> Map.of("field", p.field(), "problem", p.problem())).toList()));
    } catch (OutboundRejection r) {
      Problem.write(resp, r.status(), r.title(), r.detail(), r.extra());
    } catch (StoreException e) {
      LOG.warn("Desk API: store unavailable: {}", e.getMessage());
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }

  private static void notAllowed(HttpServletResponse resp, String allowed) throws IOException {
    resp.setHeader("Allow", allowed);
    Problem.write(resp, 405, "Method not allowed", "Allowed: " + allowed);
  }
}
