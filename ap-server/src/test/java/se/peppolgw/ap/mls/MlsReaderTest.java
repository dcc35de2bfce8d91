package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.MlsStore;

/** MlsReader: what a received MLS says, and a clear refusal of whatever is not one. */
class MlsReaderTest {

  @Test
  void aRejectionWithItsReasonsIsRead() throws Exception {
    byte[] doc = TestMls.of("mls-7", "0242:000999", "0242:000001", "ref-1", "RE", "Rejected",
        List.of(new TestMls.Issue("BR-CO-15", "Invoice total VAT amount mismatch", "/Invoice/cac:TaxTotal", "BV"),
            new TestMls.Issue(null, "[PEPPOL-EN16931-R001]-Business process MUST be provided.", "/Invoice", "BV")));
    MlsMessage m = MlsReader.read(doc);
    assertEquals("mls-7", m.mlsId());
    assertEquals("0242:000999", m.senderServiceProvider());
    assertEquals("0242:000001", m.receiverServiceProvider());
    assertEquals("ref-1", m.referencedInstanceId());
    assertEquals(MlsResponseCode.RE, m.code());
    assertEquals("Rejected", m.description());
    assertEquals(2, m.reasons().size());
    assertEquals(new MlsMessage.Reason("BR-CO-15", "Invoice total VAT amount mismatch", "/Invoice/cac:TaxTotal", "BV"),
        m.reasons().get(0));
    // a rule id written in front of the description is taken from there
    assertEquals("PEPPOL-EN16931-R001", m.reasons().get(1).ruleId());
    assertEquals("Business process MUST be provided.", m.reasons().get(1).description());
    assertEquals("Rejected by the receiver's access point: BR-CO-15: Invoice total VAT amount mismatch (at"
        + " /Invoice/cac:TaxTotal); PEPPOL-EN16931-R001: Business process MUST be provided. (at /Invoice)",
        MlsIntake.plain(m));
  }

  @Test
  void positiveAnswersReadInPlainWords() throws Exception {
    MlsMessage ap = MlsReader.read(TestMls.of("r", "AP", List.of()));
    assertEquals("Accepted by the receiver's access point", MlsIntake.plain(ap));
    assertTrue(ap.reasons().isEmpty());
    assertNull(ap.description());
    assertEquals("Acknowledged", MlsIntake.plain(MlsReader.read(TestMls.of("r", "AB", List.of()))));
  }

  @Test
  void manyIssuesAreBoundedAndCounted() throws Exception {
    List<TestMls.Issue> issues = new ArrayList<>();
    for (int i = 0; i < MlsReader.MAX_REASONS + 5; i++) {
      issues.add(new TestMls.Issue("R" + i, "x".repeat(MlsReader.MAX_TEXT + 10), "/x", "BV"));
    }
    MlsMessage m = MlsReader.read(TestMls.of("r", "RE", issues));
    assertEquals(MlsReader.MAX_REASONS + 1, m.reasons().size());
    assertEquals("5 further issue(s) not kept", m.reasons().get(MlsReader.MAX_REASONS).description());
    assertEquals(MlsReader.MAX_TEXT + 1, m.reasons().get(0).description().length());
  }

  @Test
  void whatIsNotAnMlsIsRefusedWithTheReason() {
    assertRefused(new byte[0], "empty");
    assertRefused(new byte[MlsReader.MAX_BYTES + 1], "at most");
    assertRefused("<a".getBytes(StandardCharsets.UTF_8), "not well-formed");
    assertRefused(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ApplicationResponse"
        + " xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\">&e;</ApplicationResponse>")
        .getBytes(StandardCharsets.UTF_8), "DOCTYPE");
    assertRefused("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>"
        .getBytes(StandardCharsets.UTF_8), "root element is Invoice");
    byte[] ok = TestMls.of("ref", "AP", List.of());
    String xml = new String(ok, StandardCharsets.UTF_8);
    assertRefused(xml.replace("urn:peppol:edec:mls:1.0", "urn:fdc:peppol.eu:poacc:trns:mlr:3")
        .getBytes(StandardCharsets.UTF_8), "SCH-MLS-01");
    assertRefused(xml.replace(">AP<", ">XX<").getBytes(StandardCharsets.UTF_8), "SCH-MLS-19");
    assertRefused(xml.replace("<cbc:ID>ref</cbc:ID>", "<cbc:ID> </cbc:ID>").getBytes(StandardCharsets.UTF_8),
        "SCH-MLS-22");
    assertRefused(xml.replace("<cbc:ResponseCode>", "<cbc:Bogus>").replace("</cbc:ResponseCode>", "</cbc:Bogus>")
        .getBytes(StandardCharsets.UTF_8), "not a valid UBL 2.1 ApplicationResponse");
  }

  @Test
  void anUnreadableMlsBecomesAnAnswerWithItsProblem() {
    MlsStore.NewAnswer a = MlsIntake.answerOf("<a/>".getBytes(StandardCharsets.UTF_8));
    assertNull(a.responseCode());
    assertTrue(a.problem().contains("root element is a"), a.problem());
  }

  private static void assertRefused(byte[] doc, String expected) {
    MlsFormatException e = assertThrows(MlsFormatException.class, () -> MlsReader.read(doc));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
