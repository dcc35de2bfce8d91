package se.peppolgw.ap.ops.web;

import java.util.Map;

/**
 * What an operator action did: HTTP-like status (200 done, 201 new transmission, 404, 409 not
 * possible in this state, 4xx/422 invalid corrected document), a message, and the transmission
 * the operator should look at next.
 */
public record ActionResult(int status, String message, String transmissionId, Map<String, ?> extra) {
  public boolean ok() {
    return status < 300;
  }

  static ActionResult done(String message, String id) {
    return new ActionResult(200, message, id, Map.of());
  }

  static ActionResult refused(int status, String message, String id) {
    return new ActionResult(status, message, id, Map.of());
  }
}
