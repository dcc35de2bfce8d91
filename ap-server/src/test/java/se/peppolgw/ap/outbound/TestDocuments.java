package se.peppolgw.ap.outbound;

import java.nio.charset.StandardCharsets;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * The public Peppol BIS examples, re-addressed to the test participants: each example's sender
 * and receiver EndpointID is replaced by ours, nothing else changes.
 */
final class TestDocuments {
  // identifiers with valid check digits: the BIS rules verify them (PEPPOL-COMMON-R040/R049)
  static final String SUPPLIER = "0007:5567212344";
  static final String BUYER = "0088:7365560000000";

  static final String ORDER = "peppol-bis/poacc/Order_Example.xml";
  static final String ORDER_RESPONSE = "peppol-bis/poacc/OrderResponse_Example.xml";
  static final String DESPATCH_ADVICE = "peppol-bis/poacc/DespatchAdvice_Example.xml";
  static final String INVOICE = SharedTestData.INVOICE;

  private TestDocuments() {}

  static byte[] order() {
    return readdress(ORDER, "0192:987654325", BUYER, "0192:123456785", SUPPLIER);
  }

  static byte[] orderResponse() {
    return readdress(ORDER_RESPONSE, "0088:7598000000128", SUPPLIER, "0088:7590000012347", BUYER);
  }

  static byte[] despatchAdvice() {
    return readdress(DESPATCH_ADVICE, "0088:7300010000001", SUPPLIER, "0088:5798000000124", BUYER);
  }

  static byte[] invoice() {
    return readdress(INVOICE, "0088:9482348239847239874", SUPPLIER, "0002:FR23342", BUYER);
  }

  /** An order to another receiver (an unknown or unserved participant). */
  static byte[] orderTo(String receiver) {
    return readdress(ORDER, "0192:987654325", BUYER, "0192:123456785", receiver);
  }

  static byte[] readdress(String file, String oldSender, String newSender, String oldReceiver, String newReceiver) {
    String xml = new String(SharedTestData.read(file), StandardCharsets.UTF_8);
    xml = replaceOnce(xml, endpoint(oldSender), endpoint(newSender));
    xml = replaceOnce(xml, endpoint(oldReceiver), endpoint(newReceiver));
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  private static String endpoint(String id) {
    int c = id.indexOf(':');
    return "<cbc:EndpointID schemeID=\"" + id.substring(0, c) + "\">" + id.substring(c + 1) + "</cbc:EndpointID>";
  }

  private static String replaceOnce(String xml, String from, String to) {
    int i = xml.indexOf(from);
    if (i < 0) {
      throw new IllegalArgumentException("test document has no " + from);
    }
    return xml.substring(0, i) + to + xml.substring(i + from.length());
  }
}
