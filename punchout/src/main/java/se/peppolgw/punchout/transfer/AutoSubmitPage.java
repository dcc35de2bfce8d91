package se.peppolgw.punchout.transfer;

import se.peppolgw.punchout.html.Templates;
import se.peppolgw.punchout.i18n.ShopText;

/**
 * The page that carries the cart back through the buyer's browser (template {@code transfer/autoSubmit.jte}):
 * a form of hidden fields posted to the return URL, submitted by a script, with a visible button for browsers
 * without scripting. Every value is HTML-escaped; characters the page's charset cannot hold become character
 * references ({@link Templates#encode}).
 */
public final class AutoSubmitPage {
  public static final String FORM_ID = "punchout-return";

  /** What the template shows; {@code nonce} is the script's CSP nonce. */
  public record Model(ReturnForm form, String lang, String title, String text, String noscript, String button,
      String nonce) {
  }

  /** Whether the page sends the buyer's cart or, after a cancel, an empty one. */
  public enum Purpose {
    CART("transfer.title", "transfer.text"),
    CANCEL("transfer.cancel.title", "transfer.cancel.text");

    private final String titleKey;
    private final String textKey;

    Purpose(String titleKey, String textKey) {
      this.titleKey = titleKey;
      this.textKey = textKey;
    }
  }

  private AutoSubmitPage() {
  }

  /** The page's bytes in the form's charset. */
  public static byte[] render(ReturnForm form, String buyerName, String scriptNonce, ShopText t, Purpose purpose) {
    Model model = new Model(form, t.lang(), t.get(purpose.titleKey), t.get(purpose.textKey, buyerName),
        t.get("transfer.noscript"), t.get("transfer.button"), scriptNonce);
    return Templates.encode(Templates.render("transfer/autoSubmit.jte", model), form.charset());
  }
}
