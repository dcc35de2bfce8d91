package se.peppolgw.punchout.web;

import static se.peppolgw.punchout.security.Html.esc;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.security.Tokens;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.AutoSubmitPage;
import se.peppolgw.punchout.transfer.TransferResult;

/** Shows the outcome of a checkout: the auto-submit page, or why nothing was sent. */
final class TransferResponder {
  private TransferResponder() {
  }

  static void respond(HttpServletResponse resp, PunchoutSession session, TransferResult result, String backLink)
      throws IOException {
    if (result instanceof TransferResult.Sent sent) {
      String nonce = Tokens.secret();
      String csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-" + nonce + "'; form-action "
          + origin(sent.form().action()) + "; frame-ancestors " + frameAncestors(session.buyer());
      Responses.html(resp, 200, AutoSubmitPage.render(sent.form(), session.buyer().name(), nonce),
          sent.form().charset(), csp);
    } else if (result instanceof TransferResult.Invalid invalid) {
      StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>Cart not sent</title>")
          .append(Responses.STYLE).append("</head><body><header><strong>Punch-out</strong></header><main>")
          .append("<h1>The cart was not sent</h1><p>Fix these lines and check out again:</p><ul id=\"problems\">");
      for (LineProblem p : invalid.problems()) {
        html.append("<li class=\"problem\">").append(esc(p.describe())).append("</li>");
      }
      html.append("</ul>");
      if (backLink != null) {
        html.append("<p><a href=\"").append(esc(backLink)).append("\">Back to the cart</a></p>");
      }
      html.append("</main></body></html>");
      Responses.html(resp, 422, html.toString(), StandardCharsets.UTF_8,
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + frameAncestors(session.buyer()));
    } else if (result instanceof TransferResult.NotActive notActive) {
      Responses.message(resp, 409, "Cart already closed", "Nothing was sent: " + notActive.reason() + ".");
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
