package se.peppolgw.punchout.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.html.Templates;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.security.Tokens;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.AutoSubmitPage;
import se.peppolgw.punchout.transfer.TransferResult;
import se.peppolgw.punchout.web.page.ShopPages;

/** Shows the outcome of a checkout: the auto-submit page, or why nothing was sent. */
final class TransferResponder {
  private TransferResponder() {
  }

  static void respond(HttpServletResponse resp, PunchoutSession session, TransferResult result, String backLink)
      throws IOException {
    respond(resp, session, result, backLink, AutoSubmitPage.Purpose.CART);
  }

  /** @param purpose a cart, or the empty cart of a cancel (only the page's words differ) */
  static void respond(HttpServletResponse resp, PunchoutSession session, TransferResult result, String backLink,
      AutoSubmitPage.Purpose purpose) throws IOException {
    ShopText t = ShopText.forProfile(session.buyer().language());
    if (result instanceof TransferResult.Sent sent) {
      String nonce = Tokens.secret();
      String csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-" + nonce + "'; form-action "
          + origin(sent.form().action()) + "; frame-ancestors " + frameAncestors(session.buyer());
      Responses.html(resp, 200, AutoSubmitPage.render(sent.form(), session.buyer().name(), nonce, t, purpose),
          sent.form().charset(), csp);
    } else if (result instanceof TransferResult.Invalid invalid) {
      String html = Templates.render("shop/transferProblems.jte",
          new ShopPages.TransferProblems(t, session.buyer().name(), invalid.problems(), backLink));
      Responses.html(resp, 422, html, Responses.NO_SCRIPT_CSP + "; frame-ancestors " + frameAncestors(session.buyer()));
    } else if (result instanceof TransferResult.Cancelled) {
      Responses.message(resp, 200, t, "cancel");
    } else if (result instanceof TransferResult.NotActive notActive) {
      Responses.message(resp, 409, t, "error.notsent", notActive.reason());
    }
  }

  /** The buyer may show our pages in its own frames, nobody else. */
  static String frameAncestors(BuyerProfile buyer) {
    Set<String> origins = new LinkedHashSet<>();
    origins.add("'self'");
    // explicit origins when the buyer frames the shop from elsewhere than its return host
    for (String url : buyer.frameAncestors().isEmpty() ? buyer.allowedReturnUrls() : buyer.frameAncestors()) {
      String o = origin(url);
      if (!o.equals("'none'")) {
        origins.add(o);
      }
    }
    return String.join(" ", origins);
  }

  static String origin(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "'none'";
      }
      return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "'none'";
    }
  }
}
