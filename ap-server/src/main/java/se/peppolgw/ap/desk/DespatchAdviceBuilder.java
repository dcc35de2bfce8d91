package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.time.LocalDate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ConsignmentType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DeliveryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DespatchLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PeriodType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ShipmentType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.GrossVolumeMeasureType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.GrossWeightMeasureType;
import oasis.names.specification.ubl.schema.xsd.despatchadvice_21.DespatchAdviceType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;

/**
 * Builds a Peppol BIS Despatch Advice 3 for (part of) a received order: only lines of the order,
 * the agreed article (the substitute when the response named one), never more than agreed minus
 * what earlier despatch advices announced.
 */
public final class DespatchAdviceBuilder {

  public DeskDocument build(
      ReceivedOrder order, OrderProgress progress, DespatchRequest req, String despatchId, LocalDate today)
      throws DeskInputException {
    if (progress.rejected()) {
      throw new DeskInputException(409, List.of(new FieldProblem("/",
          "order " + order.orderNumber() + " was rejected: nothing can be delivered")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (req.deliveryDate() == null) {
      problems.add(new FieldProblem("/deliveryDate", "required (yyyy-mm-dd)"));
    }
    if (req.packages() != null && req.packages() < 1) {
      problems.add(new FieldProblem("/packages", "must be at least 1"));
    }
    if (req.grossWeightKg() != null && req.grossWeightKg().signum() <= 0) {
      problems.add(new FieldProblem("/grossWeightKg", "must be positive"));
    }
    if (req.grossVolumeM3() != null && req.grossVolumeM3().signum() <= 0) {
      problems.add(new FieldProblem("/grossVolumeM3", "must be positive"));
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
    Map<String, BigDecimal> picked =
        LineSelection.check(
            order, req.lines(), l -> progress.agreed(l).subtract(progress.delivered(l.lineId())).max(BigDecimal.ZERO), "delivered");

    DespatchAdviceType d = new DespatchAdviceType();
    d.setCustomizationID(DeskDocumentKind.DESPATCH_ADVICE.customizationId());
    d.setProfileID(Ubl.DESPATCH_PROFILE);
    d.setID(despatchId);
    d.setIssueDate(today);
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    d.addOrderReference(ref);
    SupplierPartyType supplier = new SupplierPartyType();
    supplier.setParty(Ubl.slim(order.seller()));
    d.setDespatchSupplierParty(supplier);
    CustomerPartyType customer = new CustomerPartyType();
    PartyType deliverTo = Ubl.slim(order.buyer());
    // the goods go to the order's delivery address when it has one, else to the buyer's address
    if (order.order().getDeliveryCount() > 0
        && order.order().getDeliveryAtIndex(0).getDeliveryLocation() != null
        && order.order().getDeliveryAtIndex(0).getDeliveryLocation().getAddress() != null) {
      deliverTo.setPostalAddress(order.order().getDeliveryAtIndex(0).getDeliveryLocation().getAddress().clone());
    } else if (order.buyer() != null && order.buyer().getPostalAddress() != null) {
      deliverTo.setPostalAddress(order.buyer().getPostalAddress().clone());
    }
    customer.setParty(deliverTo);
    d.setDeliveryCustomerParty(customer);

    ShipmentType shipment = new ShipmentType();
    shipment.setID(req.trackingId() == null || req.trackingId().isBlank() ? "NA" : req.trackingId().trim());
    if (req.grossWeightKg() != null) {
      GrossWeightMeasureType w = new GrossWeightMeasureType(req.grossWeightKg());
      w.setUnitCode("KGM");
      shipment.setGrossWeightMeasure(w);
    }
    if (req.grossVolumeM3() != null) {
      GrossVolumeMeasureType v = new GrossVolumeMeasureType(req.grossVolumeM3());
      v.setUnitCode("MTQ");
      shipment.setGrossVolumeMeasure(v);
    }
    if (req.packages() != null) {
      shipment.setTotalTransportHandlingUnitQuantity(BigDecimal.valueOf(req.packages()));
    }
    if (req.trackingId() != null && !req.trackingId().isBlank()) {
      ConsignmentType c = new ConsignmentType();
      c.setID(req.trackingId().trim());
      shipment.addConsignment(c);
    }
    PeriodType when = new PeriodType();
    when.setStartDate(req.deliveryDate());
    if (req.deliveryTime() != null) {
      when.setStartTime(req.deliveryTime());
    }
    when.setEndDate(req.deliveryDate());
    DeliveryType delivery = new DeliveryType();
    delivery.setEstimatedDeliveryPeriod(when);
    shipment.setDelivery(delivery);
    d.setShipment(shipment);

    int n = 0;
    for (Map.Entry<String, BigDecimal> e : picked.entrySet()) {
      OrderedLine l = order.line(e.getKey()).orElseThrow();
      DespatchLineType dl = new DespatchLineType();
      dl.setID(Integer.toString(++n));
      oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DeliveredQuantityType q =
          new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DeliveredQuantityType(
              Ubl.quantity(e.getValue(), l.unitCode()).getValue());
      q.setUnitCode(l.unitCode() == null ? "EA" : l.unitCode());
      dl.setDeliveredQuantity(q);
      OrderLineReferenceType olr = new OrderLineReferenceType();
      olr.setLineID(l.lineId());
      OrderReferenceType lineOrder = new OrderReferenceType();
      lineOrder.setID(order.orderNumber());
      olr.setOrderReference(lineOrder);
      dl.addOrderLineReference(olr);
      ItemType item = new ItemType();
      String article = progress.article(l);
      boolean substituted = article != null && !article.equals(l.articleNumber());
      item.setName(substituted ? "Article " + article + " (substitute for line " + l.lineId() + ")"
          : l.name() == null ? "Article " + article : l.name());
      if (article != null) {
        ItemIdentificationType sid = new ItemIdentificationType();
        sid.setID(article);
        item.setSellersItemIdentification(sid);
      }
      dl.setItem(item);
      d.addDespatchLine(dl);
    }
    byte[] xml = UBL21Marshaller.despatchAdvice().getAsBytes(d);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the despatch advice");
    }
    return new DeskDocument(DeskDocumentKind.DESPATCH_ADVICE, despatchId, xml, picked, null);
  }

}
