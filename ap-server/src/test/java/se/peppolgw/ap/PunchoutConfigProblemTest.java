package se.peppolgw.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.punchout.InMemoryPunchoutEventLog;
import se.peppolgw.punchout.PunchoutGateway;
import se.peppolgw.punchout.PunchoutSettings;

/** Unknown keys in the catalogue and supplier files are refused with file, key and a hint. */
class PunchoutConfigProblemTest {
  @TempDir Path dir;

  ConfigException loadFails() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> new PunchoutGateway(PunchoutSettings.of(URI.create("http://localhost:8080"), dir), new InMemoryPunchoutEventLog()));
    return PunchoutConfigProblem.describe(dir, e);
  }

  @Test
  void unknownCatalogueKey() throws Exception {
    Files.writeString(dir.resolve("catalogue.json"), "{\n  \"currency\": \"SEK\",\n  \"curency\": \"EUR\",\n  \"items\": []\n}\n");
    String m = loadFails().getMessage();
    assertTrue(m.startsWith("catalogue " + dir.resolve("catalogue.json")), m);
    assertTrue(m.contains("unknown key 'curency'"), m);
    assertTrue(m.contains("did you mean 'currency'?"), m);
  }

  @Test
  void unknownSupplierKey() throws Exception {
    Files.writeString(dir.resolve("supplier.json"), "{\"nmae\": \"x\"}");
    String m = loadFails().getMessage();
    assertTrue(m.contains(dir.resolve("supplier.json").toString()), m);
    assertTrue(m.contains("unknown key 'nmae'"), m);
  }

  @Test
  void nearestKeyOnlyWhenClose() {
    assertEquals("allowedReturnUrls", PunchoutConfigProblem.nearest("alowedReturnUrls", List.of("id", "allowedReturnUrls")));
    assertEquals(null, PunchoutConfigProblem.nearest("somethingElse", List.of("id", "allowedReturnUrls")));
  }
}
