package se.peppolgw.punchout.peppol;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.UnitCodes;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.cart.field.UblPlace;
import se.peppolgw.punchout.cart.field.UblSlot;
import se.peppolgw.punchout.xml.XmlWriter;

/**
 * The cart as a Peppol BIS Punch Out 3 (transaction T77) UBL 2.1 Catalogue, in the element order of the UBL
 * schema. Tests validate it with phive-rules-peppol (XSD + PEPPOLBIS-T77 schematron).
 */
public final class PeppolCartDocument {
  public static final String CUSTOMIZATION_ID = "urn:fdc:peppol.eu:poacc:trns:punch_out:3";
  public static final String PROFILE_ID = "urn:fdc:peppol.eu:poacc:bis:punch_out:3";
  private static final String NS = "urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2";
  private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
  private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private final Clock clock;

  public PeppolCartDocument(Clock clock) {
    this.clock = clock;
  }

  public String render(String documentId, SupplierIdentity supplier, BuyerProfile buyer, String buyerReference,
      List<CartLine> lines) {
    // one second back so IssueTime is never in the receiver's future because of clock skew
    LocalDateTime now = LocalDateTime.now(clock.withZone(STOCKHOLM)).minusSeconds(1).withNano(0);
    XmlWriter w = new XmlWriter(false);
    w.start("Catalogue").attr("xmlns", NS).attr("xmlns:cac", CAC).attr("xmlns:cbc", CBC);
    w.element("cbc:CustomizationID", CUSTOMIZATION_ID);
    w.element("cbc:ProfileID", PROFILE_ID);
    w.element("cbc:ID", documentId);
    w.element("cbc:IssueDate", now.format(DateTimeFormatter.ISO_LOCAL_DATE));
    w.element("cbc:IssueTime", now.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
    w.start("cac:ProviderParty");
    if (supplier.endpointId() != null) {
      w.start("cbc:EndpointID").attr("schemeID", supplier.endpointScheme()).text(supplier.endpointId()).end();
    }
    w.start("cac:PartyLegalEntity").element("cbc:RegistrationName", supplier.name()).end();
    w.end();
    w.start("cac:ReceiverParty");
    BuyerProfile.PeppolOptions p = buyer.peppol();
    if (p.receiverEndpointId() != null) {
      w.start("cbc:EndpointID").attr("schemeID", p.receiverEndpointScheme()).text(p.receiverEndpointId()).end();
    }
    w.start("cac:PartyLegalEntity").element("cbc:RegistrationName", p.receiverName() == null ? buyer.name() : p.receiverName()).end();
    if (buyerReference != null && !buyerReference.isBlank()) {
      w.start("cac:Contact").element("cbc:ID", buyerReference).end();
    }
    w.end();
    int n = 0;
    for (CartLine l : lines) {
      n++;
      line(w, n, l);
    }
    w.end();
    return w.toString();
  }

  private static void line(XmlWriter w, int n, CartLine l) {
    w.start("cac:CatalogueLine");
    w.element("cbc:ID", String.valueOf(n));
    w.start("cac:RequiredItemLocationQuantity");
    if (l.leadTimeDays() != null) {
      w.start("cbc:LeadTimeMeasure").attr("unitCode", "DAY").text(String.valueOf(l.leadTimeDays())).end();
    }
    w.start("cac:Price");
    w.start("cbc:PriceAmount").attr("currencyID", l.currency()).text(plain(l.price())).end();
    String unit = UnitCodes.peppolCode(l.unit());
    w.start("cbc:BaseQuantity").attr("unitCode", unit).text("1").end();
    w.end();
    w.start("cac:DeliveryUnit");
    w.start("cbc:BatchQuantity").attr("unitCode", unit).text(plain(l.quantity())).end();
    w.end();
    w.end();
    w.start("cac:Item");
    if (l.longDescription() != null && !l.longDescription().isBlank()) {
      w.element("cbc:Description", l.longDescription());
    }
    w.element("cbc:Name", l.name());
    w.start("cac:SellersItemIdentification").element("cbc:ID", l.articleNumber()).end();
    details(w, l, UblSlot.Position.AFTER_SELLERS_ID);
    if (l.unspsc() != null && !l.unspsc().isBlank()) {
      // UNCL7143 "TST" = UNSPSC
      w.start("cac:CommodityClassification").start("cbc:ItemClassificationCode").attr("listID", "TST")
          .text(l.unspsc()).end().end();
    }
    w.start("cac:ClassifiedTaxCategory");
    w.element("cbc:ID", l.vatRate().signum() == 0 ? "Z" : "S");
    w.element("cbc:Percent", plain(l.vatRate()));
    w.start("cac:TaxScheme").element("cbc:ID", "VAT").end();
    w.end();
    details(w, l, UblSlot.Position.AFTER_TAX_CATEGORY);
    w.end();
    w.end();
  }

  /** The line's {@link LineField}s that go into this part of {@code cac:Item}, in the schema's order. */
  private static void details(XmlWriter w, CartLine l, UblSlot.Position position) {
    for (UblSlot slot : UblSlot.values()) {
      if (slot.position() != position) {
        continue;
      }
      for (Map.Entry<LineField, String> d : l.details().present().entrySet()) {
        UblPlace place = d.getKey().ubl().orElse(null);
        if (place == null || place.slot() != slot) {
          continue;
        }
        write(w, place, d.getValue());
      }
    }
  }

  /** A switch expression: a new {@link UblSlot} does not compile until it is written here. */
  private static XmlWriter write(XmlWriter w, UblPlace place, String value) {
    return switch (place.slot()) {
      case MANUFACTURERS_ITEM_ID -> w.start("cac:ManufacturersItemIdentification").element("cbc:ID", value).end();
      case STANDARD_ITEM_ID -> w.start("cac:StandardItemIdentification").start("cbc:ID")
          .attr("schemeID", place.schemeId()).text(value).end().end();
      case MANUFACTURER_PARTY_NAME -> w.start("cac:ManufacturerParty").start("cac:PartyName")
          .element("cbc:Name", value).end().end();
    };
  }

  private static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }
}
