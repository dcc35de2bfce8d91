package se.peppolgw.ap.outbound;

import java.util.List;

/**
 * A check beyond Peppol BIS that every outbound document passes at intake (from the API, the
 * folder and the desk alike): the buyers' own rules ({@code se.peppolgw.ap.desk.BuyerRules}).
 */
public interface OutboundCheck {
  OutboundCheck NONE = p -> Result.NOT_APPLICABLE;

  Result check(ParsedOutbound p);

  /** One broken rule, with its message in Swedish and English and where in the document. */
  record Violation(String ruleId, String messageSv, String messageEn, String location) {}

  /**
   * @param profileId the rule profile that applied to the receiver, or null when none did
   * @param rulesChecked how many of the profile's rules applied to this document
   */
  record Result(String profileId, String profileName, int rulesChecked, List<Violation> violations) {
    public static final Result NOT_APPLICABLE = new Result(null, null, 0, List.of());

    public Result {
      violations = List.copyOf(violations);
    }

    public boolean passed() {
      return violations.isEmpty();
    }
  }
}
