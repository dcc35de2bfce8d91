package se.peppolgw.punchout.cxml;

import java.util.List;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.session.CxmlContext.Credential;

/** What we read from a PunchOutSetupRequest (secrets stay in {@code senderSecrets}, never logged). */
public record CxmlSetupRequest(
    String version,
    String payloadId,
    List<Credential> from,
    List<String> senderSecrets,
    String requestType,
    String deploymentMode,
    String operation,
    String buyerCookie,
    String browserFormPostUrl,
    List<CartLine> itemsOut,
    List<String> itemOutProblems) {
}
