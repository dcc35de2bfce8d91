package se.peppolgw.ap.catalogue;

import com.helger.ubl21.UBL21Marshaller;
import java.math.RoundingMode;
import java.time.LocalDate;
import oasis.names.specification.ubl.schema.xsd.catalogue_21.CatalogueType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AttachmentType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CatalogueLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CommodityClassificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ExternalReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemLocationQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyNameType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PeriodType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.ItemClassificationCodeType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PriceAmountType;
import se.peppolgw.ap.desk.UnitCodes;
import se.peppolgw.ap.ubl.UblParties;
import se.peppolgw.ap.ubl.UblTax;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Builds a Peppol BIS Catalogue 3 (UBL Catalogue) with the whole catalogue, as the buyers require
 * on every update: the header's action code is {@code Replace}, every line is {@code Add}. The
 * profile is "catalogue only" ({@code catalogue_only:3}), the one that expects a Catalogue Response.
 */
public final class BisCatalogueBuilder {
  public static final String CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:catalogue:3";
  public static final String PROFILE = "urn:fdc:peppol.eu:poacc:bis:catalogue_only:3";
  /** UNCL 7143: the commodity classification list UNSPSC. */
  static final String UNSPSC_LIST = "MP";
  /** ISO 6523 ICD 0160: GTIN. */
  static final String GTIN_SCHEME = "0160";

  /**
   * @param catalogueId the document's cbc:ID (unique per publication and buyer)
   * @param supplier the supplier's participant id ({@code scheme:value}) and legal name
   * @param buyer the receiving buyer's participant id
   * @param buyerName the buyer's legal name ({@code gateway.catalogue.buyers})
   */
  public byte[] build(
      Catalogue catalogue, String catalogueId, int version, String supplier, String supplierName, String buyer,
      String buyerName, LocalDate today) {
    CatalogueType c = new CatalogueType();
    c.setCustomizationID(CUSTOMIZATION);
    c.setProfileID(PROFILE);
    c.setID(catalogueId);
    c.setActionCode("Replace");
    c.setName(supplierName + " catalogue");
    c.setIssueDate(today);
    c.setVersionID(String.valueOf(version));
    PeriodType validity = new PeriodType();
    validity.setStartDate(today);
    c.addValidityPeriod(validity);
    c.setProviderParty(UblParties.endpointParty(supplier, supplierName));
    c.setReceiverParty(UblParties.endpointParty(buyer, buyerName));
    for (CatalogueItem item : catalogue.items()) {
      c.addCatalogueLine(line(item, catalogue.currency()));
    }
    byte[] xml = UBL21Marshaller.catalogue().getAsBytes(c);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the catalogue (schema violation)");
    }
    return xml;
  }

  private static CatalogueLineType line(CatalogueItem item, String currency) {
    CatalogueLineType l = new CatalogueLineType();
    l.setID(item.articleNumber());
    l.setActionCode("Add");
    l.setOrderableIndicator(true);
    l.setOrderableUnit(UnitCodes.ubl(item.unit()));
    ItemLocationQuantityType where = new ItemLocationQuantityType();
    PriceType price = new PriceType();
    PriceAmountType amount = new PriceAmountType(item.price().setScale(Math.max(2, item.price().scale()), RoundingMode.UNNECESSARY));
    amount.setCurrencyID(currency);
    price.setPriceAmount(amount);
    where.setPrice(price);
    l.addRequiredItemLocationQuantity(where);
    ItemType it = new ItemType();
    if (item.longDescription() != null && !item.longDescription().isBlank()) {
      it.addDescription(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType(
          item.longDescription()));
    }
    it.setName(item.name());
    for (String k : item.keywords()) {
      it.addKeyword(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.KeywordType(k));
    }
    ItemIdentificationType sid = new ItemIdentificationType();
    sid.setID(item.articleNumber());
    it.setSellersItemIdentification(sid);
    String mpn = item.details().get(LineField.MANUFACTURER_PART_NUMBER);
    if (mpn != null && !mpn.isBlank()) {
      ItemIdentificationType mid = new ItemIdentificationType();
      mid.setID(mpn);
      it.addManufacturersItemIdentification(mid);
    }
    String gtin = item.details().get(LineField.GTIN);
    if (gtin != null && !gtin.isBlank()) {
      ItemIdentificationType gid = new ItemIdentificationType();
      gid.setID(gtin);
      gid.getID().setSchemeID(GTIN_SCHEME);
      it.setStandardItemIdentification(gid);
    }
    if (item.imageUrl() != null) {
      it.addItemSpecificationDocumentReference(reference(item.articleNumber() + "-image", item.imageUrl()));
    }
    if (item.productSheetUrl() != null) {
      it.addItemSpecificationDocumentReference(reference(item.articleNumber() + "-sheet", item.productSheetUrl()));
    }
    if (item.unspsc() != null) {
      CommodityClassificationType cc = new CommodityClassificationType();
      ItemClassificationCodeType code = new ItemClassificationCodeType(item.unspsc());
      code.setListID(UNSPSC_LIST);
      cc.setItemClassificationCode(code);
      it.addCommodityClassification(cc);
    }
    it.addClassifiedTaxCategory(UblTax.categoryOfRate(item.vatRate()));
    String manufacturer = item.details().get(LineField.MANUFACTURER);
    if (manufacturer != null && !manufacturer.isBlank()) {
      PartyType m = new PartyType();
      PartyNameType n = new PartyNameType();
      n.setName(manufacturer);
      m.addPartyName(n);
      it.addManufacturerParty(m);
    }
    l.setItem(it);
    return l;
  }

  private static DocumentReferenceType reference(String id, String url) {
    DocumentReferenceType d = new DocumentReferenceType();
    d.setID(id);
    AttachmentType a = new AttachmentType();
    ExternalReferenceType e = new ExternalReferenceType();
    e.setURI(url.trim());
    a.setExternalReference(e);
    d.setAttachment(a);
    return d;
  }

}
