package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.web.OpsTimes;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Times carry their zone and do not wrap; durations read as "3.2 s". */
class OpsTimesTest {
  static final Pattern STAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (UTC|[+-]\\d\\d:\\d\\d)");

  @TempDir static Path dir;
  static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void durationsReadAsAHumanWouldSayThem() {
    assertEquals("850 ms", OpsTimes.duration(850));
    assertEquals("3.2 s", OpsTimes.duration(3_210));
    assertEquals("59.9 s", OpsTimes.duration(59_900));
    assertEquals("2 min 5 s", OpsTimes.duration(125_000));
    assertEquals("3 h 10 min", OpsTimes.duration(3 * 3_600_000L + 600_000));
  }

  @Test
  void timesAlwaysShowTheirZone() {
    Instant i = Instant.parse("2026-01-02T10:00:00Z");
    assertEquals("2026-01-02 10:00:00 UTC", OpsTimes.at(i, ZoneOffset.UTC));
    assertEquals("2026-01-02 11:00:00 +01:00", OpsTimes.at(i, ZoneId.of("Europe/Stockholm")));
    assertEquals("", OpsTimes.at(null, ZoneOffset.UTC));
  }

  @Test
  void listAndDetailPagesShowZonedTimesThatDoNotWrap() throws Exception {
    String id = new OpsTestSupport.Row().insert(gw.gateway().store().database());
    Browser b = Browser.login(gw, "vera");
    String list = b.get("/ops/transmissions").body();
    assertTrue(list.contains("<td class=\"ts\"><a href=\"/ops/transmissions/" + id + "\">"), list);
    String detail = b.get("/ops/transmissions/" + id).body();
    assertTrue(detail.contains("<td class=\"mono ts\">"), detail);
    assertTrue(STAMP.matcher(detail).find(), detail);
    String css = b.get("/ops/static/ops.css").body();
    assertTrue(css.contains(".ts{white-space:nowrap"), "the stylesheet keeps times on one line");
  }
}
