package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Failed punch-out logins are throttled under the buyer that the request actually matched and the client
 * address (issue #11 finding 4), with growing delays that always end. The tests talk real HTTP; requests
 * "from another address" leave from another loopback address (127.0.0.2, 127.0.0.3).
 */
class LoginThrottlingTest {
  private static final Pattern STATUS = Pattern.compile("<Status code=\"(\\d+)\"");
  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  /** A PunchOutSetupRequest whose From holds {@code credentials} (domain, identity pairs) in this order. */
  private String cxml(String secret, String... credentials) {
    StringBuilder from = new StringBuilder();
    for (int i = 0; i < credentials.length; i += 2) {
      from.append("<Credential domain=\"").append(credentials[i]).append("\"><Identity>").append(credentials[i + 1])
          .append("</Identity></Credential>");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<cXML payloadID=\"1@buyer.example\" timestamp=\"2026-11-21T10:00:00+01:00\" version=\"1.2.014\"><Header>"
        + "<From>" + from + "</From>"
        + "<To><Credential domain=\"NetworkID\"><Identity>exempelleverantoren</Identity></Credential></To>"
        + "<Sender><Credential domain=\"NetworkID\"><Identity>hub</Identity><SharedSecret>" + secret
        + "</SharedSecret></Credential><UserAgent>test</UserAgent></Sender></Header>"
        + "<Request deploymentMode=\"test\"><PunchOutSetupRequest operation=\"create\"><BuyerCookie>c</BuyerCookie>"
        + "<BrowserFormPost><URL>" + gw.returnUrl("cxml") + "</URL></BrowserFormPost></PunchOutSetupRequest></Request></cXML>";
  }

  /** The cXML status code of a setup request posted from {@code localAddress}. */
  private String cxmlStatus(String localAddress, String body) {
    String answer = post(localAddress, "/punchout/cxml", "text/xml; charset=UTF-8", body).body();
    Matcher m = STATUS.matcher(answer);
    return m.find() ? m.group(1) : "no status in: " + answer;
  }

  @Test
  void aJunkFirstCredentialDoesNotEscapeTheThrottle() {
    for (int i = 0; i < 5; i++) {
      assertEquals("401", cxmlStatus("127.0.0.1", cxml("guess-" + i, "NetworkID", "junk-" + i, "NetworkID", "buyer-cxml")));
    }
    // on main each junk identity was a fresh throttle key: the right secret was accepted here (200)
    assertEquals("429", cxmlStatus("127.0.0.1", cxml(TestGateway.CXML_SECRET, "NetworkID", "junk-x", "NetworkID", "buyer-cxml")));
    assertEquals("429", cxmlStatus("127.0.0.1", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")),
        "the plain request of the same buyer is throttled too");
  }

  @Test
  void anotherSpellingOfTheDomainCountsTowardsTheSameBuyer() {
    String[] spellings = {"NetworkID", "NETWORKID", "networkid", "NetworkId", "NETWORKid"};
    for (String domain : spellings) {
      assertEquals("401", cxmlStatus("127.0.0.1", cxml("guess", domain, "buyer-cxml")));
    }
    // on main every spelling had its own key: not throttled, 200
    assertEquals("429", cxmlStatus("127.0.0.1", cxml(TestGateway.CXML_SECRET, "NETWORKID", "buyer-cxml")));
  }

  @Test
  void aStrangerIsThrottledWhileTheBuyerFromAnotherAddressStillGetsIn() {
    for (int i = 0; i < 5; i++) {
      assertEquals("401", cxmlStatus("127.0.0.1", cxml("guess", "NetworkID", "buyer-cxml")));
    }
    assertEquals("429", cxmlStatus("127.0.0.1", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")));
    // on main the stranger's failures refused the buyer everywhere (401)
    assertEquals("200", cxmlStatus("127.0.0.2", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")));
  }

  @Test
  void delaysGrowWithEachFurtherFailureAndAlwaysEnd() {
    String wrong = cxml("guess", "NetworkID", "buyer-cxml");
    String right = cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml");
    for (int i = 0; i < 5; i++) {
      cxmlStatus("127.0.0.1", wrong);
    }
    assertEquals("429", cxmlStatus("127.0.0.1", wrong));
    gw.clock.advance(Duration.ofSeconds(61));
    assertEquals("401", cxmlStatus("127.0.0.1", wrong), "after the first delay (1 min) one more try is checked");
    gw.clock.advance(Duration.ofSeconds(61));
    assertEquals("429", cxmlStatus("127.0.0.1", right), "the next delay is longer (2 min)");
    gw.clock.advance(Duration.ofSeconds(60));
    assertEquals("200", cxmlStatus("127.0.0.1", right), "and it ends: no lock for good");
  }

  @Test
  void oneAddressGuessingAcrossManyBuyersIsThrottledAsAWhole() {
    // 20 failures (4 x the per-buyer limit) spread over made-up buyers, never 5 on one
    for (int i = 0; i < 20; i++) {
      assertEquals("401", cxmlStatus("127.0.0.3", cxml("guess", "NetworkID", "nobody-" + i)));
    }
    assertEquals("429", cxmlStatus("127.0.0.3", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")));
    assertEquals(429, post("127.0.0.3", "/punchout/oci/t-oci4", "application/x-www-form-urlencoded",
        form(oci4(TestGateway.OCI4_SECRET))).status(), "the address limit holds across protocols");
    assertEquals("200", cxmlStatus("127.0.0.1", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")));
  }

  @Test
  void guessingSpreadOverManyAddressesGetsOneTryPerAddressYetTheBuyerStillGetsIn() {
    // 10 addresses x 5 failures = the buyer-wide limit (10 x 5)
    for (int a = 10; a < 20; a++) {
      for (int i = 0; i < 5; i++) {
        assertEquals("401", cxmlStatus("127.0.0." + a, cxml("guess", "NetworkID", "buyer-cxml")));
      }
    }
    assertEquals("401", cxmlStatus("127.0.0.20", cxml("guess", "NetworkID", "buyer-cxml")), "a new address: one try");
    assertEquals("429", cxmlStatus("127.0.0.20", cxml("guess", "NetworkID", "buyer-cxml")), "and no second");
    assertEquals("200", cxmlStatus("127.0.0.21", cxml(TestGateway.CXML_SECRET, "NetworkID", "buyer-cxml")),
        "the buyer from a clean address");
  }

  @Test
  void ociLoginsAreThrottledPerBuyerAndAddressAndAnotherAddressStillGetsIn() {
    for (int i = 0; i < 5; i++) {
      assertEquals(401, post("127.0.0.1", "/punchout/oci/t-oci4", "application/x-www-form-urlencoded",
          form(oci4("guess"))).status());
    }
    Answer throttled = post("127.0.0.1", "/punchout/oci/t-oci4", "application/x-www-form-urlencoded",
        form(oci4(TestGateway.OCI4_SECRET)));
    assertEquals(429, throttled.status());
    assertEquals("60", throttled.header("Retry-After"), "the first delay, in seconds");
    assertEquals(303, post("127.0.0.2", "/punchout/oci/t-oci4", "application/x-www-form-urlencoded",
        form(oci4(TestGateway.OCI4_SECRET))).status());
  }

  @Test
  void peppolLoginsAreThrottledPerBuyerAndAddressAndAnotherAddressStillGetsIn() {
    for (int i = 0; i < 5; i++) {
      assertEquals(401, post("127.0.0.1", "/punchout/peppol/t-peppol", "application/x-www-form-urlencoded",
          form(peppol("guess"))).status());
    }
    Answer throttled = post("127.0.0.1", "/punchout/peppol/t-peppol", "application/x-www-form-urlencoded",
        form(peppol(TestGateway.PEPPOL_SECRET)));
    assertEquals(429, throttled.status());
    assertEquals("60", throttled.header("Retry-After"));
    assertEquals(303, post("127.0.0.2", "/punchout/peppol/t-peppol", "application/x-www-form-urlencoded",
        form(peppol(TestGateway.PEPPOL_SECRET))).status());
  }

  private Map<String, String> oci4(String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", password);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    return p;
  }

  private Map<String, String> peppol(String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.PEPPOL_USER);
    p.put("password", password);
    p.put("returnUrl", gw.returnUrl("peppol"));
    return p;
  }

  private static String form(Map<String, String> fields) {
    return BuyerSimulator.encode(fields.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(),
        StandardCharsets.UTF_8);
  }

  private record Answer(int status, String head, String body) {
    String header(String name) {
      Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
      return m.find() ? m.group(1) : null;
    }
  }

  /**
   * One HTTP/1.1 POST from a chosen loopback source address (java.net.http cannot bind one on Java 17).
   */
  private Answer post(String localAddress, String path, String contentType, String body) {
    URI base = URI.create(gw.httpBase);
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nContent-Type: "
          + contentType + "\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int bodyStart = response.indexOf("\r\n\r\n");
      return new Answer(status, bodyStart < 0 ? response : response.substring(0, bodyStart),
          bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " from " + localAddress + " failed", e);
    }
  }
}
