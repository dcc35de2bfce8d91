package se.peppolgw.punchout.transfer;

import static se.peppolgw.punchout.security.Html.esc;

import java.nio.charset.Charset;

/**
 * The page that carries the cart back through the buyer's browser: a form of hidden fields posted to the
 * return URL, submitted by a script, with a visible button for browsers without scripting. Every value is
 * HTML-escaped; characters the page's charset cannot hold become character references.
 */
public final class AutoSubmitPage {
  public static final String FORM_ID = "punchout-return";

  private AutoSubmitPage() {
  }

  public static String render(ReturnForm form, String buyerName, String scriptNonce) {
    Charset cs = form.charset();
    StringBuilder html = new StringBuilder(256 + form.fields().size() * 64);
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"").append(esc(cs.name())).append("\">\n")
        .append("<title>Transferring cart</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}button{font-size:1.1em;padding:.5em 1em}</style>\n")
        .append("</head><body>\n")
        .append("<p>Your cart is being transferred to ").append(esc(buyerName, cs)).append(" &hellip;</p>\n")
        .append("<form id=\"").append(FORM_ID).append("\" method=\"post\" action=\"").append(esc(form.action(), cs))
        .append("\" target=\"").append(esc(form.target(), cs)).append("\" accept-charset=\"").append(esc(cs.name()))
        .append("\">\n");
    for (FormField f : form.fields()) {
      html.append("<input type=\"hidden\" name=\"").append(esc(f.name(), cs)).append("\" value=\"")
          .append(esc(f.value(), cs)).append("\">\n");
    }
    html.append("<noscript><p>Scripting is off: press the button to send the cart.</p>")
        .append("<button type=\"submit\">Transfer cart</button></noscript>\n")
        .append("</form>\n")
        .append("<script nonce=\"").append(esc(scriptNonce)).append("\">document.getElementById('")
        .append(FORM_ID).append("').submit();</script>\n")
        .append("</body></html>\n");
    return html.toString();
  }
}
