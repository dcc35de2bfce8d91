package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.ReturnEndpoint;
import se.peppolgw.punchout.support.TestGateway;

class CxmlPunchoutTest {
  private static final String COOKIE = " 34234234ADFSDF&amp;234 <!-- opaque --> ";
  private TestGateway gw;
  private BuyerSimulator buyer;

  @BeforeEach
  void start() {
    gw = new TestGateway();
    buyer = new BuyerSimulator(gw, true);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private String setupUrl() {
    return gw.base + "/punchout/cxml";
  }

  /** Posts a setup request, checks the answer is DTD-valid, returns it parsed. */
  private Document setup(String xml) {
    Page answer = buyer.postXml(setupUrl(), xml);
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(body), body);
    assertTrue(body.contains("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/"), body);
    return CxmlDtd.parse(body);
  }

  private static String status(Document d) {
    return ((Element) d.getElementsByTagName("Status").item(0)).getAttribute("code");
  }

  private static String startUrl(Document d) {
    NodeList urls = d.getElementsByTagName("URL");
    return urls.getLength() == 0 ? null : urls.item(0).getTextContent();
  }

  /** Reads the PunchOutOrderMessage the transfer page would post, DTD-validated. */
  private static Document orderMessage(TransferForm form) {
    String b64 = form.field("cxml-base64");
    assertNotNull(b64, "cxml-base64 field");
    String xml = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml), xml);
    assertFalse(xml.contains("SharedSecret"), "no credentials through the browser");
    return CxmlDtd.parse(xml);
  }

  private static List<Element> items(Document d) {
    List<Element> out = new ArrayList<>();
    NodeList l = d.getElementsByTagName("ItemIn");
    for (int i = 0; i < l.getLength(); i++) {
      out.add((Element) l.item(i));
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? null : l.item(0).getTextContent();
  }

  /** The order message's ItemIn elements turned into the ItemOut a buyer sends back with edit/inspect. */
  private static String itemsOut(String orderXml) {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    while (true) {
      int s = orderXml.indexOf("<ItemIn ", from);
      if (s < 0) {
        break;
      }
      int e = orderXml.indexOf("</ItemIn>", s) + "</ItemIn>".length();
      sb.append(orderXml.substring(s, e).replace("<ItemIn ", "<ItemOut ").replace("</ItemIn>", "</ItemOut>")).append('\n');
      from = e;
    }
    return sb.toString();
  }

  private TransferForm createCartAndCheckout() {
    Document answer = setup(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, COOKIE,
        gw.returnUrl("cxml"), null));
    assertEquals("200", status(answer));
    Page shop = buyer.get(startUrl(answer));
    assertEquals(200, shop.status(), shop.text());
    buyer.add(shop, "T-EMOJI", "2");
    buyer.add(shop, "T-DEC", "1000");
    Page cart = buyer.add(shop, "300-4003", "0.75");
    return BuyerSimulator.transferForm(buyer.checkout(cart));
  }

  @Test
  void createRoundTripIsDtdValidAndEchoesTheBuyerCookie() {
    TransferForm form = createCartAndCheckout();
    assertEquals(gw.returnUrl("cxml"), form.action());
    Document poom = orderMessage(form);
    assertEquals(COOKIE.replace("&amp;", "&").replace("<!-- opaque -->", ""),
        poom.getElementsByTagName("BuyerCookie").item(0).getTextContent(), "BuyerCookie unchanged");
    Element header = (Element) poom.getElementsByTagName("PunchOutOrderMessageHeader").item(0);
    assertEquals("edit", header.getAttribute("operationAllowed"));
    assertEquals("test", ((Element) poom.getElementsByTagName("Message").item(0)).getAttribute("deploymentMode"));
    assertEquals("buyer-cxml", text((Element) poom.getElementsByTagName("To").item(0), "Identity"));
    assertEquals("1.2.071", poom.getDocumentElement().getAttribute("version"));
    assertTrue(poom.getDocumentElement().getAttribute("timestamp").matches(".*[+-]\\d\\d:\\d\\d"), "numeric offset");

    List<Element> items = items(poom);
    assertEquals(3, items.size());
    Element cake = items.get(0);
    assertEquals("2", cake.getAttribute("quantity"));
    assertEquals("1", cake.getAttribute("lineNumber"));
    assertEquals("T-EMOJI", text(cake, "SupplierPartID"));
    assertNotNull(text(cake, "SupplierPartAuxiliaryID"));
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", text(cake, "ShortName"));
    assertTrue(text(cake, "Description").startsWith("Räcker till 12 personer 😀, «beställ» <i>senast</i> & i tid"));
    assertEquals("455", text(cake, "Money"));
    assertEquals("SEK", ((Element) cake.getElementsByTagName("Money").item(0)).getAttribute("currency"));
    assertEquals("EA", text(cake, "UnitOfMeasure"));
    assertEquals("50192100", text(cake, "Classification"));
    Element taxDetail = (Element) cake.getElementsByTagName("TaxDetail").item(0);
    assertEquals("12", taxDetail.getAttribute("percentageRate"));
    assertEquals("vat", taxDetail.getAttribute("category"));
    assertEquals("0.123456", text(items.get(1), "Money"), "price keeps all its decimals");
    assertEquals("0.75", items.get(2).getAttribute("quantity"));

    ReturnEndpoint.Received received = buyer.submit(form);
    String posted = new String(Base64.getDecoder().decode(received.field(StandardCharsets.UTF_8, "cxml-base64")), StandardCharsets.UTF_8);
    assertTrue(posted.contains("Smörgåstårta 🎂"));
    assertEquals(posted, gw.events.transfers().get(0).payload(), "the exact payload is logged");
  }

  @Test
  void editRestoresTheCartAndKeepsAuxiliaryIdsAndInspectIsReadOnly() {
    TransferForm first = createCartAndCheckout();
    String firstXml = new String(Base64.getDecoder().decode(first.field("cxml-base64")), StandardCharsets.UTF_8);
    List<Element> before = items(CxmlDtd.parse(firstXml));

    Document answer = setup(CxmlRequests.setup("edit", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, "edit-cookie-2",
        gw.returnUrl("cxml"), itemsOut(firstXml)));
    assertEquals("200", status(answer));
    Page cart = buyer.get(startUrl(answer).replace("/shop/?", "/shop/cart?"));
    cart = buyer.openCart(cart);
    assertEquals(3, cart.doc().select("tr.line").size(), cart.text());
    // change the quantity of the cake line with the shop's own form
    var form = cart.doc().select("tr.line").first().selectFirst("form");
    List<String[]> fields = BuyerSimulator.formFields(form);
    fields.removeIf(f -> f[0].equals("quantity"));
    fields.add(new String[] {"quantity", "5"});
    cart = buyer.postForm(form.absUrl("action"), fields, StandardCharsets.UTF_8);
    Document edited = orderMessage(BuyerSimulator.transferForm(buyer.checkout(cart)));
    assertEquals("edit-cookie-2", edited.getElementsByTagName("BuyerCookie").item(0).getTextContent());
    List<Element> after = items(edited);
    assertEquals(3, after.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(text(before.get(i), "SupplierPartAuxiliaryID"), text(after.get(i), "SupplierPartAuxiliaryID"),
          "SupplierPartAuxiliaryID stable across edit");
      assertEquals(text(before.get(i), "ShortName"), text(after.get(i), "ShortName"));
      assertEquals(text(before.get(i), "Money"), text(after.get(i), "Money"));
    }
    assertEquals("5", after.get(0).getAttribute("quantity"));

    // inspect: same lines back, no way to change them
    answer = setup(CxmlRequests.setup("inspect", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, "inspect-cookie",
        gw.returnUrl("cxml"), itemsOut(firstXml)));
    Page shop = buyer.get(startUrl(answer));
    assertTrue(shop.doc().select("form.add").isEmpty(), "no add forms when inspecting");
    Page inspectCart = buyer.openCart(shop);
    assertTrue(inspectCart.doc().select("tr.line form").isEmpty(), "no update/remove forms when inspecting");
    Document inspected = orderMessage(BuyerSimulator.transferForm(buyer.checkout(inspectCart)));
    assertEquals("inspect", ((Element) inspected.getElementsByTagName("PunchOutOrderMessageHeader").item(0)).getAttribute("operationAllowed"));
    assertEquals(3, items(inspected).size());
    assertEquals("2", items(inspected).get(0).getAttribute("quantity"));
  }

  @Test
  void unknownSenderAndWrongSecretGetTheSameAnswer() {
    Document wrongSecret = setup(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", "guess", "c", gw.returnUrl("cxml"), null));
    Document unknown = setup(CxmlRequests.setup("create", "NetworkID", "nobody", TestGateway.CXML_SECRET, "c", gw.returnUrl("cxml"), null));
    assertEquals("401", status(wrongSecret));
    assertNull(startUrl(wrongSecret), "no start page on failure");
    assertEquals(normalise(wrongSecret), normalise(unknown));
  }

  private static String normalise(Document d) {
    Element root = d.getDocumentElement();
    root.removeAttribute("payloadID");
    root.removeAttribute("timestamp");
    return root.getAttribute("version") + "|" + status(d) + "|"
        + ((Element) d.getElementsByTagName("Status").item(0)).getAttribute("text") + "|" + root.getTextContent();
  }

  @Test
  void statusCodesForSourceBadRequestsAndItemOutProblems() {
    String ok = TestGateway.CXML_SECRET;
    assertEquals("450", status(setup(CxmlRequests.setup("source", "NetworkID", "buyer-cxml", ok, "c", gw.returnUrl("cxml"), null))));
    assertEquals("400", status(setup(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", ok, "c", null, null))));
    assertEquals("400", status(setup(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", ok, "c", "https://evil.example/return", null))));
    assertEquals("400", status(setup(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", ok, "c", "javascript:alert(1)", null))));
    assertEquals("406", status(setup(CxmlRequests.setup("edit", "NetworkID", "buyer-cxml", ok, "c", gw.returnUrl("cxml"),
        "<ItemOut quantity=\"1\"><ItemID><SupplierPartID></SupplierPartID></ItemID></ItemOut>"))));
    assertEquals("400", status(setup("<?xml version=\"1.0\"?><cXML><oops></cXML>")));
    // the validator itself does reject what the DTD forbids
    assertFalse(CxmlDtd.validate("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">"
        + "<cXML payloadID=\"x\" timestamp=\"2026-11-21T10:00:00+01:00\"><Response><Status code=\"200\"/></Response></cXML>").isEmpty());
    assertTrue(gw.events.setups().stream().allMatch(e -> "REFUSED".equals(e.outcome())));
    assertEquals(0, gw.gateway.sessions().findById("x").stream().count());
  }

  @Test
  void incomingParserNeverFetchesDtdsOrExternalEntities() {
    String probe = gw.base + "/buyer/return/probe";
    String xml = CxmlRequests.setup("create", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, "&xxe;", gw.returnUrl("cxml"), null)
        .replace("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">",
            "<!DOCTYPE cXML SYSTEM \"" + probe + "/cXML.dtd\" [<!ENTITY xxe SYSTEM \"" + probe + "/entity\">"
                + "<!ENTITY file SYSTEM \"file:///etc/passwd\">]>");
    Page answer = buyer.postXml(setupUrl(), xml);
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    assertTrue(gw.returnEndpoint.received().isEmpty(), "nothing fetched: " + gw.returnEndpoint.received());
    assertFalse(body.contains("root:"), body);
    assertNotEquals("500", status(CxmlDtd.parse(body)));
  }

  @Test
  void urlencodedTransportIsAsciiOnlyAndKeepsTheBuyersVersion() {
    Document answer = setup(CxmlRequests.setup("create", "DUNS", "buyer-cxml-url", TestGateway.CXML_SECRET, "u1",
        gw.returnUrl("cxml-url"), null));
    assertEquals("200", status(answer));
    assertEquals("1.2.069", answer.getDocumentElement().getAttribute("version"));
    Page shop = buyer.get(startUrl(answer));
    Page cart = buyer.add(shop, "T-EMOJI", "1");
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(cart));
    String xml = form.field("cxml-urlencoded");
    assertNotNull(xml);
    assertNull(form.field("cxml-base64"));
    assertTrue(xml.chars().allMatch(c -> c < 128), "ASCII only");
    assertTrue(xml.contains("cXML/1.2.069/cXML.dtd"));
    assertEquals(List.of(), CxmlDtd.validate(xml));
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", text(CxmlDtd.parse(xml).getDocumentElement(), "ShortName"));
    ReturnEndpoint.Received received = buyer.submit(form);
    assertEquals(xml, received.field(StandardCharsets.UTF_8, "cxml-urlencoded"));
  }
}
