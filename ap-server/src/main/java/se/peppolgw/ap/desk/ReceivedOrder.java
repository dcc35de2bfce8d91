package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.ParserConfigurationException;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxCategoryType;
import oasis.names.specification.ubl.schema.xsd.order_21.OrderType;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import se.peppolgw.ap.sbd.SafeXml;

/**
 * A Peppol BIS Order received by this gateway, read with ph-ubl: what the desk answers, delivers
 * and invoices against. Reading is bounded (size and line count) and goes through the hardened
 * DOM parser first, so a hostile order cannot expand entities or exhaust memory.
 *
 * @param transmissionId the inbound transmission the order arrived in
 * @param order the whole order (parties are copied from it into the answers)
 */
public record ReceivedOrder(String transmissionId, OrderType order, List<OrderedLine> lines) {
  /** An order larger than this is not read by the desk (orders are small; 10 MB is generous). */
  public static final int MAX_BYTES = 10 * 1024 * 1024;
  /** More lines than this are not answered line by line from the desk. */
  public static final int MAX_LINES = 5_000;
  private static final String ORDER_NS = "urn:oasis:names:specification:ubl:schema:xsd:Order-2";

  /** Why an order could not be read. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  public static ReceivedOrder read(String transmissionId, byte[] document) throws Unreadable {
    if (document.length > MAX_BYTES) {
      throw new Unreadable("the order is larger than " + MAX_BYTES + " bytes");
    }
    Document dom;
    try {
      javax.xml.parsers.DocumentBuilder builder = SafeXml.documentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors are thrown, not printed
      dom = builder.parse(new ByteArrayInputStream(document));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new Unreadable("the order is not well-formed XML: " + e.getMessage());
    }
    org.w3c.dom.Element root = dom.getDocumentElement();
    if (!"Order".equals(root.getLocalName()) || !ORDER_NS.equals(root.getNamespaceURI())) {
      throw new Unreadable("the document is not a UBL 2.1 Order but " + root.getLocalName());
    }
    OrderType order = UBL21Marshaller.order().setUseSchema(false).read(dom);
    if (order == null) {
      throw new Unreadable("the document is not a UBL 2.1 Order");
    }
    if (order.getOrderLineCount() > MAX_LINES) {
      throw new Unreadable("the order has more than " + MAX_LINES + " lines");
    }
    if (order.getIDValue() == null || order.getIDValue().isBlank()) {
      throw new Unreadable("the order has no cbc:ID");
    }
    List<OrderedLine> lines = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OrderLineType ol : order.getOrderLine()) {
      LineItemType li = ol.getLineItem();
      if (li == null || li.getIDValue() == null) {
        throw new Unreadable("an order line has no cbc:ID");
      }
      String id = li.getIDValue().trim();
      if (!seen.add(id)) {
        throw new Unreadable("order line id " + id + " occurs twice");
      }
      if (li.getQuantity() == null || li.getQuantityValue() == null) {
        throw new Unreadable("order line " + id + " has no quantity");
      }
      ItemType item = li.getItem();
      TaxCategoryType tax =
          item == null || item.getClassifiedTaxCategoryCount() == 0 ? null : item.getClassifiedTaxCategoryAtIndex(0);
      BigDecimal price = li.getPrice() == null ? null : li.getPrice().getPriceAmountValue();
      BigDecimal base =
          li.getPrice() == null || li.getPrice().getBaseQuantityValue() == null
              ? BigDecimal.ONE
              : li.getPrice().getBaseQuantityValue();
      lines.add(
          new OrderedLine(
              id,
              item == null || item.getSellersItemIdentification() == null
                  ? null
                  : item.getSellersItemIdentification().getIDValue(),
              item == null ? null : item.getNameValue(),
              li.getQuantityValue(),
              li.getQuantity().getUnitCode(),
              price,
              base.signum() > 0 ? base : BigDecimal.ONE,
              tax == null ? null : tax.getIDValue(),
              tax == null ? null : tax.getPercentValue()));
    }
    return new ReceivedOrder(transmissionId, order, List.copyOf(lines));
  }

  public String orderNumber() {
    return order.getIDValue().trim();
  }

  public String currency() {
    return order.getDocumentCurrencyCodeValue();
  }

  /** cbc:CustomerReference: the buyer's reference ("beställar-id") when the order carries one. */
  public Optional<String> customerReference() {
    return Optional.ofNullable(order.getCustomerReferenceValue()).map(String::trim).filter(s -> !s.isEmpty());
  }

  public PartyType buyer() {
    return order.getBuyerCustomerParty() == null ? null : order.getBuyerCustomerParty().getParty();
  }

  public PartyType seller() {
    return order.getSellerSupplierParty() == null ? null : order.getSellerSupplierParty().getParty();
  }

  public Optional<OrderedLine> line(String lineId) {
    return lines.stream().filter(l -> l.lineId().equals(lineId)).findFirst();
  }
}
