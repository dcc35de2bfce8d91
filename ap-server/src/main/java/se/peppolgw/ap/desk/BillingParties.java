package se.peppolgw.ap.desk;

import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AddressType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CountryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyNameType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyTaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import se.peppolgw.ap.ubl.UblTax;

/**
 * The seller and buyer parties of an invoice or credit note: endpoints and addresses from the
 * order, the seller's name, VAT id and organisation number from {@link SupplierSettings}, the
 * buyer's VAT id when the order carries one.
 */
final class BillingParties {
  private final SupplierSettings supplier;

  BillingParties(SupplierSettings supplier) {
    this.supplier = supplier;
  }

  /** The buyer's reference ("beställar-id") when the order carries one, else the order number. */
  static String buyerReference(ReceivedOrder order) {
    return order.customerReference().orElse(order.orderNumber());
  }

  SupplierPartyType seller(ReceivedOrder order) {
    PartyType from = order.seller();
    PartyType p = new PartyType();
    if (from != null && from.getEndpointID() != null) {
      p.setEndpointID(from.getEndpointID().clone());
    }
    String name = supplier.legalName().orElse(Ubl.name(from));
    PartyNameType pn = new PartyNameType();
    pn.setName(name == null ? supplier.vatId().orElseThrow() : name);
    p.addPartyName(pn);
    p.setPostalAddress(address(from, supplier.vatId().orElseThrow().substring(0, 2)));
    PartyTaxSchemeType tax = new PartyTaxSchemeType();
    tax.setCompanyID(supplier.vatId().orElseThrow());
    tax.setTaxScheme(UblTax.vat());
    p.addPartyTaxScheme(tax);
    PartyLegalEntityType legal = new PartyLegalEntityType();
    legal.setRegistrationName(pn.getNameValue());
    supplier.organisationNumber().ifPresent(legal::setCompanyID);
    p.addPartyLegalEntity(legal);
    SupplierPartyType s = new SupplierPartyType();
    s.setParty(p);
    return s;
  }

  static CustomerPartyType buyer(ReceivedOrder order) {
    PartyType from = order.buyer();
    PartyType p = new PartyType();
    if (from != null && from.getEndpointID() != null) {
      p.setEndpointID(from.getEndpointID().clone());
    }
    String name = Ubl.name(from);
    if (name != null) {
      PartyNameType pn = new PartyNameType();
      pn.setName(name);
      p.addPartyName(pn);
    }
    p.setPostalAddress(address(from, null));
    if (from != null) {
      from.getPartyTaxScheme().stream()
          .filter(t -> t.getTaxScheme() != null && "VAT".equals(t.getTaxScheme().getIDValue()) && t.getCompanyIDValue() != null)
          .findFirst()
          .ifPresent(
              t -> {
                PartyTaxSchemeType tax = new PartyTaxSchemeType();
                tax.setCompanyID(t.getCompanyIDValue());
                tax.setTaxScheme(UblTax.vat());
                p.addPartyTaxScheme(tax);
              });
    }
    PartyLegalEntityType legal = new PartyLegalEntityType();
    legal.setRegistrationName(name == null ? "Buyer" : name);
    p.addPartyLegalEntity(legal);
    CustomerPartyType c = new CustomerPartyType();
    c.setParty(p);
    return c;
  }

  /** The party's postal address from the order; at least a country (BIS requires one). */
  private static AddressType address(PartyType from, String fallbackCountry) {
    AddressType a = new AddressType();
    if (from != null && from.getPostalAddress() != null) {
      AddressType o = from.getPostalAddress();
      if (o.getStreetNameValue() != null) {
        a.setStreetName(o.getStreetNameValue());
      }
      if (o.getCityNameValue() != null) {
        a.setCityName(o.getCityNameValue());
      }
      if (o.getPostalZoneValue() != null) {
        a.setPostalZone(o.getPostalZoneValue());
      }
      if (o.getCountry() != null) {
        a.setCountry(o.getCountry().clone());
      }
    }
    if (a.getCountry() == null) {
      CountryType c = new CountryType();
      c.setIdentificationCode(fallbackCountry == null ? "SE" : fallbackCountry);
      a.setCountry(c);
    }
    return a;
  }
}
