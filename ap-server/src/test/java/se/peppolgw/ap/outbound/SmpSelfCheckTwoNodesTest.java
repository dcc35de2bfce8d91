package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.mls.MlsIds;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * Two nodes of one gateway (one AP key, one public URL) on one PostgreSQL: each node runs the SMP
 * self-check itself and keeps its own last result. That is intended: the check only reads the
 * SML/SMP, so a run per node costs a few SMP requests and needs no coordination; the audit trail
 * (in the shared database) shows both runs.
 */
class SmpSelfCheckTwoNodesTest {
  static final String PARTICIPANT = "0007:5567100101";
  static final String OWN_SP = "0242:000021";
  static final String ADMIN_TOKEN = "admin-token-two-nodes-0123456789";

  @TempDir static Path dir;
  static EmbeddedPostgres pg;
  static TestSmpServer smp;
  static TestDns dns;
  static Peer nodeA;
  static Peer nodeB;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    smp = new TestSmpServer();
    nodeA = new Peer(dir, "node-a", "PSE000021", null);
    nodeB = new Peer(dir, "node-b", "PSE000021", nodeA.keystoreDir());
    smp.register(PARTICIPANT, DocumentTypeAliases.expand("order"), GatewayFixture.ORDER_ONLY_PROCESS, nodeA);
    // the gateway's own service provider participant (seat PSE000021), which receives MLS answers
    smp.register(OWN_SP, MlsIds.DOCUMENT_TYPE_ID, MlsIds.PROCESS_ID, nodeA);
    dns = new TestDns(smp.url(), List.of(PARTICIPANT, OWN_SP));
    String trust = smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret").toString();
    for (Peer node : List.of(nodeA, nodeB)) {
      node.serves("p", PARTICIPANT, "order")
          // one gateway: the same key (node A's key store) and the same public URL on both nodes
          .with("gateway.keystore.dir", nodeA.keystoreDir().toString())
          .with("gateway.public-url", "http://127.0.0.1:" + nodeA.port)
          .with("gateway.db.url", pg.getJdbcUrl("postgres", "postgres"))
          .with("gateway.db.user", "postgres")
          .with("gateway.db.password", "")
          .with("gateway.routing.mode", "sml")
          .with("gateway.routing.sml-zone", TestDns.ZONE)
          .with("gateway.routing.dns-server", dns.server())
          .with("gateway.routing.smp-truststore.path", trust)
          .with("gateway.routing.smp-truststore.password", "secret")
          .with("gateway.smp.self-check.interval", "off")
          .with("gateway.operators", "ada")
          .with("gateway.operator.ada.role", "admin")
          .with("gateway.operator.ada.token-hashes", ApiTokens.hash(ADMIN_TOKEN));
    }
    nodeA.start();
    nodeB.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, dns, smp, pg}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void eachNodeChecksOnItsOwnAndBothRunsAreAudited() throws Exception {
    int before = smp.metadataRequests();
    JsonNode a = json(call(nodeA, "POST", "/api/ops/smp-self-check"));
    assertEquals("NO_DRIFT", a.get("outcome").asText(), a::toString);
    assertEquals("NOT_RUN_YET", json(call(nodeB, "GET", "/api/ops/smp-self-check")).get("outcome").asText(),
        "the last result is the node's own, not shared through the database");

    JsonNode b = json(call(nodeB, "POST", "/api/ops/smp-self-check"));
    assertEquals("NO_DRIFT", b.get("outcome").asText(), b::toString);
    assertEquals(before + 4, smp.metadataRequests(), "each node asked the SMP once per participant");
    assertEquals(a.get("at").asText(), json(call(nodeA, "GET", "/api/ops/smp-self-check")).get("at").asText());

    JsonNode audit = json(call(nodeB, "GET", "/api/ops/audit?target=smp")).get("entries");
    assertEquals(2, audit.size(), audit::toString);
    audit.forEach(e -> assertEquals("SMP_SELF_CHECK", e.get("action").asText()));
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r::body);
    return Json.MAPPER.readTree(r.body());
  }

  static HttpResponse<String> call(Peer node, String method, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
