package se.peppolgw.punchout.buyer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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
    Map<String, BigDecimal> prices,
    String shopUrl,
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
}
