package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.sbdh.EPeppolMLSType;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.outbound.OutboundParser;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.ParsedOutbound;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.testkit.SharedTestData;

/** Step C2.1: every SBDH the gateway writes carries MLS_TO and MLS_TYPE, except an MLS's own. */
class MlsSbdhTest {
  private static final String INVOICE = "peppol-bis/billing/base-example.xml";
  private static final String ORDER = "peppol-bis/poacc/Order_Example.xml";

  private static MlsSettings settings(Map<String, String> keys) {
    return MlsSettings.from(ConfigSource.of(keys, null), "PSE000123");
  }

  private static PeppolSBDHData written(MlsSettings mls, byte[] document) throws Exception {
    ParsedOutbound p = new OutboundParser("SE", Clock.systemUTC(), mls).parse(document, RoutingOverrides.NONE);
    return new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE).extractData(new ByteArrayInputStream(p.sbd()));
  }

  @Test
  void theSeatIdGivesTheServiceProviderIdAndEveryDocumentAsksForAlwaysSendByDefault() throws Exception {
    MlsSettings mls = settings(Map.of());
    assertEquals("0242:000123", mls.serviceProviderId());
    assertEquals(Duration.ofHours(24), mls.expectedWithin());
    PeppolSBDHData sbdh = written(mls, SharedTestData.read(INVOICE));
    assertEquals("0242:000123", sbdh.getMLSToValue());
    assertEquals("iso6523-actorid-upis", sbdh.getMLSToScheme());
    assertEquals(EPeppolMLSType.ALWAYS_SEND, sbdh.getMLSType());
    ParsedOutbound p = new OutboundParser("SE", Clock.systemUTC(), mls).parse(SharedTestData.read(INVOICE), RoutingOverrides.NONE);
    assertEquals("ALWAYS_SEND", p.mlsType());
  }

  @Test
  void theTypeIsConfigurablePerDocumentTypeAlias() throws Exception {
    MlsSettings mls =
        settings(Map.of("gateway.mls.type.default", "failure_only", "gateway.mls.type.order", "ALWAYS_SEND",
            "gateway.mls.service-provider-id", "0242:000777", "gateway.mls.expected-within", "90m"));
    assertEquals(EPeppolMLSType.FAILURE_ONLY, written(mls, SharedTestData.read(INVOICE)).getMLSType());
    PeppolSBDHData order = written(mls, SharedTestData.read(ORDER));
    assertEquals(EPeppolMLSType.ALWAYS_SEND, order.getMLSType());
    assertEquals("0242:000777", order.getMLSToValue());
    assertEquals(Duration.ofMinutes(90), mls.expectedWithin());
  }

  @Test
  void anMlsItselfNeverAsksForAnMls() throws Exception {
    MlsSettings mls = settings(Map.of());
    byte[] doc = TestMls.of("mls-1", "0242:000123", "0242:000999", "abc", "AP", null, List.of());
    ParsedOutbound p = new OutboundParser("SE", Clock.systemUTC(), mls).parse(doc,
        new RoutingOverrides("0242:000123", "0242:000999", null, null, "SE"));
    assertNull(p.mlsType());
    String sbd = new String(p.sbd(), StandardCharsets.UTF_8);
    assertTrue(p.routing().documentTypeId().contains(MlsIds.CUSTOMIZATION_ID), p.routing().documentTypeId());
    assertFalse(sbd.contains("MLS_TO"), sbd);
    assertFalse(sbd.contains("MLS_TYPE"), sbd);
    assertEquals(Map.of(), mls.typeByDocumentType());
    assertTrue(mls.typeFor(MlsIds.DOCUMENT_TYPE_ID).isEmpty());
  }

  @Test
  void aCallersSbdKeepsItsHeaderAndTheExpectationFollowsIt() throws Exception {
    MlsSettings mls = settings(Map.of());
    OutboundParser parser = new OutboundParser("SE", Clock.systemUTC(), mls);
    byte[] ours = parser.parse(SharedTestData.read(INVOICE), RoutingOverrides.NONE).sbd();
    assertEquals("ALWAYS_SEND", parser.parse(ours, RoutingOverrides.NONE).mlsType());
    String failureOnly = new String(ours, StandardCharsets.UTF_8).replace(">ALWAYS_SEND<", ">FAILURE_ONLY<");
    assertEquals("FAILURE_ONLY",
        parser.parse(failureOnly.getBytes(StandardCharsets.UTF_8), RoutingOverrides.NONE).mlsType());
    // the answer goes to another service provider: nothing to expect here
    String elsewhere = new String(ours, StandardCharsets.UTF_8).replace(">0242:000123<", ">0242:000555<");
    assertNull(parser.parse(elsewhere.getBytes(StandardCharsets.UTF_8), RoutingOverrides.NONE).mlsType());
    // no MLS scopes at all: the specification's default, ALWAYS_SEND to the sending AP
    byte[] plain = new OutboundParser("SE", Clock.systemUTC()).parse(SharedTestData.read(INVOICE), RoutingOverrides.NONE).sbd();
    assertFalse(new String(plain, StandardCharsets.UTF_8).contains("MLS_TO"));
    assertEquals("ALWAYS_SEND", parser.parse(plain, RoutingOverrides.NONE).mlsType());
  }

  @Test
  void badSettingsAreRefusedWithTheKeyAndTheAllowedValues() {
    ConfigException type = assertThrows(ConfigException.class,
        () -> settings(Map.of("gateway.mls.type.invoice", "SOMETIMES")));
    assertTrue(type.getMessage().contains("gateway.mls.type.invoice") && type.getMessage().contains("FAILURE_ONLY"),
        type.getMessage());
    ConfigException sp = assertThrows(ConfigException.class,
        () -> settings(Map.of("gateway.mls.service-provider-id", "0088:7300009025069")));
    assertTrue(sp.getMessage().contains("gateway.mls.service-provider-id"), sp.getMessage());
    ConfigException within = assertThrows(ConfigException.class,
        () -> settings(Map.of("gateway.mls.expected-within", "soon")));
    assertTrue(within.getMessage().contains("gateway.mls.expected-within"), within.getMessage());
    ConfigException seat = assertThrows(ConfigException.class,
        () -> MlsSettings.from(ConfigSource.of(new HashMap<>(), null), "not-a-seat"));
    assertTrue(seat.getMessage().contains("gateway.mls.service-provider-id"), seat.getMessage());
    assertEquals("0242:000001", MlsIds.serviceProviderIdOfSeat("PSE000001"));
    assertEquals(
        DocumentTypeAliases.id("ApplicationResponse", "urn:peppol:edec:mls:1.0"), MlsIds.DOCUMENT_TYPE_ID);
  }

  @Test
  void theWriterEscapesNothingItShouldNot() throws OutboundRejection {
    ParsedOutbound p = new OutboundParser("SE", Clock.systemUTC(), settings(Map.of()))
        .parse(SharedTestData.read(INVOICE), RoutingOverrides.NONE);
    String sbd = new String(p.sbd(), StandardCharsets.UTF_8);
    assertTrue(sbd.contains("<Scope><Type>MLS_TO</Type><InstanceIdentifier>0242:000123</InstanceIdentifier>"
        + "<Identifier>iso6523-actorid-upis</Identifier></Scope>"), sbd);
    assertTrue(sbd.contains("<Scope><Type>MLS_TYPE</Type><InstanceIdentifier>ALWAYS_SEND</InstanceIdentifier></Scope>"), sbd);
  }
}
