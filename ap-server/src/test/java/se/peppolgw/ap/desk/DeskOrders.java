package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * A Swedish Peppol BIS order as a region would send it to the test supplier: written here (not
 * copied from an example) so that buyer, seller and articles match the gateway's test participants
 * and catalogue.
 */
public final class DeskOrders {
  public static final String SUPPLIER = "0007:5567212344";
  public static final String BUYER = "0007:2321000131";

  private DeskOrders() {}

  /** Order {@code number}: 120 XPK (packages) of 100-2001 at 49.00 and 10 EA of 100-2002 at 21.50, 25 % VAT. */
  public static byte[] order(String number, String customerReference) {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
               xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
               xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>
          <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>
          <cbc:ID>%s</cbc:ID>
          <cbc:IssueDate>2026-11-30</cbc:IssueDate>
          <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>
          %s
          <cac:BuyerCustomerParty>
            <cac:Party>
              <cbc:EndpointID schemeID="0007">2321000131</cbc:EndpointID>
              <cac:PartyIdentification><cbc:ID schemeID="0088">7365560000000</cbc:ID></cac:PartyIdentification>
              <cac:PostalAddress>
                <cbc:StreetName>Regionens hus</cbc:StreetName>
                <cbc:CityName>Vänersborg</cbc:CityName>
                <cbc:PostalZone>46280</cbc:PostalZone>
                <cac:Country><cbc:IdentificationCode>SE</cbc:IdentificationCode></cac:Country>
              </cac:PostalAddress>
              <cac:PartyTaxScheme>
                <cbc:CompanyID>SE232100013101</cbc:CompanyID>
                <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
              </cac:PartyTaxScheme>
              <cac:PartyLegalEntity><cbc:RegistrationName>Västra Götalandsregionen</cbc:RegistrationName></cac:PartyLegalEntity>
              <cac:Contact><cbc:ElectronicMail>inkop@example.se</cbc:ElectronicMail></cac:Contact>
            </cac:Party>
          </cac:BuyerCustomerParty>
          <cac:SellerSupplierParty>
            <cac:Party>
              <cbc:EndpointID schemeID="0007">5567212344</cbc:EndpointID>
              <cac:PostalAddress>
                <cbc:CityName>Borås</cbc:CityName>
                <cac:Country><cbc:IdentificationCode>SE</cbc:IdentificationCode></cac:Country>
              </cac:PostalAddress>
              <cac:PartyLegalEntity><cbc:RegistrationName>Kontorsleveranser AB</cbc:RegistrationName></cac:PartyLegalEntity>
            </cac:Party>
          </cac:SellerSupplierParty>
          <cac:Delivery>
            <cac:DeliveryLocation>
              <cbc:ID schemeID="0088">7365560000017</cbc:ID>
              <cac:Address>
                <cbc:StreetName>Sjukhusvägen 1</cbc:StreetName>
                <cbc:CityName>Skövde</cbc:CityName>
                <cbc:PostalZone>54185</cbc:PostalZone>
                <cac:Country><cbc:IdentificationCode>SE</cbc:IdentificationCode></cac:Country>
              </cac:Address>
            </cac:DeliveryLocation>
          </cac:Delivery>
          <cac:AnticipatedMonetaryTotal>
            <cbc:LineExtensionAmount currencyID="SEK">6095.00</cbc:LineExtensionAmount>
            <cbc:PayableAmount currencyID="SEK">7618.75</cbc:PayableAmount>
          </cac:AnticipatedMonetaryTotal>
          <cac:OrderLine>
            <cac:LineItem>
              <cbc:ID>1</cbc:ID>
              <cbc:Quantity unitCode="XPK">120</cbc:Quantity>
              <cbc:LineExtensionAmount currencyID="SEK">5880.00</cbc:LineExtensionAmount>
              <cac:Price><cbc:PriceAmount currencyID="SEK">49.00</cbc:PriceAmount></cac:Price>
              <cac:Item>
                <cbc:Name>Kopieringspapper A4 80 g, 500 ark</cbc:Name>
                <cac:SellersItemIdentification><cbc:ID>100-2001</cbc:ID></cac:SellersItemIdentification>
                <cac:ClassifiedTaxCategory>
                  <cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>
                  <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
                </cac:ClassifiedTaxCategory>
              </cac:Item>
            </cac:LineItem>
          </cac:OrderLine>
          <cac:OrderLine>
            <cac:LineItem>
              <cbc:ID>2</cbc:ID>
              <cbc:Quantity unitCode="EA">10</cbc:Quantity>
              <cbc:LineExtensionAmount currencyID="SEK">215.00</cbc:LineExtensionAmount>
              <cac:Price><cbc:PriceAmount currencyID="SEK">21.50</cbc:PriceAmount></cac:Price>
              <cac:Item>
                <cbc:Name>Kulspetspenna blå, medium</cbc:Name>
                <cac:SellersItemIdentification><cbc:ID>100-2002</cbc:ID></cac:SellersItemIdentification>
                <cac:ClassifiedTaxCategory>
                  <cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>
                  <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
                </cac:ClassifiedTaxCategory>
              </cac:Item>
            </cac:LineItem>
          </cac:OrderLine>
        </Order>
        """
            .formatted(
                number,
                customerReference == null ? "" : "<cbc:CustomerReference>" + customerReference + "</cbc:CustomerReference>");
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  static Catalogue catalogue() {
    return new Catalogue(
        "SEK",
        java.util.Map.of(),
        List.of(
            item("100-2001", "Kopieringspapper A4 80 g, 500 ark", "49.00", "XPK"),
            item("100-2002", "Kulspetspenna blå, medium", "21.50", "EA"),
            item("100-2005", "Kulspetspenna svart, medium", "21.50", "EA")));
  }

  private static CatalogueItem item(String no, String name, String price, String unit) {
    return new CatalogueItem(no, name, new BigDecimal(price), unit, new BigDecimal("25"), "44121704", null,
        List.of(), null, null, 2, null, null);
  }
}
