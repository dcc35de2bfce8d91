package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.client.IAS4ClientBuildMessageCallback;
import com.helger.phase4.crypto.ECryptoAlgorithmCrypt;
import com.helger.phase4.ebms3header.Ebms3PartyId;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.model.message.AS4UserMessage;
import com.helger.phase4.model.message.AbstractAS4Message;
import com.helger.phase4.peppol.Phase4PeppolSender.PeppolUserMessageSBDHBuilder;
import com.helger.phase4.crypto.ECryptoAlgorithmSign;
import com.helger.phase4.model.pmode.IPModeIDProvider;
import com.helger.phase4.model.pmode.PMode;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.testkit.As4Answer;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * The AS4 attack corpus not covered by InboundRejectionTest: signature wrapping, wrong encryption
 * key, algorithms outside the Peppol profile, hostile XML in the SOAP header, SBDH and business
 * document, non-Peppol party ids, SBDH/AS4 header mismatches. Each case asserts the answer the
 * sender gets, that no receipt was given and that nothing reached the back office; the server
 * stays healthy. Party ids are changed in phase4's sender before it signs (changing them on the
 * wire would break the signature first), see {@link #editUserMessage}.
 */
class As4AttackCorpusTest {
  static final String INVOICE_NS = BackOfficeWatch.INVOICE_NS;

  @TempDir static Path dir;
  static GatewayFixture fx;
  static TestSender trusted;

  static BackOfficeWatch backOffice;

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).start();
    trusted = fx.trustedSender();
    backOffice = new BackOfficeWatch(fx);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @BeforeEach
  void snapshot() {
    backOffice.snapshot();
  }

  static byte[] invoiceSbd(Routing r) {
    return BackOfficeWatch.invoiceSbd(r);
  }

  /** Refused with this EBMS code (detail containing the fragment), no receipt, nothing handed over. */
  void assertRefused(TestSender.Sent sent, String code, String detailFragment) throws Exception {
    As4Answer a = sent.answer();
    System.out.println("[corpus] " + a.httpStatus() + " " + a.errorCodes() + " " + a.allDetails());
    BackOfficeWatch.assertAs4Error(sent, code, detailFragment);
    assertNothingHandedOverAndHealthy();
  }

  /** Refused before AS4 processing with a 400 problem (not parseable as SOAP / AS4). */
  void assertProblem400(TestSender.Sent sent, String detailFragment) throws Exception {
    As4Answer a = sent.answer();
    String body = a.raw() == null ? "" : new String(a.raw(), StandardCharsets.UTF_8);
    System.out.println("[corpus] " + a.httpStatus() + " " + body);
    assertNotEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
    assertFalse(a.receipt());
    assertEquals(400, a.httpStatus(), body);
    assertTrue(body.contains(detailFragment), body);
    assertNothingHandedOverAndHealthy();
  }

  /** As {@link #assertRefused}, and the refusal is on the transmission log with code and detail. */
  void assertRefusedAndLogged(TestSender.Sent sent, String code, String detailFragment) throws Exception {
    assertRefused(sent, code, detailFragment);
    BackOfficeWatch.assertRejectionLogged(fx, sent.messageId(), code, detailFragment);
  }

  void assertNothingHandedOverAndHealthy() throws Exception {
    backOffice.assertNothingHandedOver();
    HttpResponse<String> h =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(fx.url("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, h.statusCode(), h.body());
  }

  /** Applies f to the SOAP envelope (the first MIME part) of the wire bytes. */
  static UnaryOperator<byte[]> inSoapPart(UnaryOperator<String> f) {
    return wire -> {
      String s = new String(wire, StandardCharsets.ISO_8859_1);
      int start = s.indexOf("<?xml");
      if (start < 0) {
        start = s.indexOf("<S12:Envelope");
      }
      int end = s.indexOf("Envelope>", start) + "Envelope>".length();
      String soap = new String(wire, start, end - start, StandardCharsets.UTF_8);
      String changed = f.apply(soap);
      return (s.substring(0, start) + new String(changed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + s.substring(end))
          .getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  static final Pattern MESSAGING = Pattern.compile("<(\\w+:)?Messaging[\\s>][\\s\\S]*?</\\1Messaging>");

  static String messaging(String soap) {
    Matcher m = MESSAGING.matcher(soap);
    assertTrue(m.find(), "no eb:Messaging in " + soap);
    return m.group();
  }

  /** A forged copy: other MessageId, other receiving party. */
  static String forge(String messagingHeader) {
    return messagingHeader
        .replaceAll("(MessageId>)[^<]+", "$1forged-" + UUID.randomUUID() + "@evil")
        .replace("PSE000001", "PSE000666");
  }

  @Test
  void signatureWrappingDuplicatedMessagingHeader() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> {
          String m = messaging(soap);
          return soap.replace(m, m + forge(m));
        }));
    // phase4 verifies signature and decryption in one WSS4J pass and reports it as EBMS:0102
    assertRefused(sent, "EBMS:0102", "Cannot resolve element with ID");
  }

  @Test
  void signatureWrappingSignedHeaderMovedAndForgedCopyInItsPlace() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> {
          String m = messaging(soap);
          String wrapped = "<w:Wrapper xmlns:w=\"urn:evil\">" + m + "</w:Wrapper>";
          int headerEnd = soap.indexOf("</", soap.indexOf(":Header")) ;
          String moved = soap.replace(m, forge(m));
          // the original, still validly signed, goes to the end of the SOAP header
          int close = moved.lastIndexOf(":Header>");
          int lt = moved.lastIndexOf("</", close);
          assertTrue(headerEnd > 0 && lt > 0);
          return moved.substring(0, lt) + wrapped + moved.substring(lt);
        }));
    assertRefused(sent, "EBMS:0102", "Cannot resolve element with ID");
  }

  @Test
  void encryptedForAnotherAccessPointsKey() throws Exception {
    ApKeyMaterial other =
        fx.pki().issueApCertificate("PSE000009", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    ApKeyMaterial senderKeys =
        fx.pki().issueApCertificate("PSE000002", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    TestSender wrongKey =
        new TestSender(senderKeys, other.certificate(),
            ApCertificateVerifier.forKeyMaterial(fx.gateway().keys()).asTrustedCAChecker(), fx.as4Url());
    Routing r = GatewayFixture.invoiceRouting();
    assertRefused(wrongKey.send(r, invoiceSbd(r)), "EBMS:0102", "Cannot find key for certificate");
  }

  static PMode pmode() {
    return PeppolPMode.createPeppolPMode("PSE000002", "PSE000001", fx.as4Url(), IPModeIDProvider.DEFAULT_DYNAMIC, false);
  }

  @Test
  void encryptionWithAesCbcIsRefused() throws Exception {
    PMode p = pmode();
    p.getLeg1().getSecurity().setX509EncryptionAlgorithm(ECryptoAlgorithmCrypt.AES_128_CBC);
    Routing r = GatewayFixture.invoiceRouting();
    assertRefused(trusted.send(r, invoiceSbd(r), b -> b.pmode(p), x -> x), "EBMS:0102", "could not be decrypted");
  }

  @Test
  void signatureWithRsaSha512IsRefused() throws Exception {
    PMode p = pmode();
    p.getLeg1().getSecurity().setX509SignatureAlgorithm(ECryptoAlgorithmSign.RSA_SHA_512);
    Routing r = GatewayFixture.invoiceRouting();
    // The Peppol P-Mode prescribes RSA-SHA256; phase4 reports the mismatch from its WSS4J pass.
    assertRefused(trusted.send(r, invoiceSbd(r), b -> b.pmode(p), x -> x), "EBMS:0102", "WSSecurity");
  }

  @Test
  void signatureAlgorithmSwappedOnTheWireToRsaSha1() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> soap.replace(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1")));
    assertRefused(sent, "EBMS:0101", "signing algorithm 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' is incorrect");
  }

  @Test
  void externalEntityInSoapHeader() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-VALUE");
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> {
          String body = soap.replaceFirst("^<\\?xml[^>]*\\?>", "");
          String root = body.substring(1, body.indexOf(' '));
          return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE " + root + " [<!ENTITY xxe SYSTEM \""
              + secret.toUri() + "\">]>" + body.replaceFirst("(MessageId>)", "$1&xxe;");
        }));
    assertFalse(new String(sent.answer().raw() == null ? new byte[0] : sent.answer().raw(), StandardCharsets.UTF_8)
        .contains("TOP-SECRET-VALUE"));
    assertProblem400(sent, "could not be parsed as a SOAP 1.2 AS4 message");
  }

  @Test
  void entityExpansionInSoapHeader() throws Exception {
    StringBuilder dtd = new StringBuilder("[<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]");
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> {
          String body = soap.replaceFirst("^<\\?xml[^>]*\\?>", "");
          String root = body.substring(1, body.indexOf(' '));
          return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE " + root + " " + dtd + ">"
              + body.replaceFirst("(MessageId>)", "$1&a9;");
        }));
    assertProblem400(sent, "could not be parsed as a SOAP 1.2 AS4 message");
  }

  static String nested(int depth) {
    return "<n>".repeat(depth) + "x" + "</n>".repeat(depth);
  }

  @Test
  void deeplyNestedXmlInSoapHeader() throws Exception {
    int pendingAtStart = backOffice.pending();
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = trusted.send(r, invoiceSbd(r), b -> {},
        inSoapPart(soap -> {
          int close = soap.lastIndexOf(":Header>");
          int lt = soap.lastIndexOf("</", close);
          return soap.substring(0, lt) + "<d:Deep xmlns:d=\"urn:deep\">" + nested(100_000) + "</d:Deep>" + soap.substring(lt);
        }));
    // The JDK parser's element depth limit (1000, set with phase4's runtime) refuses the envelope
    // before anything else: a 400 problem, nothing received, the server healthy. (Before the
    // limit, the unknown unsigned header was parsed and ignored.)
    assertProblem400(sent, "could not be parsed as a SOAP 1.2 AS4 message");
    assertEquals(0, backOffice.pending() - pendingAtStart);
  }

  @Test
  void deeplyNestedXmlInSbdh() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8)
        .replaceFirst("</BusinessScope>", "<Scope><Type>X</Type><InstanceIdentifier>x</InstanceIdentifier>"
            + nested(100_000).replace("<n>", "<n xmlns=\"urn:deep\">") + "</Scope></BusinessScope>");
    assertRefused(trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8)), "EBMS:0004", "deeper than 1000 levels");
  }

  @Test
  void deeplyNestedXmlInBusinessDocument() throws Exception {
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = new String(invoiceSbd(r), StandardCharsets.UTF_8)
        .replaceFirst("<cbc:Note>", "<cbc:Note>" + nested(100_000));
    // Before the depth limit this kept a server thread busy for minutes (quadratic namespace
    // bookkeeping in SbdInspector) from a payload of 1 KB on the wire.
    assertRefused(trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8)), "EBMS:0004", "deeper than 1000 levels");
  }

  @Test
  void garbageAfterAValidEnvelope() throws Exception {
    HttpResponse<String> resp =
        HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(fx.as4Url()))
                .header("Content-Type", "application/soap+xml")
                .POST(HttpRequest.BodyPublishers.ofString("<S12:Envelope xmlns:S12=\"http://www.w3.org/2003/05/soap-envelope\"><S12:Body/></S12:Envelope>\u0000\u0001garbage"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.println("[corpus] " + resp.statusCode() + " " + resp.body());
    assertNotEquals(200, resp.statusCode());
    assertFalse(resp.body().contains("Receipt"));
    assertNothingHandedOverAndHealthy();
  }

  // ---------------------------------------------------------------- party ids

  /**
   * Changes phase4's user message after the builder filled it in and before it is signed: the
   * Peppol sender insists on seat ids and takes the To PartyId from the receiver's certificate,
   * so this is the only way to get other party ids validly signed onto the wire.
   */
  static Consumer<PeppolUserMessageSBDHBuilder> editUserMessage(Consumer<Ebms3UserMessage> edit) {
    return b -> b.buildMessageCallback(
        new IAS4ClientBuildMessageCallback() {
          @Override
          public void onAS4Message(AbstractAS4Message<?> msg) {
            edit.accept(((AS4UserMessage) msg).getEbms3UserMessage());
          }
        });
  }

  static Ebms3PartyId from(Ebms3UserMessage um) {
    return um.getPartyInfo().getFrom().getPartyIdAtIndex(0);
  }

  static Ebms3PartyId to(Ebms3UserMessage um) {
    return um.getPartyInfo().getTo().getPartyIdAtIndex(0);
  }

  TestSender.Sent sendInvoiceWith(Consumer<PeppolUserMessageSBDHBuilder> customize) {
    Routing r = GatewayFixture.invoiceRouting();
    return trusted.send(r, invoiceSbd(r), customize, UnaryOperator.identity());
  }

  static final String UNREGISTERED = "urn:oasis:names:tc:ebcore:partyid-type:unregistered";

  @Test
  void fromPartyIdOfANonPeppolType() throws Exception {
    // phase4's Peppol profile validation, before any SPI runs: EBMS:0010 ProcessingModeMismatch
    assertRefusedAndLogged(sendInvoiceWith(b -> b.fromPartyIDType(UNREGISTERED)),
        "EBMS:0010", "PartyInfo/From[0]/@type must be 'urn:fdc:peppol.eu:2017:identifiers:ap'");
  }

  @Test
  void fromPartyIdWithoutType() throws Exception {
    TestSender.Sent sent = sendInvoiceWith(b -> b.fromPartyIDType(null));
    assertFalse(new String(sent.requestBytes(), StandardCharsets.ISO_8859_1).contains("identifiers:ap\">PSE000002"),
        "the From PartyId must really go out without a type");
    assertRefusedAndLogged(sent, "EBMS:0010", "PartyInfo/From[0]/@type must be");
  }

  @Test
  void toPartyIdOfANonPeppolType() throws Exception {
    assertRefusedAndLogged(sendInvoiceWith(b -> b.toPartyIDType(UNREGISTERED)),
        "EBMS:0010", "PartyInfo/To[0]/@type must be 'urn:fdc:peppol.eu:2017:identifiers:ap'");
  }

  @Test
  void twoFromPartyIds() throws Exception {
    TestSender.Sent sent = sendInvoiceWith(editUserMessage(um -> {
      Ebms3PartyId second = new Ebms3PartyId("PSE000777");
      second.setType(from(um).getType());
      um.getPartyInfo().getFrom().addPartyId(second);
    }));
    // phase4's ebMS header processing, before the profile check: EBMS:0003 ValueInconsistent
    assertRefusedAndLogged(sent, "EBMS:0003", "More than one PartyId (2) is contained in From");
  }

  @Test
  void fromPartyIdThatIsNotASeatId() throws Exception {
    // Peppol type, but a participant identifier instead of a seat id
    TestSender.Sent sent = sendInvoiceWith(editUserMessage(um -> from(um).setValue("0088:7300009025069")));
    assertRefusedAndLogged(sent, "EBMS:0004", "From PartyId '0088:7300009025069' is not a Peppol seat id");
  }

  @Test
  void fromPartyIdOfAnotherAccessPointThanTheSigner() throws Exception {
    // Signed by PSE000002, claims to come from PSE000777: phase4's servlet checks only the form
    TestSender.Sent sent = sendInvoiceWith(b -> b.senderPartyID("PSE000777"));
    assertRefusedAndLogged(sent, "EBMS:0004",
        "From PartyId 'PSE000777' is not the seat id of the certificate that signed the message (CN 'PSE000002')");
  }

  @Test
  void toPartyIdOfAnotherAccessPoint() throws Exception {
    // Encrypted for us, but addressed to PSE000666
    TestSender.Sent sent = sendInvoiceWith(editUserMessage(um -> to(um).setValue("PSE000666")));
    assertTrue(new String(sent.requestBytes(), StandardCharsets.ISO_8859_1).contains("PSE000666"));
    assertRefusedAndLogged(sent, "EBMS:0004", "To PartyId 'PSE000666' is not this access point (seat id PSE000001)");
  }

  // ---------------------------------------------------------------- SBDH / AS4 header mismatches

  @Test
  void originalSenderDiffersFromSbdhSender() throws Exception {
    Routing asSent = GatewayFixture.invoiceRouting();
    Routing inSbdh = new Routing("0088:7300000000001", asSent.receiver(), asSent.documentTypeId(), asSent.processId(), "SE");
    assertRefusedAndLogged(trusted.send(asSent, invoiceSbd(inSbdh)), "EBMS:0004",
        "The message property 'originalSender' (iso6523-actorid-upis::0088:7365560000009) does not match the SBDH");
  }

  @Test
  void actionDiffersFromSbdhDocumentType() throws Exception {
    Routing inSbdh = GatewayFixture.invoiceRouting();
    // another invoice document type (XRechnung CIUS) in the AS4 Action; SBDH and document agree
    String other = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
        + "##urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0::2.1";
    Routing asSent = new Routing(inSbdh.sender(), inSbdh.receiver(), other, inSbdh.processId(), "SE");
    assertRefusedAndLogged(trusted.send(asSent, invoiceSbd(inSbdh)), "EBMS:0004",
        "does not match the SBDH document type '" + DocumentTypeAliases.expand("invoice") + "'");
  }

  @Test
  void serviceDiffersFromSbdhProcess() throws Exception {
    Routing inSbdh = GatewayFixture.invoiceRouting();
    Routing asSent = new Routing(inSbdh.sender(), inSbdh.receiver(), inSbdh.documentTypeId(), GatewayFixture.ORDERING_PROCESS, "SE");
    assertRefusedAndLogged(trusted.send(asSent, invoiceSbd(inSbdh)), "EBMS:0004",
        "does not match the SBDH process '" + GatewayFixture.BILLING_PROCESS + "'");
  }

  // ---------------------------------------------------------------- hostile XML in the SBDH

  static String withDoctype(String sbd, String internalSubset, String entityRef) {
    String decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    assertTrue(sbd.startsWith(decl));
    return decl + "<!DOCTYPE StandardBusinessDocument [" + internalSubset + "]>\n"
        + sbd.substring(decl.length()).replaceFirst("</InstanceIdentifier>", entityRef + "</InstanceIdentifier>");
  }

  @Test
  void externalEntityInSbdh() throws Exception {
    Path secret = dir.resolve("sbdh-secret.txt");
    Files.writeString(secret, "SBDH-SECRET-VALUE");
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = withDoctype(new String(invoiceSbd(r), StandardCharsets.UTF_8),
        "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">", "&xxe;");
    TestSender.Sent sent = trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8));
    assertRefusedAndLogged(sent, "EBMS:0004", "DOCTYPE");
    assertFalse(new String(sent.answer().raw(), StandardCharsets.UTF_8).contains("SBDH-SECRET-VALUE"));
  }

  @Test
  void entityExpansionInSbdh() throws Exception {
    StringBuilder dtd = new StringBuilder("<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
    }
    Routing r = GatewayFixture.invoiceRouting();
    String sbd = withDoctype(new String(invoiceSbd(r), StandardCharsets.UTF_8), dtd.toString(), "&a9;");
    assertRefusedAndLogged(trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8)), "EBMS:0004", "DOCTYPE");
  }
}
