package se.peppolgw.ap.outbound;

import java.util.Map;
import java.util.function.Function;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * Routing given by the caller instead of (or in addition to) what the document says. Any field may
 * be null. Participant identifiers may carry the {@code iso6523-actorid-upis::} prefix; the
 * document type may be an alias such as {@code invoice}.
 */
public record RoutingOverrides(
    String senderId, String receiverId, String documentTypeId, String processId, String countryC1) {

  public static final RoutingOverrides NONE = new RoutingOverrides(null, null, null, null, null);

  /** Query parameter names, as documented in docs/outbound.md. */
  public static final String SENDER = "sender";
  public static final String RECEIVER = "receiver";
  public static final String DOCUMENT_TYPE = "documentType";
  public static final String PROCESS = "process";
  public static final String COUNTRY_C1 = "countryC1";

  public static RoutingOverrides from(Function<String, String> param) {
    return new RoutingOverrides(
        strip(param.apply(SENDER), "iso6523-actorid-upis::"),
        strip(param.apply(RECEIVER), "iso6523-actorid-upis::"),
        docType(param.apply(DOCUMENT_TYPE)),
        strip(param.apply(PROCESS), "cenbii-procid-ubl::"),
        blankToNull(param.apply(COUNTRY_C1)));
  }

  public static RoutingOverrides from(Map<String, String> m) {
    return from(m::get);
  }

  public boolean isEmpty() {
    return senderId == null
        && receiverId == null
        && documentTypeId == null
        && processId == null
        && countryC1 == null;
  }

  private static String docType(String v) {
    String s = strip(v, "busdox-docid-qns::");
    return s == null ? null : DocumentTypeAliases.expand(s);
  }

  private static String strip(String v, String prefix) {
    String s = blankToNull(v);
    if (s != null && s.regionMatches(true, 0, prefix, 0, prefix.length())) {
      s = s.substring(prefix.length());
    }
    return s;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
