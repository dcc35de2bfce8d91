package se.peppolgw.punchout.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.cart.UnitCodes;

class ShopTextTest {
  private static final ShopText SV = ShopText.of(ShopLanguage.SV);
  private static final ShopText EN = ShopText.of(ShopLanguage.EN);

  /** Non-breaking spaces keep "49,00 kr" on one line; compare with plain spaces. */
  private static String plain(String s) {
    return s.replace('\u00a0', ' ');
  }

  @Test
  void theProfileLanguageChoosesTheShopLanguageAndSwedishIsTheDefault() {
    assertEquals(ShopLanguage.SV, ShopLanguage.of(null));
    assertEquals(ShopLanguage.SV, ShopLanguage.of("sv"));
    assertEquals(ShopLanguage.SV, ShopLanguage.of("sv-SE"));
    assertEquals(ShopLanguage.EN, ShopLanguage.of("en"));
    assertEquals(ShopLanguage.EN, ShopLanguage.of("EN_gb"));
    assertEquals(ShopLanguage.SV, ShopLanguage.of("fi"), "a language without texts gets Swedish");
    assertEquals("sv", SV.lang());
    assertEquals("en", EN.lang());
  }

  @Test
  void pricesAreWrittenAsEachLanguageWritesThem() {
    assertEquals("49,00 kr", plain(SV.money(new BigDecimal("49"), "SEK")));
    assertEquals("SEK 49.00", plain(EN.money(new BigDecimal("49"), "SEK")));
    assertEquals("2 470,44 kr", plain(SV.money(new BigDecimal("2470.4375"), "SEK")));
    assertEquals("SEK 2,470.44", plain(EN.money(new BigDecimal("2470.4375"), "SEK")));
    assertEquals("463,56 kr", plain(SV.money(new BigDecimal("463.5625"), "SEK")), "amounts are rounded half-up");
    assertEquals("12,50 EUR", plain(SV.money(new BigDecimal("12.5"), "EUR")));
    assertEquals("EUR 12.50", plain(EN.money(new BigDecimal("12.5"), "EUR")));
    assertEquals("0,00 kr", plain(SV.money(null, "SEK")));
  }

  @Test
  void unitPricesKeepTheCataloguesDecimals() {
    assertEquals("0,123456 kr", plain(SV.unitPrice(new BigDecimal("0.123456"), "SEK")));
    assertEquals("SEK 7.125", plain(EN.unitPrice(new BigDecimal("7.125"), "SEK")));
    assertEquals("49,00 kr", plain(SV.unitPrice(new BigDecimal("49.000"), "SEK")));
    assertEquals("1 000,00 kr", plain(SV.unitPrice(new BigDecimal("1E+3"), "SEK")));
    assertEquals("", SV.unitPrice(null, "SEK"));
  }

  @Test
  void decimalsUseTheLanguagesDecimalSeparator() {
    assertEquals("0,375", SV.decimal(new BigDecimal("0.375")));
    assertEquals("0.375", EN.decimal(new BigDecimal("0.375")));
    assertEquals("25", SV.decimal(new BigDecimal("25.00")));
    assertEquals("", SV.decimal(null));
  }

  @Test
  void unitCodesAreShownByName() {
    assertEquals("förpackning", SV.unit("PK"));
    assertEquals("pack", EN.unit("PK"));
    assertEquals("ask", SV.unit("BX"));
    assertEquals("box", EN.unit("BX"));
    assertEquals("timme", SV.unit("HUR"));
    assertEquals("hour", EN.unit("HUR"));
    assertEquals("styck", SV.unit("EA"));
    assertEquals("styck", SV.unit("C62"));
    assertEquals("kg", EN.unit("KGM"));
    assertEquals("XYZ", SV.unit("XYZ"), "an unknown code is shown as it is");
    assertEquals("", SV.unit(null));
  }

  @Test
  void everyAcceptedUnitAndEveryTextHasANameInBothLanguages() throws IOException {
    Properties sv = load("shop.properties");
    Properties en = load("shop_en.properties");
    assertEquals(sv.keySet(), en.keySet(), "the two bundles have the same keys");
    for (String code : Set.of("EA", "H87", "C62", "PR", "SET", "PK", "BX", "CT", "RO", "PA", "BG", "BO", "CA", "CR",
        "TU", "DZN", "RM", "KGM", "GRM", "TNE", "MTR", "CMT", "MMT", "KMT", "MTK", "MTQ", "LTR", "MLT", "HUR", "MIN",
        "DAY", "MON", "KWH")) {
      assertTrue(UnitCodes.isKnown(code), code);
      assertTrue(sv.containsKey("unit." + code) && en.containsKey("unit." + code), code);
    }
  }

  @Test
  void textsAreReadAsUtf8AndFilledIn() {
    assertEquals("Lägg i varukorgen", SV.get("add.button"));
    assertEquals("Skicka varukorgen till Region Halland", SV.get("cart.checkout", "Region Halland"));
    assertEquals("Transfer cart to Region Halland", EN.get("cart.checkout", "Region Halland"));
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = ShopText.class.getResourceAsStream(name)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return p;
  }
}
