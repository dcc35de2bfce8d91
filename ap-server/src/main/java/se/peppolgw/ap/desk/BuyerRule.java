package se.peppolgw.ap.desk;

/**
 * The buyers' own rules beyond Peppol BIS (docs/desk.md). A profile prefixes the code with its
 * own id: {@code SE-VGR} + {@code INV-01} = {@code SE-VGR-INV-01}.
 */
public enum BuyerRule {
  INV_01("INV-01",
      "Fakturan ska ange ordernumret (order från e-handelssystemet) eller beställar-id som köparens referens;"
          + " texten \"beställar-id\" får inte stå i referensen.",
      "The invoice must carry the order number (orders from the e-commerce system) or the buyer's reference"
          + " (beställar-id); the literal text \"beställar-id\" must not appear in it."),
  INV_02("INV-02",
      "Ordern som fakturan hänvisar till ska finnas och vara mottagen från denna köpare.",
      "The order the invoice refers to must exist and have been received from this buyer."),
  INV_03("INV-03",
      "En faktura får bara avse en order.",
      "An invoice may refer to one order only."),
  INV_04("INV-04",
      "Fakturan ska ha en enda valuta.",
      "The invoice must use one currency only."),
  INV_05("INV-05",
      "Fakturan ska ange både köparens och säljarens momsregistreringsnummer.",
      "The invoice must carry both the buyer's and the seller's VAT id."),
  DES_01("DES-01",
      "Leveransaviseringen ska hänvisa till en order som finns och är mottagen från denna köpare.",
      "The despatch advice must reference an order that exists and was received from this buyer."),
  DES_02("DES-02",
      "Leveransaviseringen får bara innehålla artiklar från ordern och dess orderbekräftelse, aldrig mer än beställt.",
      "The despatch advice may contain only articles of the order and its order response, never more than ordered."),
  ORS_01("ORS-01",
      "En ersättningsartikel i orderbekräftelsen ska namnges och finnas i leverantörens artikelregister.",
      "A substitute article in the order response must be named and exist in the supplier's catalogue.");

  private final String code;
  private final String messageSv;
  private final String messageEn;

  BuyerRule(String code, String messageSv, String messageEn) {
    this.code = code;
    this.messageSv = messageSv;
    this.messageEn = messageEn;
  }

  public String code() {
    return code;
  }

  public String messageSv() {
    return messageSv;
  }

  public String messageEn() {
    return messageEn;
  }
}
