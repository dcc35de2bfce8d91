package se.peppolgw.punchout.session;

import java.util.List;

/** What a cXML PunchOutSetupRequest told us and the order message must echo. */
public record CxmlContext(
    String operation,
    String buyerCookie,
    String deploymentMode,
    List<Credential> from,
    String requestPayloadId) {

  public record Credential(String domain, String identity) {
  }

  public boolean isInspect() {
    return "inspect".equals(operation);
  }
}
