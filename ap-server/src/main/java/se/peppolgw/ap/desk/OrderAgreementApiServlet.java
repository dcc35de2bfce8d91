package se.peppolgw.ap.desk;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.BoundedBody;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.StoreException;

/**
 * {@code POST /api/order-agreements}: a Peppol BIS Order Agreement for a call-off made by phone
 * or in the web shop (the same tokens as {@code /api/outbound}). 202 with the new transmission,
 * 400 naming each bad field, 422 when Peppol BIS or the buyer's rules fail.
 */
public final class OrderAgreementApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient OrderAgreements agreements;
  private final transient ApiTokens tokens;
  private final List<String> ourParticipants;

  public OrderAgreementApiServlet(OrderAgreements agreements, ApiTokens tokens, List<String> ourParticipants) {
    this.agreements = agreements;
    this.tokens = tokens;
    this.ourParticipants = List.copyOf(ourParticipants);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<SenderScope> caller = DeskApiCaller.scope(tokens, ourParticipants, req, resp);
    if (caller.isEmpty()) {
      return;
    }
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    if (!path.equals("/") && !path.isEmpty()) {
      Problem.write(resp, 404, "Not found", "No such resource: /api/order-agreements" + path);
      return;
    }
    if (!req.getMethod().equals("POST")) {
      resp.setHeader("Allow", "POST");
      Problem.write(resp, 405, "Method not allowed", "Allowed: POST");
      return;
    }
    SenderScope scope = caller.get();
    Optional<byte[]> read = BoundedBody.read(req, resp, DeskApiServlet.MAX_BODY);
    if (read.isEmpty()) {
      return;
    }
    byte[] body = read.get();
    try {
      DeskService.Submitted s = agreements.send(DeskJson.parse(body).orderAgreement(), scope);
      String location = req.getContextPath() + "/api/outbound/" + s.transmissionId();
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("id", s.transmissionId());
      answer.put("kind", s.kind().name());
      answer.put("documentId", s.documentId());
      answer.put("state", "PENDING");
      answer.put("location", location);
      answer.put("outbound", Json.MAPPER.readTree(s.answer()));
      resp.setHeader("Location", location);
      Json.write(resp, 202, answer);
    } catch (DeskInputException e) {
      Problem.write(
          resp,
          e.status(),
          e.status() == 409 ? "Conflicts with the configuration" : "Invalid request",
          e.problems().size() + " problem(s): " + e.getMessage(),
          Map.of("errors", e.problems().stream().map(p -> Map.of("field", p.field(), "problem", p.problem())).toList()));
    } catch (OutboundRejection r) {
      Problem.write(resp, r.status(), r.title(), r.detail(), r.extra());
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }
}
