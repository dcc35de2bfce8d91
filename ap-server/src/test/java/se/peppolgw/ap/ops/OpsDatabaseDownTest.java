package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.OpsTestSupport.LoginForm;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * Sessions and login counters are in the database: while it is unreachable, logins and session
 * requests answer 503 (retry later), not a 500.
 */
class OpsDatabaseDownTest {
  @TempDir static Path dir;
  static EmbeddedPostgres pg;
  static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir))
        .with("gateway.db.url", pg.getJdbcUrl("postgres", "postgres"))
        .with("gateway.db.user", "postgres")
        .with("gateway.db.password", "")
        .with("gateway.outbound.dir", "none")
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.stop();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void loginAndSessionsAnswer503WhileTheDatabaseIsDown() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    LoginForm form = LoginForm.load(gw);
    pg.close();
    pg = null;

    assertEquals(503, form.post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", form.sameOrigin(gw)).statusCode());
    assertEquals(503, olle.get("/ops/").statusCode());
    HttpResponse<String> api = OpsTestSupport.HTTP.send(
        HttpRequest.newBuilder(gw.url("/api/transmissions")).header("Cookie", olle.cookie()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(503, api.statusCode());
    assertEquals(503, OpsTestSupport.HTTP.send(
        HttpRequest.newBuilder(gw.url("/api/openapi.yaml")).header("Cookie", olle.cookie()).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }
}
