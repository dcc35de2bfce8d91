package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Function;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.BaseQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PriceAmountType;
import se.peppolgw.ap.ubl.UblTax;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * What invoice lines and credit-note lines have in common: the order line reference, the item
 * (named from the catalogue when the article was substituted) with its VAT category, the price
 * and the unit.
 */
final class BillingLineContent {
  private final Function<String, Optional<CatalogueItem>> catalogue;

  BillingLineContent(Function<String, Optional<CatalogueItem>> catalogue) {
    this.catalogue = catalogue;
  }

  static OrderLineReferenceType orderLine(OrderedLine l) {
    OrderLineReferenceType r = new OrderLineReferenceType();
    r.setLineID(l.lineId());
    return r;
  }

  ItemType item(BillingLine p) {
    ItemType item = new ItemType();
    boolean substituted = p.article() != null && !p.article().equals(p.line().articleNumber());
    String name =
        substituted
            ? catalogue.apply(p.article()).map(CatalogueItem::name).orElse("Article " + p.article())
            : p.line().name() == null ? "Article " + p.article() : p.line().name();
    item.setName(name);
    if (p.article() != null) {
      ItemIdentificationType sid = new ItemIdentificationType();
      sid.setID(p.article());
      item.setSellersItemIdentification(sid);
    }
    item.addClassifiedTaxCategory(UblTax.category(p.taxCategory(), p.percent()));
    return item;
  }

  static PriceType price(BillingLine p, String currency) {
    PriceType price = new PriceType();
    price.setPriceAmount(BillingTotals.amount(new PriceAmountType(p.line().price()), currency));
    if (p.line().baseQuantity().compareTo(BigDecimal.ONE) != 0) {
      BaseQuantityType b = new BaseQuantityType(p.line().baseQuantity());
      b.setUnitCode(unit(p.line()));
      price.setBaseQuantity(b);
    }
    return price;
  }

  /** The order line's unit; EA (each) when it names none. */
  static String unit(OrderedLine l) {
    return l.unitCode() == null ? "EA" : l.unitCode();
  }
}
