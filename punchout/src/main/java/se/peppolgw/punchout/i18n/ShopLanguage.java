package se.peppolgw.punchout.i18n;

import java.util.Locale;

/** The languages the built-in shop speaks; chosen by the buyer profile's {@code language} key. */
public enum ShopLanguage {
  SV(Locale.forLanguageTag("sv-SE")),
  EN(Locale.ENGLISH);

  private final Locale locale;

  ShopLanguage(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** The value of the page's {@code lang} attribute. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The profile's {@code language} ({@code sv}, {@code en}, also {@code sv-SE}, {@code en_GB}, any case);
   * missing or another language gives Swedish, the language of the gateway's buyers.
   */
  public static ShopLanguage of(String profileLanguage) {
    if (profileLanguage == null) {
      return SV;
    }
    String primary = profileLanguage.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return primary.equals("en") ? EN : SV;
  }
}
