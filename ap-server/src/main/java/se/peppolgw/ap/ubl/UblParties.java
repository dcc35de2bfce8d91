package se.peppolgw.ap.ubl;

import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.EndpointIDType;

/** UBL parties the gateway's document builders (desk, catalogue) make from configuration. */
public final class UblParties {
  private UblParties() {}

  /**
   * A party with its Peppol endpoint and legal name: what BIS needs of the supplier or buyer of a
   * document the gateway builds.
   *
   * @param participant {@code scheme:value}, e.g. {@code 0007:5567212345} (the scheme becomes the
   *     EndpointID's schemeID)
   * @throws IllegalArgumentException when the participant has no scheme
   */
  public static PartyType endpointParty(String participant, String legalName) {
    int colon = participant.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("participant id without scheme: " + participant);
    }
    EndpointIDType endpoint = new EndpointIDType(participant.substring(colon + 1));
    endpoint.setSchemeID(participant.substring(0, colon));
    PartyType p = new PartyType();
    p.setEndpointID(endpoint);
    PartyLegalEntityType legal = new PartyLegalEntityType();
    legal.setRegistrationName(legalName);
    p.addPartyLegalEntity(legal);
    return p;
  }
}
