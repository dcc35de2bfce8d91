package se.peppolgw.punchout.transfer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.Money;
import se.peppolgw.punchout.cart.CartStorage;
import se.peppolgw.punchout.cart.CartValidator;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.catalogue.CatalogueCheck;
import se.peppolgw.punchout.event.TransferEvent;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SessionState;

/**
 * Checkout: validate every line, render for the buyer's protocol, close the session (exactly once), log
 * the exact payload. A second transfer of the same session is refused.
 */
public final class CartTransferService {
  private static final Logger LOG = LoggerFactory.getLogger(CartTransferService.class);
  private static final int MAX_ATTEMPTS = 10;
  private final SessionRegistry sessions;
  private final PunchoutEventLog events;
  private final CartValidator validator = new CartValidator();
  private final Map<Protocol, CartRenderer> renderers;
  private final CatalogueCheck catalogueCheck;

  /**
   * @param catalogueCheck applied to every cart whose prices must come from the catalogue (built-in shop, or
   *                       an external shop with {@code priceCheck: CATALOGUE})
   */
  public CartTransferService(SessionRegistry sessions, PunchoutEventLog events, Map<Protocol, CartRenderer> renderers,
      CatalogueCheck catalogueCheck) {
    this.sessions = sessions;
    this.events = events;
    this.renderers = new EnumMap<>(renderers);
    this.catalogueCheck = catalogueCheck;
  }

  /** Problems that would stop a transfer now (shown on the cart page before checkout), in line order. */
  public List<LineProblem> problems(PunchoutSession session, List<CartLine> lines) {
    List<LineProblem> problems = new ArrayList<>(validator.validate(lines));
    if (session.buyer().pricesFromCatalogue()) {
      problems.addAll(catalogueCheck.check(session.buyer(), lines));
    }
    problems.addAll(renderers.get(session.buyer().protocol()).check(session, lines));
    problems.sort(java.util.Comparator.comparingInt(LineProblem::lineNumber));
    return problems;
  }

  /**
   * Sends the cart as it is now. When another request (perhaps on another node) changes the cart while this
   * one renders it, the cart is read again and rendered again: what is sent is always the stored cart.
   */
  public TransferResult transfer(PunchoutSession session) {
    for (int attempt = 1; ; attempt++) {
      TransferResult result = transferOnce(session, attempt < MAX_ATTEMPTS);
      if (result != null) {
        return result;
      }
    }
  }

  /**
   * Cancel in the shop: closes the session and, where the protocol has one ({@link CancelReturn}), returns an
   * empty cart to the buyer's system instead of leaving the user in the shop window. The lines in the cart
   * are never sent. Logged as a transfer with outcome {@code CANCELLED}.
   */
  public TransferResult cancel(PunchoutSession session) {
    CancelReturn mode = CancelReturn.of(session);
    ReturnForm form = mode == CancelReturn.EMPTY_CART
        ? renderers.get(session.buyer().protocol()).render(session, List.of()) : null;
    if (!sessions.cancel(session, "cancelled by the user in the shop")) {
      String reason = "the punch-out session is " + session.state().name().toLowerCase() + "; it cannot be cancelled (again)";
      log(session, List.of(), null, "REFUSED", reason);
      return new TransferResult.NotActive(reason);
    }
    if (form == null) {
      log(session, List.of(), null, "CANCELLED", "nothing sent (" + mode + ")");
      return new TransferResult.Cancelled();
    }
    log(session, List.of(), form, "CANCELLED", "empty cart returned, " + form.fields().size() + " form fields");
    return new TransferResult.Sent(form);
  }

  /** Null when the cart changed under this attempt and another one may follow. */
  private TransferResult transferOnce(PunchoutSession session, boolean mayRetry) {
    CartStorage.Snapshot cart = session.cart().snapshot();
    List<CartLine> lines = cart.lines();
    Protocol protocol = session.buyer().protocol();
    if (session.state() != SessionState.ACTIVE) {
      String reason = "the punch-out session is " + session.state().name().toLowerCase() + "; the cart cannot be sent (again)";
      log(session, lines, null, "REFUSED", reason);
      return new TransferResult.NotActive(reason);
    }
    List<LineProblem> problems = problems(session, lines);
    if (lines.isEmpty() && !emptyCartAllowed(session)) {
      problems.add(new LineProblem(0, null, "cart", "the cart is empty"));
    }
    if (!problems.isEmpty()) {
      log(session, lines, null, "REFUSED",
          problems.stream().map(LineProblem::describe).collect(Collectors.joining("; ")));
      return new TransferResult.Invalid(problems);
    }
    ReturnForm form = renderers.get(protocol).render(session, lines);
    if (!sessions.changeStateIfCartUnchanged(session, SessionState.ACTIVE, SessionState.TRANSFERRED, cart.version(),
        "cart transferred")) {
      if (mayRetry && session.state() == SessionState.ACTIVE) {
        return null;
      }
      String reason = "the punch-out session is " + session.state().name().toLowerCase() + "; the cart cannot be sent (again)";
      log(session, lines, null, "REFUSED", reason);
      return new TransferResult.NotActive(reason);
    }
    log(session, lines, form, "SENT", form.fields().size() + " form fields");
    return new TransferResult.Sent(form);
  }

  /** cXML edit with no lines means "delete the buyer's lines", inspect returns what it got. */
  public static boolean emptyCartAllowed(PunchoutSession s) {
    return s.cxml() != null && !"create".equals(s.cxml().operation());
  }

  private void log(PunchoutSession s, List<CartLine> lines, ReturnForm form, String outcome, String detail) {
    BigDecimal total = Money.total(lines);
    try {
      events.cartTransferred(new TransferEvent(sessions.now(), s.id(), s.buyer().id(), s.buyer().protocol().name(),
          s.returnUrl(), lines.size(), total, s.buyer().currency(),
          form == null ? null : form.payloadMediaType(), form == null ? null : form.payload(), outcome, detail));
    } catch (RuntimeException e) {
      LOG.error("punch-out event log failed for transfer of session {}", s.id(), e);
    }
  }
}
