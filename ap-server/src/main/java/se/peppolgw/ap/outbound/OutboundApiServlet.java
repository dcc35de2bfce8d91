package se.peppolgw.ap.outbound;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.api.QueryNumbers;
import se.peppolgw.ap.mls.MlsViews;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.MlsAnswer;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.OutboundListing;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The back office's outbound API.
 *
 * <pre>
 * POST /api/outbound[?sender=&amp;receiver=&amp;documentType=&amp;process=&amp;countryC1=&amp;validate=false
 *                   &amp;duplicate=allow]   [Idempotency-Key: ...]
 *                                  a UBL document or a complete SBD; 202 + Location when accepted;
 *                                  409 for a reused key or a duplicate business document
 * GET  /api/outbound[?state=&amp;since=&amp;cursor=&amp;limit=]
 *                                  the caller's submissions (senders it may send for), oldest first
 * GET  /api/outbound/{id}          state, routing, identifiers, attempts and the event timeline
 * GET  /api/outbound/{id}/receipt  the signed AS4 receipt, verbatim
 * GET  /api/outbound/{id}/sbd      the SBD as sent
 * GET  /api/outbound/{id}/document the business document as sent
 * </pre>
 */
public final class OutboundApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OutboundApiServlet.class);
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final transient OutboundService service;
  private final transient TransmissionStore store;
  private final transient OutboxStore outbox;
  private final transient ApiTokens tokens;
  private final transient OutboundListing listing;
  private final transient Warmth warmth;
  private final List<String> ourParticipants;
  private final long maxBytes;
  private final MlsStore mls;

  /** @param ourParticipants the participants this gateway serves: every token may send for them */
  public OutboundApiServlet(
      OutboundService service,
      TransmissionStore store,
      OutboxStore outbox,
      OutboundListing listing,
      ApiTokens tokens,
      List<String> ourParticipants,
      long maxBytes,
      Warmth warmth) {
    this.warmth = warmth;
    this.listing = listing;
    this.ourParticipants = List.copyOf(ourParticipants);
    this.service = service;
    this.store = store;
    this.outbox = outbox;
    this.tokens = tokens;
    this.maxBytes = maxBytes;
    this.mls = new MlsStore(store.database());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ApiTokens.Token> token = tokens.authenticate(req);
    if (token.isEmpty()) {
      ApiTokens.refuse(resp);
      return;
    }
    try {
      route(req, resp, token.get());
    } catch (StoreException e) {
      LOG.warn("Outbound API: store unavailable: {}", e.getMessage());
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; nothing was stored, retry later");
    }
  }

  private void route(HttpServletRequest req, HttpServletResponse resp, ApiTokens.Token token)
      throws IOException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    String method = req.getMethod();
    if (path.equals("/")) {
      SenderScope scope = SenderScope.of(token.name(), ourParticipants, token.maySendFor());
      switch (method) {
        case "POST" -> submit(req, resp, scope);
        case "GET" -> list(req, resp, scope);
        default -> notAllowed(resp, "GET, POST");
      }
      return;
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length > 2) {
      Problem.write(resp, 404, "Not found", "No such resource: " + path);
      return;
    }
    if (!method.equals("GET")) {
      notAllowed(resp, "GET");
      return;
    }
    if (path.equals("/mls/unmatched")) {
      unmatchedMls(req, resp);
      return;
    }
    String id = parts[0];
    Optional<Transmission> t = store.find(id).filter(x -> x.direction() == Direction.OUT);
    if (t.isEmpty()) {
      Problem.write(resp, 404, "Not found", "No outbound transmission with id " + id);
      return;
    }
    String sub = parts.length > 1 ? parts[1] : "";
    switch (sub) {
      case "" -> Json.write(resp, 200, status(t.get()));
      case "receipt" -> bytes(id, PayloadKind.RECEIPT, "application/soap+xml", resp);
      case "sbd" -> bytes(id, PayloadKind.SBD, "application/xml", resp);
      case "document" -> bytes(id, PayloadKind.DOCUMENT, "application/xml", resp);
      default -> Problem.write(resp, 404, "Not found", "No such resource: " + path);
    }
  }

  private void submit(HttpServletRequest req, HttpServletResponse resp, SenderScope scope)
      throws IOException {
    if (!warmth.isWarm()) {
      // a quick 503 the client retries, never a 202 after a timeout (then sent twice)
      LOG.info("Outbound API: refused a document from {}: still warming up", scope.submitter());
      resp.setHeader("Retry-After", Integer.toString(Warmth.RETRY_AFTER_SECONDS));
      Problem.write(resp, 503, "Warming up",
          "The gateway is still preparing validation; nothing was stored. Retry after "
              + Warmth.RETRY_AFTER_SECONDS + " s (GET /health says ready: true when it is ready)");
      return;
    }
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    }
    if (body.length > maxBytes) {
      Problem.write(resp, 413, "Document too large", "The limit is " + maxBytes + " bytes");
      return;
    }
    String validate = req.getParameter("validate");
    if (validate != null && !validate.equalsIgnoreCase("true") && !validate.equalsIgnoreCase("false")) {
      Problem.write(resp, 400, "Bad request", "validate must be true or false");
      return;
    }
    String duplicate = req.getParameter("duplicate");
    if (duplicate != null && !duplicate.equals("allow")) {
      Problem.write(resp, 400, "Bad request", "duplicate must be 'allow' (or absent)");
      return;
    }
    String key = req.getHeader(IDEMPOTENCY_KEY);
    if (key != null && !IdempotencyKeys.isValid(key)) {
      LOG.info("Outbound API: refused an unusable Idempotency-Key from {}", scope.submitter());
      Problem.write(resp, 400, "Bad Idempotency-Key",
          "An Idempotency-Key is 1 to " + IdempotencyKeys.MAX_LENGTH
              + " visible ASCII characters (a UUID is a good choice)");
      return;
    }
    OutboundService.Submission how =
        new OutboundService.Submission(
            key,
            key == null ? null : IdempotencyKeys.requestDigest(body, req::getParameter),
            duplicate != null,
            req.getContextPath() + "/api/outbound/");
    try {
      OutboundService.Accepted a =
          service.submit(
              body,
              RoutingOverrides.from(req::getParameter),
              "false".equalsIgnoreCase(validate),
              "API",
              scope,
              how);
      resp.setHeader("Location", how.locationPrefix() + a.transmissionId());
      if (a.replayed()) {
        resp.setHeader("Idempotent-Replayed", "true");
      }
      byte[] answer = a.answer().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      resp.setStatus(202);
      resp.setContentType("application/json");
      resp.setContentLength(answer.length);
      resp.getOutputStream().write(answer);
    } catch (OutboundRejection r) {
      Problem.write(resp, r.status(), r.title(), r.detail(), r.extra());
    }
  }

  /** GET /api/outbound: the caller's submissions in the order they were accepted, one page. */
  private void list(HttpServletRequest req, HttpServletResponse resp, SenderScope scope)
      throws IOException {
    OutboundListQuery q;
    try {
      q = OutboundListQuery.parse(req.getParameterMap());
    } catch (IllegalArgumentException e) {
      LOG.info("Outbound API: refused a list request from {}: {}", scope.submitter(), e.getMessage());
      Problem.write(resp, 400, "Bad request", e.getMessage());
      return;
    }
    // one row more than asked tells whether there is a further page
    List<Transmission> rows =
        listing.page(
            scope.anySender() ? null : scope.participants(), q.states(), q.since(), q.cursor(), q.limit() + 1);
    boolean more = rows.size() > q.limit();
    List<Transmission> page = more ? rows.subList(0, q.limit()) : rows;
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, MlsAnswer> answers = mls.latest(page.stream().map(Transmission::id).toList());
    body.put(
        "items",
        page.stream()
            .map(t -> summary(t, req.getContextPath() + "/api/outbound/" + t.id(), answers.get(t.id())))
            .toList());
    body.put("nextCursor", page.isEmpty() ? q.cursor() : page.get(page.size() - 1).seq());
    body.put("more", more);
    Json.write(resp, 200, body);
  }

  /**
   * GET /api/outbound/mls/unmatched: received MLS that match none of our transmissions, newest
   * first; {@code before} (the last {@code seq} seen) pages on.
   */
  private void unmatchedMls(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long before;
    int limit;
    try {
      before = QueryNumbers.bounded("before", req.getParameter("before"), 0, 0, Long.MAX_VALUE);
      limit = (int) QueryNumbers.bounded("limit", req.getParameter("limit"), 50, 1, 500);
    } catch (IllegalArgumentException e) {
      Problem.write(resp, 400, "Bad request", e.getMessage());
      return;
    }
    List<MlsAnswer> rows = mls.unmatched(before, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", rows.stream().map(a -> {
      Map<String, Object> m = MlsViews.answer(a);
      m.put("seq", a.seq());
      return m;
    }).toList());
    body.put("before", rows.isEmpty() ? null : rows.get(rows.size() - 1).seq());
    Json.write(resp, 200, body);
  }

  private static Map<String, Object> summary(Transmission t, String location, MlsAnswer answer) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("state", t.state().name());
    m.put("sender", t.senderId());
    m.put("receiver", t.receiverId());
    m.put("documentType", t.documentTypeId());
    m.put("process", t.processId());
    m.put("businessId", t.businessId());
    m.put("sbdhInstanceIdentifier", t.sbdhInstanceId());
    m.put("as4MessageId", t.as4MessageId());
    m.put("errorCode", t.errorCode());
    m.put("errorDetail", t.errorDetail());
    failure(m, t);
    m.put("createdAt", t.createdAt());
    m.put("updatedAt", t.updatedAt());
    m.put("location", location);
    m.put("mls", answer == null ? null : MlsViews.answer(answer));
    return m;
  }

  /** The kind of the stored error code and its words; an EBMS code on a waiting send was retried. */
  private static void failure(Map<String, Object> m, Transmission t) {
    Optional<SendFailure> f = SendFailure.fromStored(t.errorCode(), !t.state().isFinal());
    m.put("failureKind", f.map(SendFailure::name).orElse(null));
    m.put("failureDescription", f.map(SendFailure::description).orElse(null));
  }

  private Map<String, Object> status(Transmission t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("state", t.state().name());
    m.put("sender", t.senderId());
    m.put("receiver", t.receiverId());
    m.put("documentType", t.documentTypeId());
    m.put("process", t.processId());
    m.put("countryC1", t.c1Country());
    m.put("sbdhInstanceIdentifier", t.sbdhInstanceId());
    m.put("as4MessageId", t.as4MessageId());
    m.put("as4ConversationId", t.as4ConversationId());
    m.put("remoteAp", t.remoteAp());
    m.put("businessId", t.businessId());
    m.put("sbdSha256", t.sbdSha256());
    m.put("errorCode", t.errorCode());
    m.put("errorDetail", t.errorDetail());
    failure(m, t);
    m.put("createdAt", t.createdAt());
    m.put("updatedAt", t.updatedAt());
    List<TimelineEvent> timeline = store.timeline(t.id());
    m.put("attempts", timeline.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).count());
    outbox.entry(t.id()).ifPresent(e -> m.put("nextAttemptAt", e.nextAttemptAt()));
    m.put("mls", mls.latest(t.id()).map(MlsViews::answer).orElse(null));
    m.put(
        "timeline",
        timeline.stream()
            .map(
                e -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("at", e.at());
                  x.put("type", e.type().name());
                  x.put("code", e.code());
                  x.put("message", e.message());
                  x.put("durationMs", e.durationMs());
                  x.put("data", parseOrRaw(e.data()));
                  return x;
                })
            .toList());
    return m;
  }

  private static Object parseOrRaw(String data) {
    if (data == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(data);
    } catch (IOException e) {
      return data;
    }
  }

  private void bytes(String id, PayloadKind kind, String type, HttpServletResponse resp)
      throws IOException {
    Optional<byte[]> b = store.payload(id, kind);
    if (b.isEmpty()) {
      Problem.write(resp, 404, "Not found", "Transmission " + id + " has no stored " + kind);
      return;
    }
    resp.setStatus(200);
    resp.setContentType(type);
    resp.setContentLength(b.get().length);
    resp.getOutputStream().write(b.get());
  }

  private static void notAllowed(HttpServletResponse resp, String allowed) throws IOException {
    resp.setHeader("Allow", allowed);
    Problem.write(resp, 405, "Method not allowed", "Allowed: " + allowed);
  }
}
