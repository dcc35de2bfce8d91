package se.peppolgw.ap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * Which Peppol BIS rule set applies on a day, and that every BIS 3 document the README promises
 * (billing, self-billing, the post-award documents incl. Invoice Response and punch-out T77, MLR
 * and MLS) has one, validated with the OpenPEPPOL examples in ../shared/testdata.
 */
class PeppolRuleSetsInForceTest {
  static final String BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
  static final String SELF_BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0";
  /** A day after the 2026.5 mandatory date (the gateway's "today" in these tests). */
  static final Clock AFTER_2026_5 = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
  static final PeppolBisValidator VALIDATOR =
      new PeppolBisValidator(AFTER_2026_5, PeppolRuleCalendar.standard());

  private static String ruleSet(String root, String cid, String day) throws NoRuleSetException {
    return VALIDATOR.ruleSetFor(root, cid, LocalDate.parse(day)).getAsSingleID();
  }

  @Test
  void invoiceRulesSwitchOnTheMandatoryDayOf2026_5() throws Exception {
    assertEquals("eu.peppol.bis3:invoice:2025.11", ruleSet("Invoice", BILLING, "2026-08-23"));
    assertEquals("eu.peppol.bis3:invoice:2026.5", ruleSet("Invoice", BILLING, "2026-08-24"));
    // phive itself switches on 2026-08-17; OpenPeppol's date is 2026-08-24
    assertEquals("eu.peppol.bis3:invoice:2025.11", ruleSet("Invoice", BILLING, "2026-08-17"));
    assertEquals("eu.peppol.bis3:creditnote:2026.5", ruleSet("CreditNote", BILLING, "2026-12-06"));
  }

  @Test
  void olderReleasesApplyOnTheirOwnDays() throws Exception {
    assertEquals("eu.peppol.bis3:invoice:2025.5", ruleSet("Invoice", BILLING, "2026-02-22"));
    assertEquals("eu.peppol.bis3:invoice:2025.11", ruleSet("Invoice", BILLING, "2026-02-23"));
    assertEquals(
        "eu.peppol.bis3:order:2025.5",
        ruleSet("Order", "urn:fdc:peppol.eu:poacc:trns:order:3", "2025-09-01"));
  }

  @Test
  void selfBillingUsesTheMarchHotfixUntil2026_5() throws Exception {
    assertEquals(
        "eu.peppol.bis3:invoice-self-billing:2026.3", ruleSet("Invoice", SELF_BILLING, "2026-08-23"));
    assertEquals(
        "eu.peppol.bis3:invoice-self-billing:2026.5", ruleSet("Invoice", SELF_BILLING, "2026-08-24"));
    assertEquals(
        "eu.peppol.bis3:creditnote-self-billing:2026.5",
        ruleSet("CreditNote", SELF_BILLING, "2026-12-06"));
    // before the first self-billing rule set: the oldest bundled one, not a refusal
    assertEquals(
        "eu.peppol.bis3:invoice-self-billing:2026.3", ruleSet("Invoice", SELF_BILLING, "2025-12-01"));
  }

  @Test
  void todayIsTheClocksDay() throws Exception {
    assertEquals(
        "eu.peppol.bis3:invoice:2026.5", VALIDATOR.ruleSetFor("Invoice", BILLING).getAsSingleID());
    PeppolBisValidator before =
        new PeppolBisValidator(
            Clock.fixed(Instant.parse("2026-08-23T23:59:59Z"), ZoneOffset.UTC),
            PeppolRuleCalendar.standard());
    assertEquals("eu.peppol.bis3:invoice:2025.11", before.ruleSetFor("Invoice", BILLING).getAsSingleID());
  }

  @Test
  void mlsHasItsOwnRuleSet() throws Exception {
    assertEquals(
        "org.peppol:mls:1",
        ruleSet("ApplicationResponse", "urn:peppol:edec:mls:1.0", "2026-12-06"));
  }

  @Test
  void unknownDocumentsAreStillRefused() {
    NoRuleSetException e =
        assertThrows(
            NoRuleSetException.class,
            () -> VALIDATOR.ruleSetFor("Invoice", "urn:example:not-peppol"));
    assertTrue(e.getMessage().contains("No Peppol BIS 3 rule set"), e.getMessage());
    assertThrows(NoRuleSetException.class, () -> VALIDATOR.ruleSetFor("Invoice", " "));
    // an MLS CustomizationID on a non-ApplicationResponse root
    assertThrows(
        NoRuleSetException.class, () -> VALIDATOR.ruleSetFor("Invoice", "urn:peppol:edec:mls:1.0"));
  }

