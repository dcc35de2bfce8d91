package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.validation.PeppolBisValidator;

/**
 * Every Peppol BIS 3 document kind of the public examples: routing comes out of the document
 * (sending and receiving party per document type) and a BIS rule set is found for it.
 */
class RoutingDerivationTest {
  static final OutboundParser PARSER = new OutboundParser("SE", Clock.systemUTC());
  static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();

  @ParameterizedTest
  @CsvSource({
    "billing/base-example.xml, 0088:9482348239847239874, 0002:fr23342",
    "billing/base-creditnote-correction.xml, , ",
    "poacc/Order_Example.xml, 0192:987654325, 0192:123456785",
    "poacc/OrderResponse_Example.xml, 0088:7598000000128, 0088:7590000012347",
    "poacc/DespatchAdvice_Example.xml, 0088:7300010000001, 0088:5798000000124",
    "poacc/OrderAgreement_Example.xml, , ",
    "poacc/OrderChange_Example.xml, , ",
    "poacc/OrderCancellation_Example.xml, , ",
    "poacc/OrderResponseAdvanced_Example.xml, , ",
    "poacc/Catalogue_Example.xml, , ",
    "poacc/CatalogueResponse_Example.xml, , ",
    "poacc/InvoiceResponse_Example.xml, , ",
    "poacc/MessageLevelResponse_Example.xml, , ",
    "poacc/PunchOut_Example.xml, , "
  })
  void routingAndRuleSetComeFromTheDocument(String file, String sender, String receiver) throws Exception {
    ParsedOutbound p = PARSER.parse(SharedTestData.read("peppol-bis/" + file), RoutingOverrides.NONE);
    Routing r = p.routing();
    assertNotNull(r.senderId());
    assertNotNull(r.receiverId());
    if (sender != null) {
      assertEquals(sender, r.senderId());
      assertEquals(receiver, r.receiverId());
    }
    assertTrue(r.documentTypeId().contains("::" + p.rootLocalName() + "##" + p.customizationId() + "::"), r.documentTypeId());
    assertNotNull(r.processId());
    assertNotNull(VALIDATOR.ruleSetFor(p.rootLocalName(), p.customizationId()));
    assertTrue(new String(p.sbd(), java.nio.charset.StandardCharsets.UTF_8).contains(p.sbdhInstanceId()));
  }
}
