package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;

/** Every MLS the builder makes passes phive's Peppol MLS 1.0 rules (XSD + Schematron). */
class MlsBuilderTest {
  private static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();
  private static final Instant AT = Instant.parse("2026-12-06T08:30:15.123Z");

  static ValidationReport validate(byte[] mls) throws Exception {
    return VALIDATOR.validate("ApplicationResponse", MlsBuilder.CUSTOMIZATION_ID, mls);
  }

  @Test
  void acceptedMlsPassesTheMlsRules() throws Exception {
    byte[] mls =
        MlsBuilder.build(
            new MlsBuilder.Content(
                "mls-1", AT, "0242:000002", "0242:000001", MlsResponseCode.AP, "sbdh-123", null,
                List.of()));
    ValidationReport r = validate(mls);
    assertTrue(r.isValid(), () -> r.errors().toString());
    assertTrue(r.warnings().isEmpty(), () -> r.warnings().toString());
    String xml = new String(mls, StandardCharsets.UTF_8);
    assertTrue(xml.contains("<cbc:IssueTime>08:30:15Z</cbc:IssueTime>"), xml);
    assertTrue(xml.contains("schemeID=\"0242\">000001</cbc:EndpointID>"), xml);
    assertTrue(xml.contains("<cbc:ID>sbdh-123</cbc:ID>"), xml);
    assertTrue(xml.contains("<cbc:ResponseCode>AP</cbc:ResponseCode>"), xml);
  }

  @Test
  void rejectionWithEachIssueAndAWarningPassesTheMlsRules() throws Exception {
    byte[] mls =
        MlsBuilder.build(
            new MlsBuilder.Content(
                "mls-2", AT, "0242:000002", "0242:000001", MlsResponseCode.RE, "sbdh-456",
                "2 Peppol BIS rule(s) failed",
                List.of(
                    new MlsBuilder.Issue("/Invoice[1]/cbc:ID[1]", "[BR-02] An Invoice shall have an Invoice number", MlsStatusReason.BV),
                    new MlsBuilder.Issue("line 3, column 7", "[XSD] unexpected element", MlsStatusReason.SV),
                    new MlsBuilder.Issue(null, "[PEPPOL-R1] a warning", MlsStatusReason.BW))));
    ValidationReport r = validate(mls);
    assertTrue(r.isValid(), () -> r.errors().toString());
    String xml = new String(mls, StandardCharsets.UTF_8);
    assertTrue(xml.contains("<cbc:LineID>/Invoice[1]/cbc:ID[1]</cbc:LineID>"), xml);
    assertTrue(xml.contains("<cbc:StatusReasonCode>BV</cbc:StatusReasonCode>"), xml);
    assertTrue(xml.contains("<cbc:LineID>unknown</cbc:LineID>"), xml);
  }

  @Test
  void anAcknowledgementWithWarningsOnlyIsPositive() throws Exception {
    byte[] mls =
        MlsBuilder.build(
            new MlsBuilder.Content(
                "mls-3", AT, "0242:000002", "0242:000001", MlsResponseCode.AB, "sbdh-789", "not checked",
                List.of(new MlsBuilder.Issue("/x", "[W-1] warn", MlsStatusReason.BW))));
    ValidationReport r = validate(mls);
    assertTrue(r.isValid(), () -> r.errors().toString());
  }

  @Test
  void contentThatBreaksTheRulesIsRefusedBeforeBuilding() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new MlsBuilder.Content("x", AT, "0242:000002", "0242:000001", MlsResponseCode.RE, "s", "d", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MlsBuilder.Content("x", AT, "0242:000002", "0242:000001", MlsResponseCode.AP, "s", null,
            List.of(new MlsBuilder.Issue("/x", "bad", MlsStatusReason.BV))));
  }

  @Test
  void aBrokenMlsIsCaughtByTheRules() throws Exception {
    // the receiver is not a service provider id (SCH-MLS-14): the validator says so
    byte[] mls =
        MlsBuilder.build(
            new MlsBuilder.Content(
                "mls-4", AT, "0242:000002", "0088:7300010000001", MlsResponseCode.AP, "sbdh", null, List.of()));
    ValidationReport r = validate(mls);
    assertEquals(List.of("SCH-MLS-14"), r.errors().stream().map(f -> f.ruleId()).distinct().toList(), r.errors()::toString);
  }
}
