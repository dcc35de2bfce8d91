package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigCheckTest {
  @TempDir Path dir;

  private List<String> problems(Map<String, String> values) {
    return ConfigCheck.problems(new GatewayConfig(ConfigSource.withEnvironment(values, Map.of())));
  }

  @Test
  void theDefaultsAndTheSampleConfigurationHaveNoProblem() {
    assertEquals(List.of(), problems(Map.of()));
    Path sample = Path.of("..", "config", "gateway.properties");
    assertEquals(
        List.of(),
        ConfigCheck.problems(new GatewayConfig(ConfigSource.of(Map.of("gateway.data.dir", dir.toString()), sample))));
  }

  /** One bad value each: the exact line the operator reads. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
      gateway.http.port                    | 70000 | gateway.http.port = '70000' (override) is out of range; allowed: 0 to 65535
      gateway.http.port                    | http  | gateway.http.port = 'http' (override) is not a whole number; allowed: 0 to 65535
      gateway.mode                         | prod  | gateway.mode = 'prod' (override) is not local, test or production
      gateway.outbound.retry.max-attempts  | 0     | gateway.outbound.retry.max-attempts = '0' (override) is out of range; allowed: 1 to 1000
      gateway.outbound.retry.multiplier    | NaN   | gateway.outbound.retry.multiplier = 'NaN' (override) is not a number; allowed: 1.0 to 100.0
      gateway.outbound.validation.enabled  | maybe | gateway.outbound.validation.enabled = 'maybe' is not true/false
      gateway.inbound.duplicate-answer     | drop  | gateway.inbound.duplicate-answer = 'drop': expected receipt or error
      gateway.routing.mode                 | dns   | gateway.routing.mode = 'dns' (override) is not one of static, sml, fixed-smp
      gateway.reporting.zone               | Mars/Base | gateway.reporting.zone = 'Mars/Base' (override) is not a time zone id (e.g. Europe/Stockholm)
      gateway.health.details               | all   | gateway.health.details = 'all' (override): expected authenticated or public
      gateway.db.url                       | jdbc:mysql://db/gw | gateway.db.url = 'jdbc:mysql://db/gw' (override) is not a jdbc:h2: or jdbc:postgresql: URL
      gateway.outbound.default-country-c1  | Sweden | gateway.outbound.default-country-c1 = 'Sweden' (override) is not a two-letter ISO 3166 country code (e.g. SE)
      gateway.public-url                   | gateway.example.com | gateway.public-url = 'gateway.example.com' is not an absolute URL: no scheme or host
      gateway.keystore.path                | /no/such/ap.p12 | gateway.keystore.path = '/no/such/ap.p12' (override): no such file
      gateway.retention.invoices.days      | 30    | gateway.retention.invoices.days (override) names no document kind; expected one of invoice, credit-note, order, order-response, despatch-advice, other
      """)
  void aBadValueGivesOneExactLine(String key, String value, String line) {
    assertEquals(List.of(line), problems(Map.of(key, value, "gateway.data.dir", dir.toString())));
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    List<String> p =
        problems(
            Map.of(
                "gateway.data.dir", dir.toString(),
                "gateway.http.port", "-1",
                "gateway.outbound.workers", "many",
                "gateway.outbound.retry.max-attemps", "3"));
    assertEquals(
        List.of(
            "gateway.outbound.retry.max-attemps (override) is not a known key; did you mean"
                + " gateway.outbound.retry.max-attempts?",
            "gateway.http.port = '-1' (override) is out of range; allowed: 0 to 65535",
            "gateway.outbound.workers = 'many' (override) is not a whole number; allowed: 0 to 256"),
        p);
  }

  @Test
  void anUnknownKeyInTheFileIsRefusedWithTheNearestKnownKey() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(
        file,
        "gateway.outbound.retry.max-attemps=3\n"
            + "gateway.participant.acme.documnet-types=order\n"
            + "gateway.totally.different=1\n"
            + "other.tool.key=ignored\n");
    List<String> p =
        ConfigCheck.problems(new GatewayConfig(ConfigSource.of(Map.of("gateway.data.dir", dir.toString()), file)));
    assertEquals(
        List.of(
            "gateway.outbound.retry.max-attemps (configuration file) is not a known key; did you mean"
                + " gateway.outbound.retry.max-attempts?",
            "gateway.participant.acme.documnet-types (configuration file) is not a known key; did you mean"
                + " gateway.participant.acme.document-types?",
            "gateway.totally.different (configuration file) is not a known key"),
        p);
  }

  @Test
  void anEnvironmentVariableThatSetsNoKeyIsRefused() {
    Map<String, String> env =
        Map.of(
            "GATEWAY_OUTBOUND_RETRY_MAX_ATTEMPS", "3",
            "GATEWAY_HTTP_PORT", "8081",
            "GATEWAY_PARTICIPANT_SUPPLIER_GLN_DOCUMENT_TYPES", "*",
            "GATEWAY_URL", "http://localhost:8081",
            "GATEWAY_DATA_DIR", dir.toString(),
            "PATH", "/usr/bin");
    assertEquals(
        List.of(
            "environment variable GATEWAY_OUTBOUND_RETRY_MAX_ATTEMPS sets no known key; did you mean"
                + " GATEWAY_OUTBOUND_RETRY_MAX_ATTEMPTS?"),
        ConfigCheck.problems(new GatewayConfig(ConfigSource.withEnvironment(Map.of(), env))));
  }

  @Test
  void aDataFolderThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("data"), "x");
    assertEquals(
        List.of("gateway.data.dir = '" + file + "' (override): is a file, not a folder"),
        problems(Map.of("gateway.data.dir", file.toString())));
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndReplacements() {
    assertEquals(0, KnownKeys.distance("abc", "abc"));
    assertEquals(1, KnownKeys.distance("max-attemps", "max-attempts"));
    assertEquals(2, KnownKeys.distance("documnet", "document"));
    assertEquals(3, KnownKeys.distance("", "abc"));
  }
}
