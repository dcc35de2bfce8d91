package se.peppolgw.punchout.support;

/** Cart API bodies. */
public final class CartJson {
  private CartJson() {
  }

  public static String line(String article, String name, String quantity, String unit, String price, String vat) {
    return "{\"articleNumber\":\"" + article + "\",\"name\":\"" + name + "\",\"quantity\":" + quantity + ",\"unit\":\"" + unit
        + "\",\"price\":" + price + (vat == null ? "" : ",\"vatRate\":" + vat) + ",\"unspsc\":\"44121704\",\"leadTimeDays\":3}";
  }

  public static String lines(int count) {
    StringBuilder sb = new StringBuilder("{\"lines\":[");
    for (int i = 1; i <= count; i++) {
      if (i > 1) {
        sb.append(',');
      }
      sb.append(line("ART-" + i, "Artikel nr " + i + " – åäö", String.valueOf(1 + i % 7), "EA", (i % 100) + "." + (i % 10) + "5", "25"));
    }
    return sb.append("]}").toString();
  }
}
