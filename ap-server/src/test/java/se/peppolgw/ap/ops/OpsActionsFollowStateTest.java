package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.ops.OpsTestSupport.OPERATOR_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.post;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The operator service asks the state before it acts: a send in SENDING is neither retried nor
 * cancelled, even when its queue row has no live lease (the store alone would let both through).
 */
class OpsActionsFollowStateTest {
  @TempDir Path dir;

  @Test
  void aSendInProgressIsNeitherRetriedNorCancelledAndAWaitingOneIs() throws Exception {
    try (GatewayFixture gw = OpsTestSupport.withOperators(new GatewayFixture(dir))
        .with("gateway.outbound.dir", "none").start()) {
      var db = gw.gateway().store().database();
      Row sending = new Row().out("SENDING");
      sending.outbox = true; // no lease: the queue row alone would allow retry and cancel
      sending.insert(db);
      Row waiting = new Row().out("RETRY_WAIT");
      waiting.outbox = true;
      waiting.insert(db);

      HttpResponse<String> retry = post(gw, "/api/transmissions/" + sending.id + "/retry", OPERATOR_TOKEN);
      assertEquals(409, retry.statusCode(), retry.body());
      assertTrue(retry.body().contains("SENDING"), retry.body());
      assertEquals(409, post(gw, "/api/transmissions/" + sending.id + "/cancel", OPERATOR_TOKEN).statusCode());
      assertEquals(TransmissionState.SENDING, gw.gateway().store().find(sending.id).orElseThrow().state());
      assertTrue(gw.gateway().outbound().outbox().entry(sending.id).isPresent(), "still queued");

      HttpResponse<String> cancel = post(gw, "/api/transmissions/" + waiting.id + "/cancel", OPERATOR_TOKEN);
      assertEquals(200, cancel.statusCode(), cancel.body());
      assertEquals(TransmissionState.CANCELLED, gw.gateway().store().find(waiting.id).orElseThrow().state());

      Row rejected = new Row();
      rejected.state = "REJECTED";
      rejected.insert(db);
      assertEquals(409, post(gw, "/api/transmissions/" + rejected.id + "/redeliver", OPERATOR_TOKEN).statusCode());
    }
  }
}
