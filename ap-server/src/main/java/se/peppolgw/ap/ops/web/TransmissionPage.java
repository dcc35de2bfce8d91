package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.ops.Verdict;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionLinks.Link;

/**
 * {@code /ops/transmissions/{id}}: verdict, actions, identifiers, downloads, MLS, timeline and the
 * document; {@code /ops/transmissions/{id}/resend} asks before a delivered document is sent again;
 * {@code /ops/transmissions/{id}/{payload}} downloads a stored payload (audited).
 */
public final class TransmissionPage {
  /** The model of ops/transmission.jte. */
  public record View(
      Transmission t, String title, String refusal, String done, Verdict verdict, TransmissionActions actions,
      List<Fact> facts, List<Related> related, List<Download> downloads, String chainOrder,
      MlsAnswerView.Card mls, List<Step> timeline, BusinessDocument document) {}

  /** A labelled identifier. */
  public record Fact(String label, String value) {}

  /** A resend link from or to this transmission. */
  public record Related(boolean resentAs, String other, String actor, Instant at) {}

  /** A stored payload to download. */
  public record Download(String slug, String label) {}

  /** A timeline event with its offset from the first one and its data pretty-printed. */
  public record Step(TimelineEvent e, String plus, String data) {}

  private final OpsContext ctx;
  private final PageWriter pages;

  TransmissionPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  /** The page; {@code refusal} is a server-made message shown as an error banner. */
  void get(Caller c, String id, int status, String refusal, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<OpsService.Detail> od = ctx.service().detail(id, ctx.zone());
    if (od.isEmpty()) {
      pages.message(resp, 404, c, "Not found", "Not found", "No such page or transmission.", false);
      return;
    }
    OpsService.Detail d = od.get();
    Transmission t = d.transmission();
    // the banner text comes from the fixed set only (done=<code>); a refusal is passed in directly
    String done = refusal != null ? null
        : ActionBanner.forCode(req.getParameter("done")).map(ActionBanner::text).orElse(null);
    boolean isOrder = "order".equals(DocumentKinds.alias(t.documentTypeId()));
    String chainOrder = t.orderRef() != null ? t.orderRef() : isOrder ? t.businessId() : null;
    BusinessDocument doc = ctx.service().store().payload(t.id(), PayloadKind.DOCUMENT)
        .flatMap(BusinessDocument::parse).orElse(null);
    View v = new View(t, DocumentKinds.title(t), refusal, done, d.verdict(), TransmissionActions.of(t), facts(t),
        related(t, d.links()), d.payloads().stream().map(k -> new Download(Downloads.slug(k), label(k))).toList(),
        chainOrder, new MlsAnswerView(ctx.service().store()).card(t), steps(d.timeline()), doc);
    String title = DocumentKinds.title(t) + " " + (t.businessId() == null ? "" : t.businessId());
    pages.write(resp, status, "ops/transmission.jte", pages.frame(c, title, "Transmissions"), v);
  }

  /** The confirmation before a delivered transmission is resent; other states go to the page. */
  void confirmResend(Caller c, String id, HttpServletResponse resp) throws IOException {
    Optional<Transmission> t = ctx.service().store().find(id);
    if (t.isEmpty() || t.get().direction() != Direction.OUT) {
      pages.message(resp, 404, c, "Not found", "Not found", "No such page or transmission.", false);
      return;
    }
    if (TransmissionActions.of(t.get()).resend() != TransmissionActions.Resend.CONFIRM) {
      resp.sendRedirect("/ops/transmissions/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    pages.write(resp, 200, "ops/resendConfirm.jte", pages.frame(c, "Resend " + id + "?", "Transmissions"), t.get());
  }

  void download(Caller c, String id, String slug, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<PayloadKind> k = Downloads.kind(slug);
    Optional<byte[]> bytes = k.flatMap(x -> ctx.service().store().payload(id, x));
    if (bytes.isEmpty()) {
      pages.message(resp, 404, c, "Not found", "Not found", "No such page or transmission.", false);
      return;
    }
    ctx.service().audit().record(c.operator().name(), "DOWNLOAD", id, "OK", slug, req.getRemoteAddr());
    Downloads.write(resp, id, k.get(), bytes.get());
  }

  private static List<Fact> facts(Transmission t) {
    List<Fact> f = new ArrayList<>();
    add(f, "Transmission id", t.id());
    add(f, "Direction", t.direction() == Direction.IN ? "inbound (received)" : "outbound (sent)");
    add(f, "SBDH InstanceIdentifier", t.sbdhInstanceId());
    add(f, "AS4 MessageId", t.as4MessageId());
    add(f, "AS4 ConversationId", t.as4ConversationId());
    add(f, "Document number", t.businessId());
    add(f, "Order number", t.orderRef());
    add(f, "Buyer reference", t.buyerRef());
    add(f, "Sender", t.senderId());
    add(f, "Receiver", t.receiverId());
    add(f, "Document type", t.documentTypeId());
    add(f, "Process", t.processId());
    add(f, "C1 country", t.c1Country());
    add(f, "Remote access point", t.remoteAp());
    add(f, "Remote address", t.remoteAddress());
    add(f, "SBD", t.sbdSize() == null ? null : t.sbdSize() + " bytes, SHA-256 " + t.sbdSha256());
    add(f, "Document", t.documentSize() == null ? null : t.documentSize() + " bytes, SHA-256 " + t.documentSha256());
    add(f, "Error", t.errorCode() == null ? null
        : t.errorCode() + ": " + (t.errorDetail() == null ? "" : t.errorDetail()));
    return f;
  }

  private static void add(List<Fact> f, String label, String value) {
    if (value != null && !value.isBlank()) {
      f.add(new Fact(label, value));
    }
  }

  private static List<Related> related(Transmission t, List<Link> links) {
    return links.stream().map(l -> {
      boolean from = l.fromId().equals(t.id());
      return new Related(from, from ? l.toId() : l.fromId(), l.actor(), l.at());
    }).toList();
  }

  private static List<Step> steps(List<TimelineEvent> events) {
    Instant first = events.isEmpty() ? null : events.get(0).at();
    return events.stream().map(e -> new Step(e,
        first == null || e.at() == null ? "" : "+" + plus(Duration.between(first, e.at())),
        e.data() == null || e.data().isBlank() ? null : pretty(e.data()))).toList();
  }

  private static String plus(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000 ? String.format(Locale.ROOT, "%.3fs", ms / 1000.0)
        : d.toMinutes() < 120 ? d.toMinutes() + "m" : d.toHours() + "h";
  }

  private static String pretty(String json) {
    try {
      return se.peppolgw.ap.api.Json.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsString(se.peppolgw.ap.api.Json.MAPPER.readTree(json));
    } catch (IOException e) {
      return json;
    }
  }

  private static String label(PayloadKind k) {
    return switch (k) {
      case SBD -> "Standard Business Document (SBD)";
      case DOCUMENT -> "Business document (UBL)";
      case RECEIPT -> "Signed AS4 receipt";
      case ERROR_SIGNAL -> "AS4 error signal";
    };
  }
}
