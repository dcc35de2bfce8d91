package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

class GatewayConfigTest {
  @TempDir Path dir;

  @Test
  void environmentNamesFollowOneRule() {
    assertEquals("GATEWAY_HTTP_PORT", ConfigSource.environmentName("gateway.http.port"));
    assertEquals(
        "GATEWAY_PARTICIPANT_SUPPLIER_GLN_DOCUMENT_TYPES",
        ConfigSource.environmentName("gateway.participant.supplier-gln.document-types"));
  }

  @Test
  void overridesBeatTheFile() throws Exception {
    Path f = dir.resolve("g.properties");
    Files.writeString(f, "gateway.http.port=9000\ngateway.data.dir=/var/x\n");
    GatewayConfig c = new GatewayConfig(ConfigSource.of(Map.of("gateway.http.port", "9100"), f));
    assertEquals(9100, c.http().port());
    assertEquals(Path.of("/var/x"), c.dataDir());
    assertEquals("override", c.source().origin("gateway.http.port"));
    assertEquals("configuration file", c.source().origin("gateway.data.dir"));
  }

  @Test
  void workerCountsAcceptZeroAndRefuseNegatives() {
    GatewayConfig zero =
        new GatewayConfig(
            ConfigSource.of(
                Map.of("gateway.outbound.workers", "0", "gateway.db.group-commit-writers", "0"), null));
    assertEquals(0, zero.outbound().workers());
    assertEquals(0, zero.store().groupCommitWriters());
    GatewayConfig defaults = new GatewayConfig(ConfigSource.of(Map.of(), null));
    assertEquals(4, defaults.outbound().workers());
    assertEquals(1, defaults.store().groupCommitWriters());
    GatewayConfig negative =
        new GatewayConfig(
            ConfigSource.of(
                Map.of("gateway.outbound.workers", "-1", "gateway.db.group-commit-writers", "-2"), null));
    ConfigException w = assertThrows(ConfigException.class, negative::outbound);
    assertTrue(w.getMessage().contains("gateway.outbound.workers"), w.getMessage());
    ConfigException g = assertThrows(ConfigException.class, () -> negative.store().groupCommitWriters());
    assertTrue(g.getMessage().contains("gateway.db.group-commit-writers"), g.getMessage());
  }

  @Test
  void modeIsLocalUntilAKeystoreIsConfigured() {
    assertEquals(Mode.LOCAL, new GatewayConfig(ConfigSource.of(Map.of(), null)).mode());
    assertEquals(
        Mode.TEST,
        new GatewayConfig(ConfigSource.of(Map.of("gateway.keystore.path", "/x.p12"), null)).mode());
    assertEquals(
        Mode.PRODUCTION,
        new GatewayConfig(ConfigSource.of(Map.of("gateway.keystore.path", "/x.p12", "gateway.mode", "production"), null)).mode());
  }

  @Test
  void participantsWithAliasesAndClearErrors() {
    GatewayConfig c =
        new GatewayConfig(
            ConfigSource.of(
                Map.of(
                    "gateway.participants", "a, b",
                    "gateway.participant.a.id", "0007:5567212345",
                    "gateway.participant.a.document-types", "order, invoice",
                    "gateway.participant.b.id", "0088:7300009025069"),
                null));
    var ps = c.served().participants();
    assertEquals(2, ps.size());
    assertTrue(ps.get(0).accepts(DocumentTypeAliases.expand("order")));
    assertTrue(!ps.get(0).accepts(DocumentTypeAliases.expand("credit-note")));
    assertTrue(ps.get(1).accepts("anything"));
    assertTrue(ps.get(0).isParticipant("0007:5567212345"));

    ConfigException missing =
        assertThrows(ConfigException.class,
            () -> new GatewayConfig(ConfigSource.of(Map.of("gateway.participants", "x"), null)).served().participants());
    assertTrue(missing.getMessage().contains("gateway.participant.x.id"));
    ConfigException bad =
        assertThrows(ConfigException.class,
            () -> new GatewayConfig(ConfigSource.of(Map.of("gateway.participants", "x", "gateway.participant.x.id", "5567212345"), null)).served().participants());
    assertTrue(bad.getMessage().contains("not a Peppol participant identifier"));
    ConfigException port =
        assertThrows(ConfigException.class,
            () -> new GatewayConfig(ConfigSource.of(Map.of("gateway.http.port", "eighty"), null)).http().port());
    assertTrue(port.getMessage().contains("gateway.http.port"));
  }

  @Test
  void shippedConfigurationFileIsValid() {
    Path shipped = Path.of("..", "config", "gateway.properties");
    GatewayConfig c = new GatewayConfig(ConfigSource.of(Map.of(), shipped));
    assertEquals(8080, c.http().port());
    assertEquals(Mode.LOCAL, c.mode());
    assertEquals(2, c.served().participants().size());
  }
}
