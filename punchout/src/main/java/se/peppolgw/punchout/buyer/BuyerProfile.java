package se.peppolgw.punchout.buyer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.peppolgw.punchout.json.BoundedDecimalDeserializer;
import se.peppolgw.punchout.security.SecretHasher;

/**
 * One buyer organisation as configured in {@code config/punchout/buyers/<id>.json}. Every field is
 * documented in {@code punchout/README.md}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record BuyerProfile(
    String id,
    String name,
    Protocol protocol,
    String protocolVersion,
    String username,
    String secretHash,
    List<String> allowedReturnUrls,
    Boolean requireHttps,
    String currency,
    String language,
    List<String> assortment,
    @JsonDeserialize(contentUsing = BoundedDecimalDeserializer.Price.class) Map<String, BigDecimal> prices,
    ExternalShop externalShop,
    List<String> frameAncestors,
    OciOptions oci,
    CxmlOptions cxml,
    PeppolOptions peppol) {

  public BuyerProfile {
    allowedReturnUrls = allowedReturnUrls == null ? List.of() : List.copyOf(allowedReturnUrls);
    requireHttps = requireHttps == null ? Boolean.TRUE : requireHttps;
    currency = currency == null ? "SEK" : currency;
    language = language == null ? "sv" : language;
    assortment = assortment == null ? List.of() : List.copyOf(assortment);
    prices = prices == null ? Map.of() : Map.copyOf(prices);
    frameAncestors = frameAncestors == null ? List.of() : List.copyOf(frameAncestors);
    oci = oci == null ? OciOptions.DEFAULTS : oci;
    cxml = cxml == null ? CxmlOptions.DEFAULTS : cxml;
    peppol = peppol == null ? PeppolOptions.DEFAULTS : peppol;
  }

  /**
   * The supplier's own shop instead of the built-in one. The start URL sends the browser to {@code url}; the
   * shop posts the cart server to server to the cart API with {@code Authorization: Bearer <API secret>}
   * (stored here as {@code apiSecretHash}, same format as {@code secretHash}). Buyers without this block
   * use the built-in shop, and the cart API refuses them.
   *
   * @param url           the shop's entry URL (absolute http/https)
   * @param apiSecretHash the shop's API secret as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
   * @param priceCheck    {@code CATALOGUE} (default): every line must match the catalogue and the buyer's
   *                      contract; {@code TRUST_SHOP}: the shop's prices, VAT rates and units are sent as they are
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record ExternalShop(String url, String apiSecretHash, PriceCheck priceCheck) {
    public ExternalShop {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("externalShop.url is missing");
      }
      URI u;
      try {
        u = new URI(url.trim());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("externalShop.url is not a valid URL");
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawUserInfo() != null
          || u.getRawFragment() != null) {
        throw new IllegalArgumentException("externalShop.url must be an absolute http(s) URL without user info or fragment");
      }
      url = url.trim();
      if (apiSecretHash == null || !apiSecretHash.startsWith(SecretHasher.PREFIX + "$")) {
        throw new IllegalArgumentException("externalShop.apiSecretHash must be a " + SecretHasher.PREFIX
            + "$... value (HashSecret --generate prints a new API secret and its hash)");
      }
      priceCheck = priceCheck == null ? PriceCheck.CATALOGUE : priceCheck;
    }
  }

  /** Whose prices an external shop's cart carries. */
  public enum PriceCheck {
    /** Every line must be a catalogue article of the buyer's assortment at the contract price, VAT rate and unit. */
    CATALOGUE,
    /** The shop is the price authority: its lines are sent as they are (after the usual line checks). */
    TRUST_SHOP
  }

  /** OCI field mapping choices. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record OciOptions(
      String usernameField,
      String passwordField,
      String defaultCharset,
      String vatRateField,
      String unspscField,
      Boolean emitEmptyOptionalFields,
      HookUrlQuery hookUrlQuery,
      String vendorNumber) {
    public static final OciOptions DEFAULTS = new OciOptions(null, null, null, null, null, null, null, null);

    public OciOptions {
      usernameField = usernameField == null ? "USERNAME" : usernameField;
      passwordField = passwordField == null ? "PASSWORD" : passwordField;
      defaultCharset = defaultCharset == null ? "ISO-8859-1" : defaultCharset;
      vatRateField = vatRateField == null ? "CUST_FIELD1" : vatRateField;
      unspscField = unspscField == null ? "EXT_CATEGORY" : unspscField;
      emitEmptyOptionalFields = emitEmptyOptionalFields == null ? Boolean.FALSE : emitEmptyOptionalFields;
      hookUrlQuery = hookUrlQuery == null ? HookUrlQuery.KEEP : hookUrlQuery;
    }
  }

  /** What to do with a query string on HOOK_URL. */
  public enum HookUrlQuery {
    /** Post to HOOK_URL exactly as received (what most shops do). */
    KEEP,
    /** Post to the bare URL and send the query parameters as hidden fields (SAP's reading of the spec). */
    AS_HIDDEN_FIELDS
  }

  /** cXML choices. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record CxmlOptions(
      String fromDomain,
      String fromIdentity,
      CxmlTransport transport,
      Boolean allowEdit,
      String defaultUnspsc) {
    public static final CxmlOptions DEFAULTS = new CxmlOptions(null, null, null, null, null);

    public CxmlOptions {
      transport = transport == null ? CxmlTransport.BASE64 : transport;
      allowEdit = allowEdit == null ? Boolean.TRUE : allowEdit;
    }
  }

  /** Hidden field that carries the PunchOutOrderMessage. */
  public enum CxmlTransport {
    /** {@code cxml-base64}: base64 of the UTF-8 bytes; any character survives. */
    BASE64,
    /** {@code cxml-urlencoded}: the XML itself, made ASCII-only with character references. */
    URLENCODED
  }

  /** Peppol punch-out (SFTI login and transmission) choices. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record PeppolOptions(
      String usernameField,
      String passwordField,
      String returnUrlField,
      String buyerReferenceField,
      String cartField,
      String receiverEndpointScheme,
      String receiverEndpointId,
      String receiverName) {
    public static final PeppolOptions DEFAULTS = new PeppolOptions(null, null, null, null, null, null, null, null);

    public PeppolOptions {
      usernameField = usernameField == null ? "username" : usernameField;
      passwordField = passwordField == null ? "password" : passwordField;
      returnUrlField = returnUrlField == null ? "returnUrl" : returnUrlField;
      buyerReferenceField = buyerReferenceField == null ? "buyerReference" : buyerReferenceField;
      cartField = cartField == null ? "cart" : cartField;
    }
  }

  public boolean hasContractedAssortment() {
    return !assortment.isEmpty();
  }

  /** Whether the supplier's own shop serves this buyer (cart API enabled) instead of the built-in shop. */
  public boolean hasExternalShop() {
    return externalShop != null;
  }

  /**
   * Whether every cart line must match the catalogue (price, VAT rate, unit, assortment): always for the
   * built-in shop, and for an external shop unless its profile says {@code TRUST_SHOP}.
   */
  public boolean pricesFromCatalogue() {
    return externalShop == null || externalShop.priceCheck() == PriceCheck.CATALOGUE;
  }
}
