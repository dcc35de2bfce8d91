package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyNameType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.QuantityType;

/** Small helpers the desk's builders share. */
final class Ubl {
  static final String BILLING_CUSTOMIZATION =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
  static final String BILLING_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  static final String ORDERING_PROFILE = "urn:fdc:peppol.eu:poacc:bis:ordering:3";
  static final String DESPATCH_PROFILE = "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3";

  private Ubl() {}

  static QuantityType quantity(BigDecimal value, String unitCode) {
    QuantityType q = new QuantityType(value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros());
    q.setUnitCode(unitCode == null ? "EA" : unitCode);
    return q;
  }

  static BigDecimal money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * A party reduced to what every answer needs: endpoint, first identification, name and legal
   * name. The order's party carries more (addresses, contacts) that the answers must not repeat
   * blindly.
   */
  static PartyType slim(PartyType from) {
    PartyType p = new PartyType();
    if (from == null) {
      return p;
    }
    if (from.getEndpointID() != null) {
      p.setEndpointID(from.getEndpointID().clone());
    }
    if (from.getPartyIdentificationCount() > 0) {
      PartyIdentificationType id = new PartyIdentificationType();
      id.setID(from.getPartyIdentificationAtIndex(0).getID().clone());
      p.addPartyIdentification(id);
    }
    String name = name(from);
    if (name != null) {
      PartyLegalEntityType legal = new PartyLegalEntityType();
      legal.setRegistrationName(name);
      p.addPartyLegalEntity(legal);
    }
    return p;
  }

  /** The legal name, else the first party name, else null. */
  static String name(PartyType from) {
    if (from == null) {
      return null;
    }
    if (from.getPartyLegalEntityCount() > 0 && from.getPartyLegalEntityAtIndex(0).getRegistrationNameValue() != null) {
      return from.getPartyLegalEntityAtIndex(0).getRegistrationNameValue();
    }
    for (PartyNameType n : from.getPartyName()) {
      if (n.getNameValue() != null && !n.getNameValue().isBlank()) {
        return n.getNameValue();
      }
    }
    return null;
  }
}
