package se.peppolgw.punchout.cxml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.Money;
import se.peppolgw.punchout.cart.field.CxmlPlace;
import se.peppolgw.punchout.cart.field.CxmlSlot;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.security.Tokens;
import se.peppolgw.punchout.session.CxmlContext;
import se.peppolgw.punchout.session.CxmlContext.Credential;
import se.peppolgw.punchout.xml.XmlWriter;

/**
 * The cXML documents we emit, in the element order cXML.dtd demands (tests validate them against the 1.2.071
 * DTD). Timestamps carry a numeric offset, never {@code Z}.
 */
public final class CxmlDocuments {
  /** Emitted when a buyer profile names no version. */
  public static final String DEFAULT_VERSION = "1.2.071";
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private final Clock clock;
  private final String host;

  public CxmlDocuments(Clock clock, String host) {
    this.clock = clock;
    this.host = host;
  }

  public static String systemId(String version) {
    return "http://xml.cxml.org/schemas/cXML/" + version + "/cXML.dtd";
  }

  private XmlWriter begin(String version, boolean asciiOnly) {
    XmlWriter w = new XmlWriter(asciiOnly).doctype("cXML", systemId(version));
    w.start("cXML").attr("version", version).attr("payloadID", payloadId())
        .attr("timestamp", OffsetDateTime.now(clock.withZone(STOCKHOLM)).format(TIMESTAMP));
    return w;
  }

  /** Setup response: Status, plus StartPage only on success. */
  public String setupResponse(String version, int code, String text, String startUrl) {
    XmlWriter w = begin(version, false);
    w.start("Response");
    w.start("Status").attr("code", String.valueOf(code)).attr("text", text).end();
    if (startUrl != null) {
      w.start("PunchOutSetupResponse").start("StartPage").element("URL", startUrl).end().end();
    }
    w.end().end();
    return w.toString();
  }

  /**
   * PunchOutOrderMessage for the buyer's browser to post. No SharedSecret: authentication elements must not
   * travel through the browser.
   *
   * @param operationAllowed create, inspect or edit
   * @param asciiOnly        for {@code cxml-urlencoded}: every non-ASCII character as a character reference
   */
  public String orderMessage(String version, SupplierIdentity supplier, CxmlContext ctx, String operationAllowed,
      String currency, String language, String defaultUnspsc, List<CartLine> lines, boolean asciiOnly) {
    XmlWriter w = begin(version, asciiOnly);
    w.start("Header");
    w.start("From");
    credential(w, supplier.cxmlDomain(), supplier.cxmlIdentity());
    w.end();
    w.start("To");
    if (ctx.from().isEmpty()) {
      credential(w, "NetworkID", "unknown");
    }
    for (Credential c : ctx.from()) {
      credential(w, c.domain(), c.identity());
    }
    w.end();
    w.start("Sender");
    credential(w, supplier.cxmlDomain(), supplier.cxmlIdentity());
    w.element("UserAgent", supplier.userAgent());
    w.end();
    w.end();

    w.start("Message").attr("deploymentMode", "test".equals(ctx.deploymentMode()) ? "test" : null);
    w.start("PunchOutOrderMessage");
    w.start("BuyerCookie").text(ctx.buyerCookie() == null ? "" : ctx.buyerCookie()).end();
    w.start("PunchOutOrderMessageHeader").attr("operationAllowed", operationAllowed);
    // the sum of the rounded line amounts (Money): what the buyer saw in the shop
    w.start("Total");
    amount(w, currency, Money.total(lines));
    w.end();
    w.end();
    int lineNumber = 0;
    for (CartLine l : lines) {
      lineNumber++;
      itemIn(w, l, lineNumber, language, defaultUnspsc);
    }
    w.end().end().end();
    return w.toString();
  }

  private static void itemIn(XmlWriter w, CartLine l, int lineNumber, String language, String defaultUnspsc) {
    w.start("ItemIn").attr("quantity", plain(l.quantity())).attr("lineNumber", String.valueOf(lineNumber));
    w.start("ItemID").element("SupplierPartID", l.articleNumber()).element("SupplierPartAuxiliaryID", l.lineId()).end();
    w.start("ItemDetail");
    w.start("UnitPrice");
    money(w, l.currency(), l.price());
    w.end();
    // mixed content: the long text (or the name) with the name as ShortName
    w.start("Description").attr("xml:lang", language)
        .text(l.longDescription() == null || l.longDescription().isBlank() ? l.name() : l.longDescription());
    w.element("ShortName", l.name());
    w.end();
    w.element("UnitOfMeasure", l.unit());
    String unspsc = l.unspsc() != null && !l.unspsc().isBlank() ? l.unspsc() : defaultUnspsc;
    w.start("Classification").attr("domain", "UNSPSC").text(unspsc == null ? "" : unspsc).end();
    details(w, l, language, false);
    w.element("LeadTime", l.leadTimeDays() == null ? null : String.valueOf(l.leadTimeDays()));
    details(w, l, language, true);
    w.end();
    if (l.vatRate() != null) {
      BigDecimal amount = l.lineAmount();
      BigDecimal vat = amount.multiply(l.vatRate()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
      String rate = plain(l.vatRate());
      w.start("Tax");
      amount(w, l.currency(), vat);
      w.start("Description").attr("xml:lang", language).text(("sv".equals(language) ? "Moms " : "VAT ") + rate + "%").end();
      w.start("TaxDetail").attr("purpose", "tax").attr("category", "vat").attr("percentageRate", rate);
      w.start("TaxableAmount");
      amount(w, l.currency(), amount);
      w.end();
      w.start("TaxAmount");
      amount(w, l.currency(), vat);
      w.end();
      w.end();
      w.end();
    }
    w.end();
  }

  /** The line's {@link LineField}s that cXML carries: the slots before LeadTime, or the Extrinsics after it. */
  private static void details(XmlWriter w, CartLine l, String language, boolean extrinsics) {
    for (CxmlSlot slot : CxmlSlot.values()) { // the DTD's order
      if ((slot == CxmlSlot.EXTRINSIC) != extrinsics) {
        continue;
      }
      for (Map.Entry<LineField, String> d : l.details().present().entrySet()) {
        CxmlPlace place = d.getKey().cxml().orElse(null);
        if (place != null && place.slot() == slot) {
          w.start(slot.element()).attr("xml:lang", slot.localized() ? language : null)
              .attr("name", place.extrinsicName()).text(d.getValue()).end();
        }
      }
    }
  }

  private static void credential(XmlWriter w, String domain, String identity) {
    w.start("Credential").attr("domain", domain).element("Identity", identity).end();
  }

  private static void money(XmlWriter w, String currency, BigDecimal amount) {
    w.start("Money").attr("currency", currency).text(plain(amount)).end();
  }

  /** An amount (line amount, tax, total): always two decimals, as Money rounds them. */
  private static void amount(XmlWriter w, String currency, BigDecimal amount) {
    w.start("Money").attr("currency", currency).text(Money.round(amount).toPlainString()).end();
  }

  /** All decimals kept (a price of 0.123456 stays so), no exponent. */
  static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  private String payloadId() {
    return clock.millis() + "." + Tokens.shortId(8) + "@" + host;
  }
}
