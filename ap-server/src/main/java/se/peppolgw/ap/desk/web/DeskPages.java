package se.peppolgw.ap.desk.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.desk.DeskInputException;
import se.peppolgw.ap.desk.DeskRequest;
import se.peppolgw.ap.desk.DeskService;
import se.peppolgw.ap.desk.OrderAgreementRequest;
import se.peppolgw.ap.desk.OrderAgreements;
import se.peppolgw.ap.desk.OrderChain;
import se.peppolgw.ap.desk.web.DeskPageModels.AgreementPage;
import se.peppolgw.ap.desk.web.DeskPageModels.MessagePage;
import se.peppolgw.ap.desk.web.DeskPageModels.OrderPage;
import se.peppolgw.ap.desk.web.DeskPageModels.OrdersPage;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * The supplier's desk in the browser, for clerks and operators (role {@code clerk} or higher):
 *
 * <pre>
 * GET  /ops/desk/                          the received orders
 * GET  /ops/desk/orders/{id}               an order: its lines' progress, its documents, the forms
 * POST /ops/desk/orders/{id}/{form}        action=preview: build and check, show the document
 *                                          action=confirm: build, check and send (audited)
 * (the catalogue's pages, /ops/desk/catalogue, are {@link CataloguePages})
 * GET  /ops/desk/agreements                an order agreement for a call-off by phone or web shop
 * POST /ops/desk/agreements                preview / confirm it likewise
 * </pre>
 *
 * Log in at {@code /ops/login}; every POST carries the session's CSRF token. Nothing is sent
 * without a confirm, and the confirm builds the document again from the same values (the chain
 * may have moved since the preview) under the order's lock.
 */
public final class DeskPages extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DeskPages.class);
  static final int MAX_ORDERS = 200;
  /** The preview's hidden field naming the chain it was built from. */
  static final String CHAIN_MARK = "chainMark";

  private final transient DeskService desk;
  private final transient OrderAgreements agreements;
  private final transient TransmissionQuery query;
  private final transient java.util.function.Supplier<Catalogue> catalogue;
  private final transient DeskGate gate;
  private final transient AuditTrail audit;
  private final List<String> ourParticipants;

  public DeskPages(
      DeskService desk,
      OrderAgreements agreements,
      TransmissionQuery query,
      java.util.function.Supplier<Catalogue> catalogue,
      OpsAuth auth,
      AuditTrail audit,
      List<String> ourParticipants,
      ZoneId zone,
      boolean localMode) {
    this.desk = desk;
    this.agreements = agreements;
    this.query = query;
    this.catalogue = catalogue;
    this.gate = new DeskGate(auth, zone, localMode);
    this.audit = audit;
    this.ourParticipants = List.copyOf(ourParticipants);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<DeskGate.Admitted> admitted = gate.admit(req, resp);
    if (admitted.isEmpty()) {
      return;
    }
    Caller c = admitted.get().caller();
    DeskView v = admitted.get().view();
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    String[] parts = path.substring(1).split("/", -1);
    try {
      if (req.getMethod().equals("GET") && (path.equals("/") || path.isEmpty())) {
        orders(v, resp);
      } else if (path.equals("/agreements")) {
        if (req.getMethod().equals("POST") && !c.csrfOk(req)) {
          DeskGate.page(resp, 403, "desk/message.jte", new MessagePage(v, "Form expired",
              "This form expired or was not sent from this site; open the page again."));
        } else if (req.getMethod().equals("POST")) {
          agreement(v, c, req, resp);
        } else {
          DeskGate.page(resp, 200, "desk/agreement.jte", agreementPage(v, bannerOf(req), Map.of(), Map.of()));
        }
      } else if (req.getMethod().equals("GET") && parts.length == 2 && parts[0].equals("orders")) {
        order(v, c, parts[1], FormState.NONE, bannerOf(req), 200, resp);
      } else if (req.getMethod().equals("POST") && parts.length == 3 && parts[0].equals("orders")
          && DeskForm.byPath(parts[2]).isPresent()) {
        if (!c.csrfOk(req)) {
          DeskGate.page(resp, 403, "desk/message.jte", new MessagePage(v, "Form expired",
              "This form expired or was not sent from this site; open the order again."));
          return;
        }
        post(v, c, parts[1], DeskForm.byPath(parts[2]).get(), req, resp);
      } else if (!req.getMethod().equals("GET") && !req.getMethod().equals("POST")) {
        resp.setHeader("Allow", "GET, POST");
        resp.sendError(405);
      } else {
        DeskGate.page(resp, 404, "desk/message.jte", new MessagePage(v, "Not found", "No such page: /ops/desk" + path));
      }
    } catch (DeskService.NoSuchOrder e) {
      DeskGate.page(resp, 404, "desk/message.jte", new MessagePage(v, "No such order", e.getMessage()));
    } catch (StoreException e) {
      LOG.warn("Desk pages: store unavailable: {}", e.getMessage());
      DeskGate.page(resp, 503, "desk/message.jte",
          new MessagePage(v, "Database unavailable", "The database is not reachable; retry later."));
    }
  }

  private void orders(DeskView v, HttpServletResponse resp) throws IOException {
    TransmissionQuery.Filter f =
        new TransmissionQuery.Filter(Direction.IN, null, DocumentTypeAliases.expand("order"), null, null, null, null);
    DeskGate.page(resp, 200, "desk/orders.jte", new OrdersPage(v, query.list(f, null, MAX_ORDERS).items()));
  }

  private void order(DeskView v, Caller c, String orderId, FormState form, String banner, int status, HttpServletResponse resp)
      throws IOException, DeskService.NoSuchOrder {
    OrderChain chain = desk.chain(orderId, scope(c));
    List<String> invoices =
        chain.documents().stream()
            .filter(d -> OrderChain.counts(d) && d.kind().equals(DeskForm.INVOICE.kind().name()))
            .map(d -> d.documentId())
            .toList();
    DeskGate.page(resp, status, "desk/order.jte", new OrderPage(v, chain, form, banner, catalogue.get().items(), invoices));
  }

  private void post(DeskView v, Caller c, String orderId, DeskForm form, HttpServletRequest req, HttpServletResponse resp)
      throws IOException, DeskService.NoSuchOrder {
    Map<String, String> values = values(req);
    String action = Optional.ofNullable(req.getParameter("action")).orElse("preview");
    SenderScope scope = scope(c);
    OrderChain chain = desk.chain(orderId, scope);
    DeskForms forms = new DeskForms(values, chain.order().lines());
    if (action.equals("edit")) {
      order(v, c, orderId, new FormState(form, values, Map.of()), null, 200, resp);
      return;
    }
    DeskRequest request;
    try {
      request = forms.parse(form);
      if (action.equals("confirm")) {
        confirm(v, c, chain, form, request, values, req, resp);
        return;
      }
      DeskService.Preview p = desk.preview(orderId, request, scope);
      // the confirm sends only if the order's chain is still the one previewed
      values.put(CHAIN_MARK, p.chainMark());
      DeskGate.page(resp, p.acceptable() ? 200 : 422, "desk/preview.jte", Previews.page(v, chain, form, values, p));
    } catch (DeskInputException e) {
      if (e.problems().size() == 1 && e.problems().get(0).field().equals("/")) {
        // not about a field: e.g. the order changed since the preview
        DeskGate.page(resp, e.status(), "desk/message.jte", new MessagePage(v, "Not sent", e.problems().get(0).problem()));
        return;
      }
      order(v, c, orderId, new FormState(form, values, forms.byField(e.problems())), null, e.status(), resp);
    }
  }

  private void confirm(
      DeskView v,
      Caller c,
      OrderChain chain,
      DeskForm form,
      DeskRequest request,
      Map<String, String> values,
      HttpServletRequest req,
      HttpServletResponse resp)
      throws IOException, DeskService.NoSuchOrder, DeskInputException {
    String orderId = chain.order().transmissionId();
    String who = c.operator().name();
    try {
      DeskService.Submitted s = desk.send(orderId, request, scope(c), values.get(CHAIN_MARK));
      audit.record(who, "DESK_" + form.kind().name(), orderId, "OK",
          form.title() + " " + s.documentId() + " for order " + chain.order().orderNumber()
              + " sent as transmission " + s.transmissionId(),
          req.getRemoteAddr());
      resp.sendRedirect("/ops/desk/orders/" + orderId + "?sent=" + s.transmissionId());
    } catch (OutboundRejection r) {
      audit.record(who, "DESK_" + form.kind().name(), orderId, "REFUSED", r.title() + ": " + r.detail(), req.getRemoteAddr());
      DeskService.Preview p = desk.preview(orderId, request, scope(c));
      DeskGate.page(resp, r.status(), "desk/preview.jte", Previews.page(v, chain, form, values, p.acceptable()
          ? new DeskService.Preview(p.document(), p.warnings(), r) : p));
    }
  }

  private void agreement(DeskView v, Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Map<String, String> values = values(req);
    String action = Optional.ofNullable(req.getParameter("action")).orElse("preview");
    if (action.equals("edit")) {
      DeskGate.page(resp, 200, "desk/agreement.jte", agreementPage(v, null, values, Map.of()));
      return;
    }
    AgreementForm form = new AgreementForm(values);
    try {
      OrderAgreementRequest request = form.parse();
      if (action.equals("confirm")) {
        try {
          DeskService.Submitted s = agreements.send(request, scope(c));
          audit.record(c.operator().name(), "DESK_ORDER_AGREEMENT", s.transmissionId(), "OK",
              "Order agreement " + s.documentId() + " for call-off " + request.orderReference() + " of "
                  + request.buyer() + " sent as transmission " + s.transmissionId(),
              req.getRemoteAddr());
          resp.sendRedirect("/ops/desk/agreements?sent=" + s.transmissionId());
          return;
        } catch (OutboundRejection r) {
          audit.record(c.operator().name(), "DESK_ORDER_AGREEMENT", request.orderReference(), "REFUSED",
              r.title() + ": " + r.detail(), req.getRemoteAddr());
        }
      }
      DeskService.Preview p = agreements.preview(request, scope(c));
      DeskGate.page(resp, p.acceptable() ? 200 : 422, "desk/preview.jte",
          Previews.page(v, "Order agreement " + p.document().documentId() + " for call-off " + request.orderReference(),
              "/ops/desk/agreements", values, p));
    } catch (DeskInputException e) {
      DeskGate.page(resp, e.status(), "desk/agreement.jte", agreementPage(v, null, values, form.byField(e.problems())));
    }
  }

  private AgreementPage agreementPage(DeskView v, String banner, Map<String, String> values, Map<String, String> problems) {
    TransmissionQuery.Filter f = new TransmissionQuery.Filter(
        Direction.OUT, null, DocumentTypeAliases.expand("order-agreement"), null, null, null, null);
    return new AgreementPage(v, banner, values, problems, AgreementForm.ROWS, catalogue.get().items(),
        query.list(f, null, MAX_ORDERS).items());
  }

  /** "Invoice F-1 sent as transmission …" after a confirm (the id comes from the redirect). */
  private String bannerOf(HttpServletRequest req) {
    String sent = req.getParameter("sent");
    if (sent == null || !sent.matches("[0-9a-f-]{36}")) {
      return null;
    }
    return "Sent: transmission " + sent + " is in the outbox.";
  }

  private SenderScope scope(Caller c) {
    return SenderScope.of("desk:" + c.operator().name(), ourParticipants, List.of());
  }

  /** The form's single values, without the CSRF token and the action. */
  private static Map<String, String> values(HttpServletRequest req) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(req.getParameterMap().keySet());
    for (String n : names) {
      if (n.equals(OpsAuth.CSRF_FIELD) || n.equals("action") || n.length() > 200 || out.size() >= 20_000) {
        continue;
      }
      out.put(n, req.getParameter(n));
    }
    return out;
  }

}
