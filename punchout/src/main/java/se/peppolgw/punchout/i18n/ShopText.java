package se.peppolgw.punchout.i18n;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import se.peppolgw.punchout.cart.Money;

/**
 * Every text, price and unit name the shop shows, in the buyer's language. Texts come from the bundles
 * {@code se/peppolgw/punchout/i18n/shop_<lang>.properties} (UTF-8); unit names are the keys {@code unit.<code>}
 * there, and a code without a name is shown as it is.
 */
public final class ShopText {
  private static final String BUNDLE = "se.peppolgw.punchout.i18n.shop";
  private static final char NBSP = '\u00a0';
  private final ShopLanguage language;
  private final ResourceBundle bundle;

  private ShopText(ShopLanguage language) {
    this.language = language;
    // no fallback to the JVM's default locale: the buyer's language, or the base (Swedish) bundle
    this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), ResourceBundle.Control.getNoFallbackControl(
        ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static final ShopText SWEDISH = new ShopText(ShopLanguage.SV);
  private static final ShopText ENGLISH = new ShopText(ShopLanguage.EN);

  public static ShopText of(ShopLanguage language) {
    return language == ShopLanguage.EN ? ENGLISH : SWEDISH;
  }

  /** For a buyer profile's {@code language} value. */
  public static ShopText forProfile(String profileLanguage) {
    return of(ShopLanguage.of(profileLanguage));
  }

  public ShopLanguage language() {
    return language;
  }

  public String lang() {
    return language.tag();
  }

  /** The text of {@code key}; with arguments, {@code {0}}... are replaced (MessageFormat). */
  public String get(String key, Object... args) {
    String text = bundle.getString(key);
    return args.length == 0 ? text : new MessageFormat(text, language.locale()).format(args);
  }

  /** The unit's name (PK: förpackning / pack); an unknown code is shown as it is. */
  public String unit(String code) {
    if (code == null || code.isBlank()) {
      return "";
    }
    try {
      return bundle.getString("unit." + code);
    } catch (MissingResourceException e) {
      return code;
    }
  }

  /** An amount, rounded to two decimals: {@code 2 470,44 kr} in Swedish, {@code SEK 2,470.44} in English. */
  public String money(BigDecimal amount, String currency) {
    return withCurrency(number(Money.round(amount == null ? BigDecimal.ZERO : amount), Money.SCALE), currency);
  }

  /**
   * A unit price: at least two decimals, more when the catalogue has them (a screw at {@code 0,123456 kr} is
   * not rounded: the line amount is).
   */
  public String unitPrice(BigDecimal price, String currency) {
    if (price == null) {
      return "";
    }
    BigDecimal p = price.stripTrailingZeros();
    return withCurrency(number(p, Math.max(Money.SCALE, p.scale())), currency);
  }

  /** A quantity or rate as written in the language: {@code 0,375} / {@code 0.375}, no grouping. */
  public String decimal(BigDecimal value) {
    if (value == null) {
      return "";
    }
    BigDecimal v = value.stripTrailingZeros();
    String plain = (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    return language == ShopLanguage.SV ? plain.replace('.', ',') : plain;
  }

  private String number(BigDecimal value, int decimals) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
    if (language == ShopLanguage.SV) {
      symbols.setDecimalSeparator(',');
      symbols.setGroupingSeparator(NBSP); // Swedish groups thousands with a (non-breaking) space
    } else {
      symbols.setDecimalSeparator('.');
      symbols.setGroupingSeparator(',');
    }
    DecimalFormat f = new DecimalFormat("#,##0." + "0".repeat(decimals), symbols);
    f.setParseBigDecimal(true);
    return f.format(value);
  }

  private String withCurrency(String number, String currency) {
    String code = currency == null ? "" : currency;
    if (language == ShopLanguage.SV) {
      return number + NBSP + ("SEK".equals(code) ? "kr" : code);
    }
    return code + NBSP + number;
  }
}
