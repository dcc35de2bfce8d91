package se.peppolgw.punchout.buyer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Who we are, as sent in carts: {@code config/punchout/supplier.json}. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SupplierIdentity(
    String name,
    String endpointScheme,
    String endpointId,
    String cxmlDomain,
    String cxmlIdentity,
    String userAgent) {

  public SupplierIdentity {
    name = name == null ? "Supplier" : name;
    cxmlDomain = cxmlDomain == null ? "NetworkID" : cxmlDomain;
    cxmlIdentity = cxmlIdentity == null ? "supplier" : cxmlIdentity;
    userAgent = userAgent == null ? "peppol-gateway punchout" : userAgent;
  }
}