  static Stream<Path> examples() throws Exception {
    Path dir = SharedTestData.dir().resolve("peppol-bis");
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(all::add);
    }
    return all.stream();
  }

  private static final Pattern ROOT = Pattern.compile("<(?:[A-Za-z0-9]+:)?([A-Za-z]+)[\\s>]");
  private static final Pattern CID =
      Pattern.compile("<cbc:CustomizationID[^>]*>\\s*([^<\\s]+)\\s*</cbc:CustomizationID>");

  static String root(String xml) {
    Matcher m = ROOT.matcher(xml.replaceAll("(?s)<\\?.*?\\?>|<!--.*?-->", ""));
    assertTrue(m.find());
    return m.group(1);
  }

  static String customizationId(String xml) {
    Matcher m = CID.matcher(xml);
    assertTrue(m.find(), "no CustomizationID");
    return m.group(1);
  }

  /** Every OpenPEPPOL example has a 2026.5 rule set today and passes it. */
  @ParameterizedTest
  @MethodSource("examples")
  void everyOpenPeppolExampleHasARuleSetInForce(Path example) throws Exception {
    byte[] bytes = Files.readAllBytes(example);
    String xml = new String(bytes, StandardCharsets.UTF_8);
    String root = root(xml);
    String cid = customizationId(xml);
    ValidationReport r = VALIDATOR.validate(root, cid, bytes);
    assertTrue(r.ruleSet().endsWith(":2026.5"), r.ruleSet());
    assertEquals(List.of(), r.errors(), example.getFileName() + " under " + r.ruleSet());
  }

  /**
   * A self-billing invoice: the OpenPEPPOL billing example with the self-billing CustomizationID,
   * ProfileID and invoice type code 389 (self-billed invoice).
   */
  static byte[] selfBillingInvoice() {
    String xml = new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8);
    return xml.replace(BILLING, SELF_BILLING)
        .replaceAll(
            "<cbc:ProfileID>[^<]*</cbc:ProfileID>",
            "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:selfbilling:01:1.0</cbc:ProfileID>")
        .replaceAll(
            "<cbc:InvoiceTypeCode>[^<]*</cbc:InvoiceTypeCode>",
            "<cbc:InvoiceTypeCode>389</cbc:InvoiceTypeCode>")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSelfBillingInvoiceIsValidatedWithTheSelfBillingRules() throws Exception {
    ValidationReport ok = VALIDATOR.validate("Invoice", SELF_BILLING, selfBillingInvoice());
    assertEquals("eu.peppol.bis3:invoice-self-billing:2026.5", ok.ruleSet());
    assertEquals(List.of(), ok.errors());
    // the billing profile under the self-billing CustomizationID breaks a self-billing rule
    byte[] wrongProfile =
        new String(selfBillingInvoice(), StandardCharsets.UTF_8)
            .replace(
                "urn:fdc:peppol.eu:2017:poacc:selfbilling:01:1.0",
                "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
            .getBytes(StandardCharsets.UTF_8);
    ValidationReport bad = VALIDATOR.validate("Invoice", SELF_BILLING, wrongProfile);
    assertFalse(bad.isValid(), "a billing ProfileID must fail the self-billing rules");
  }

  static byte[] mls(String responseCode) {
    return ("""
        <ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
          xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
          xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:peppol:edec:mls:1.0</cbc:CustomizationID>
          <cbc:ProfileID>urn:peppol:edec:mls</cbc:ProfileID>
          <cbc:ID>mls-0001</cbc:ID>
          <cbc:IssueDate>2026-12-06</cbc:IssueDate>
          <cbc:IssueTime>10:00:00Z</cbc:IssueTime>
          <cac:SenderParty><cbc:EndpointID schemeID="0242">100001</cbc:EndpointID></cac:SenderParty>
          <cac:ReceiverParty><cbc:EndpointID schemeID="0242">100002</cbc:EndpointID></cac:ReceiverParty>
          <cac:DocumentResponse>
            <cac:Response><cbc:ResponseCode>%s</cbc:ResponseCode></cac:Response>
            <cac:DocumentReference><cbc:ID>5a1b2c3d-0000-4000-8000-000000000001</cbc:ID></cac:DocumentReference>
          </cac:DocumentResponse>
        </ApplicationResponse>
        """.formatted(responseCode)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anMlsIsValidatedWithTheMlsRules() throws Exception {
    ValidationReport ok = VALIDATOR.validate("ApplicationResponse", "urn:peppol:edec:mls:1.0", mls("AP"));
    assertEquals("org.peppol:mls:1", ok.ruleSet());
    assertEquals(List.of(), ok.errors());
    ValidationReport bad = VALIDATOR.validate("ApplicationResponse", "urn:peppol:edec:mls:1.0", mls("XX"));
    assertFalse(bad.isValid(), "XX is no MLS response code");
  }
}
