package se.peppolgw.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.attachment.AS4OutgoingAttachment;
import com.helger.phase4.model.pmode.IPModeIDProvider;
import com.helger.phase4.model.pmode.PMode;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.As4Answer;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * Every way a message must be refused: each case asserts the EBMS code the sender gets, that the
 * refusal is in the transmission log, and that nothing reached the back office.
 */
class InboundRejectionTest {
  static final String INVOICE_NS = BackOfficeWatch.INVOICE_NS;
  static final String VIEWER_TOKEN = "viewer-token-0123456789";

  @TempDir static Path dir;
  static GatewayFixture fx;
  static TestSender trusted;

  static BackOfficeWatch backOffice;

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).with("gateway.inbound.max-payload-bytes", "1000000")
        // a viewer, to search the transmission log over the operator API
        .with("gateway.operators", "vera")
        .with("gateway.operator.vera.role", "viewer")
        .with("gateway.operator.vera.token-hashes", se.peppolgw.ap.api.ApiTokens.hash(VIEWER_TOKEN))
        .start();
    trusted = fx.trustedSender();
    backOffice = new BackOfficeWatch(fx);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  long unauthenticatedBefore;

  static long unauthenticatedRefusals() {
    return new se.peppolgw.ap.store.UnauthenticatedRefusals(
            fx.gateway().store().database(), fx.gateway().store(), java.time.Clock.systemUTC())
        .countSince(Instant.now().minus(Duration.ofHours(1)));
  }

  @BeforeEach
  void snapshot() {
    backOffice.snapshot();
    unauthenticatedBefore = unauthenticatedRefusals();
  }

  static long inboxFiles() {
    return backOffice.inboxFiles();
  }

  static byte[] invoiceSbd(Routing r) {
    return BackOfficeWatch.invoiceSbd(r);
  }

  /** The sender was refused with this code, the refusal is logged, nothing was handed over. */
  void assertRefused(TestSender.Sent sent, String code, String detailFragment) throws Exception {
    BackOfficeWatch.assertAs4Error(sent, code, detailFragment);
    assertNothingHandedOver();
    java.util.Optional<Transmission> logged =
        fx.gateway().store().findByAs4MessageId(sent.messageId()).stream()
            .filter(t -> t.state() == TransmissionState.REJECTED)
            .findFirst();
    if (logged.isPresent()) {
      assertEquals(code, logged.get().errorCode());
    } else {
      // without an authenticated sender only the first refusal of its kind per minute is kept in
      // full (issue #11, finding 6; UnauthenticatedRefusalTest); every one is counted
      assertEquals(unauthenticatedBefore + 1, unauthenticatedRefusals(),
          "rejection of " + sent.messageId() + " neither logged nor counted");
    }
  }

  void assertNothingHandedOver() throws Exception {
    backOffice.assertNothingHandedOver();
  }

  @Test
  void unsignedMessage() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    PMode unsigned =
        PeppolPMode.createPeppolPMode("PSE000002", "PSE000001", fx.as4Url(), IPModeIDProvider.DEFAULT_DYNAMIC, false);
    unsigned.getLeg1().getSecurity().setX509SignatureAlgorithm(null);
    unsigned.getLeg1().getSecurity().setX509SignatureHashFunction(null);
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> b.pmode(unsigned), x -> x);
    assertFalse(
        new String(sent.requestBytes(), StandardCharsets.ISO_8859_1).contains("SignatureValue"),
        "the test message must really be unsigned");
    assertRefused(sent, "EBMS:0101", "must be signed");
  }

  @Test
  void signatureByCertificateOfUntrustedCa() throws Exception {
    ApKeyMaterial foreign =
        DevPki.createStandaloneCa("Untrusted Test CA")
            .issueApCertificate("PSE000666", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    Routing r = GatewayFixture.invoiceRouting();
    // phase4 verifies signature and decryption in one WSS4J pass and reports a failed chain check
    // as EBMS:0102; the detail names the real cause.
    assertRefused(fx.senderWith(foreign).send(r, invoiceSbd(r)), "EBMS:0102", "No trusted certs found");
  }

  @Test
  void expiredCertificate() throws Exception {
    ApKeyMaterial expired =
        fx.pki().issueApCertificate("PSE000003", Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
    Routing r = GatewayFixture.invoiceRouting();
    assertRefused(fx.senderWith(expired).send(r, invoiceSbd(r)), "EBMS:0102", "validity check failed");
  }

  @Test
  void payloadTamperedAfterSigning() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {}, InboundRejectionTest::flipByteInLastMimePart);
    assertRefused(sent, "EBMS:0102", null);
  }

  /** Changes one byte inside the (encrypted, compressed) attachment, after it was signed. */
  static byte[] flipByteInLastMimePart(byte[] wire) {
    String s = new String(wire, StandardCharsets.ISO_8859_1);
    int body = s.lastIndexOf("\r\n\r\n") + 4;
    byte[] copy = wire.clone();
    copy[body + 40] ^= 0x5A;
    return copy;
  }

  @Test
  void twoPayloads() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent =
        trusted.send(
            r,
            invoiceSbd(r),
            b -> b.addAttachment(AS4OutgoingAttachment.builder().data(invoiceSbd(r)).mimeTypeXML().compressionGZIP()),
            x -> x);
    assertRefused(sent, "EBMS:0004", "exactly one payload");
  }

  @Test
  void sbdhReceiverDiffersFromFinalRecipient() throws Exception {
    Routing asSent = GatewayFixture.invoiceRouting();
    Routing inSbdh = new Routing(asSent.sender(), GatewayFixture.SUPPLIER_GLN, asSent.documentTypeId(), asSent.processId(), "SE");
    assertRefused(trusted.send(asSent, invoiceSbd(inSbdh)), "EBMS:0004", "finalRecipient");
  }

  @Test
  void receiverNotServed() throws Exception {
    Routing r = new Routing(GatewayFixture.BUYER, "0007:9999999999", DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, "SE");
    assertRefused(trusted.send(r, invoiceSbd(r)), "EBMS:0004", "PEPPOL:NOT_SERVICED");
  }

  @Test
  void aRefusalAfterTheSbdhWasReadKeepsItsIdentifiersAndIsFoundBySearch() throws Exception {
    Routing r = new Routing(GatewayFixture.BUYER, "0007:9999999998", DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, "SE");
    String instanceId = "sbdh-" + UUID.randomUUID();
    byte[] sbd = TestSender.sbd(r, instanceId, SharedTestData.read(SharedTestData.INVOICE), INVOICE_NS, "Invoice");
    TestSender.Sent sent = trusted.send(r, sbd);
    assertRefused(sent, "EBMS:0004", "PEPPOL:NOT_SERVICED");
    Transmission refused = fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0);
    assertEquals(instanceId, refused.sbdhInstanceId());
    assertEquals(GatewayFixture.BUYER, refused.senderId());
    assertEquals("0007:9999999998", refused.receiverId());
    assertEquals(DocumentTypeAliases.expand("invoice"), refused.documentTypeId());
    // the operator API's search by the SBDH id finds the refusal (over HTTP)
    var found = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(fx.url("/api/transmissions?q=" + instanceId))
            .header("Authorization", "Bearer " + VIEWER_TOKEN).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, found.statusCode());
    String body = new String(found.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains(refused.id()) && body.contains("REJECTED"), body);
  }

  @Test
  void documentTypeNotAccepted() throws Exception {
    Routing r = new Routing(GatewayFixture.BUYER, GatewayFixture.SUPPLIER, DocumentTypeAliases.expand("despatch-advice"), "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3", "SE");
    byte[] sbd = TestSender.sbd(r, UUID.randomUUID().toString(), SharedTestData.read("peppol-bis/poacc/DespatchAdvice_Example.xml"),
        "urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2", "DespatchAdvice");
    assertRefused(trusted.send(r, sbd), "EBMS:0004", "PEPPOL:NOT_SERVICED");
  }

  @Test
  void documentDoesNotMatchDeclaredType() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    byte[] sbd = TestSender.sbd(r, UUID.randomUUID().toString(), SharedTestData.read(SharedTestData.ORDER),
        "urn:oasis:names:specification:ubl:schema:xsd:Order-2", "Order");
    assertRefused(trusted.send(r, sbd), "EBMS:0004", "must equal the namespace URI of the business message");
  }

  @Test
  void malformedSbdh() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8)
        .replaceAll("<Scope><Type>PROCESSID</Type>.*?</Scope>", "");
    assertRefused(trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8)), "EBMS:0004", "SBDH");
  }

  @Test
  void malformedXml() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    byte[] sbd = invoiceSbd(r);
    byte[] truncated = java.util.Arrays.copyOf(sbd, sbd.length - 40);
    assertRefused(trusted.send(r, truncated), "EBMS:0004", "not well-formed");
  }

  @Test
  void externalEntityInBusinessDocument() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8)
        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE StandardBusinessDocument [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n")
        .replace("<cbc:Note>", "<cbc:Note>&xxe;");
    TestSender.Sent sent = trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8));
    assertRefused(sent, "EBMS:0004", "DOCTYPE");
    assertFalse(new String(sent.answer().raw(), StandardCharsets.UTF_8).contains("root:x:0"));
  }

  @Test
  void entityExpansionBomb() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    StringBuilder dtd = new StringBuilder("<!DOCTYPE StandardBusinessDocument [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY a").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&a").append(i - 1).append(';');
      }
      dtd.append("\">");
    }
    dtd.append("]>\n");
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8)
        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dtd)
        .replace("<cbc:Note>", "<cbc:Note>&a9;");
    assertRefused(trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8)), "EBMS:0004", "DOCTYPE");
  }

  @Test
  void gzipBombStopsAtTheConfiguredLimit() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    // ~5 MB of spaces compresses to a few KB; the gateway's limit here is 1 MB expanded.
    String padding = " ".repeat(5_000_000);
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8).replace("</StandardBusinessDocument>", padding + "</StandardBusinessDocument>");
    TestSender.Sent sent = trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8));
    assertTrue(sent.requestBytes().length < 200_000, "the attack must be small on the wire");
    assertRefused(sent, "EBMS:0303", "larger than this access point accepts");
  }

  @Test
  void replayOfTheSameBytesIsAnsweredButNotHandedOverTwice() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent first = trusted.send(r, invoiceSbd(r));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, first.result());
    InboundEndToEndTest.waitFor(() -> {
      try {
        return inboxFiles() == backOffice.filesBefore() + 2;
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(10));
    long filesAfterFirst = inboxFiles();
    int pendingAfterFirst = fx.gateway().store().inbox().inboxPending(0, 1000).size();

    As4Answer replay = trusted.replay(first);
    // Default policy: a duplicate gets a (new) signed receipt - the message IS with us - and is
    // never handed over again. See README "Duplicates".
    assertTrue(replay.receipt(), () -> "replay answer: " + replay.errorCodes() + " " + replay.allDetails());
    Thread.sleep(300);
    assertEquals(pendingAfterFirst, fx.gateway().store().inbox().inboxPending(0, 1000).size());
    assertEquals(filesAfterFirst, inboxFiles());
    List<Transmission> rows = fx.gateway().store().findByAs4MessageId(first.messageId());
    assertEquals(2, rows.size());
    assertTrue(rows.stream().anyMatch(t -> t.state() == TransmissionState.DUPLICATE));
  }

  @Test
  void resendWithNewAs4IdButSameSbdhInstanceIsADuplicate() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    byte[] sbd = invoiceSbd(r);
    TestSender.Sent first = trusted.send(r, sbd);
    assertEquals(EAS4UserMessageSendResult.SUCCESS, first.result());
    int pending = fx.gateway().store().inbox().inboxPending(0, 1000).size();
    TestSender.Sent second = trusted.send(r, sbd);
    assertEquals(EAS4UserMessageSendResult.SUCCESS, second.result());
    assertEquals(pending, fx.gateway().store().inbox().inboxPending(0, 1000).size());
    Transmission dup = fx.gateway().store().findByAs4MessageId(second.messageId()).get(0);
    assertEquals(TransmissionState.DUPLICATE, dup.state());
  }
}
