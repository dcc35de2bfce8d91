package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Finding 11 of issue #11 (the /as4 side): a 7-byte non-XML POST logged 41 lines of stack trace.
 * Every refusal of hostile input on the inbound path is one log line without a stack trace; the
 * log is captured with a logback ListAppender on the root logger.
 */
class HostileInputLoggingTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LOG.start();
    root.addAppender(LOG);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    fx.close();
  }

  /**
   * Posts raw bytes to /as4 on a fresh connection; returns the status line, or "closed" when the
   * server closed without answering. The request is written on its own thread while the answer is
   * read: the server may answer (431, 400) and close before it has read everything, and a writer
   * that waits for its own last byte would then fail with "Broken pipe" and lose the answer.
   */
  static String post(String contentType, byte[] body, String extraHeaders) throws Exception {
    try (Socket s = new Socket("127.0.0.1", fx.gateway().port())) {
      s.setSoTimeout(60_000);
      byte[] head = ("POST /as4 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
              + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
              + extraHeaders + "Content-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          out.write(head);
          out.write(body);
          out.flush();
        } catch (IOException closedEarly) {
          // the server answered and closed before reading all; the answer is what counts
        }
      }, "hostile-writer");
      writer.setDaemon(true);
      writer.start();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      InputStream in = s.getInputStream();
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          answer.write(buf, 0, n);
        }
      } catch (SocketException reset) {
        if (answer.size() == 0) {
          return "closed";
        }
      }
      writer.join(60_000);
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      return text.isEmpty() ? "closed" : text.substring(0, text.indexOf('\r') < 0 ? text.length() : text.indexOf('\r'));
    }
  }

  /**
   * The lines logged while running the request, with the assertion that there are at most
   * {@code max} and none carries a stack trace.
   */
  static List<ILoggingEvent> logged(int min, int max, String what, ThrowingRunnable request) throws Exception {
    int before = LOG.list.size();
    request.run();
    List<ILoggingEvent> lines = List.copyOf(LOG.list.subList(before, LOG.list.size()));
    String shown = lines.stream().map(e -> e.getLoggerName() + " " + e.getFormattedMessage()).collect(Collectors.joining("\n"));
    assertTrue(lines.size() >= min && lines.size() <= max, what + ": " + lines.size() + " lines:\n" + shown);
    for (ILoggingEvent e : lines) {
      assertNull(e.getThrowableProxy(), what + ": stack trace logged: " + e.getFormattedMessage());
    }
    return lines;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static final String SOAP = "application/soap+xml; charset=UTF-8";

  /** On main: 41 lines with two stack traces (ph-xml, phase4) plus ours. */
  @Test
  void sevenBytesOfNonXml() throws Exception {
    logged(1, 1, "7 bytes", () -> assertTrue(post(SOAP, "garbage".getBytes(StandardCharsets.US_ASCII), "").contains(" 400")));
  }

  @Test
  void emptyBody() throws Exception {
    logged(1, 1, "empty", () -> assertTrue(post(SOAP, new byte[0], "").contains(" 400")));
  }

  @Test
  void wrongContentType() throws Exception {
    logged(1, 1, "text/plain", () -> assertTrue(post("text/plain", "<a/>".getBytes(StandardCharsets.US_ASCII), "").contains(" 415")));
    logged(1, 1, "no content type", () -> assertTrue(post(null, "<a/>".getBytes(StandardCharsets.US_ASCII), "").contains(" 415")));
  }

  @Test
  void malformedXml() throws Exception {
    logged(1, 1, "malformed", () -> assertTrue(post(SOAP, "<a><b></a>".getBytes(StandardCharsets.US_ASCII), "").contains(" 400")));
  }

  @Test
  void hugeHeaders() throws Exception {
    String big = "X-Junk: " + "a".repeat(64 * 1024) + "\r\n";
    logged(0, 1, "64 KB header", () -> {
      String status = post(SOAP, "<a/>".getBytes(StandardCharsets.US_ASCII), big);
      assertTrue(status.contains(" 431") || status.contains(" 400") || status.equals("closed"), status);
    });
  }

  /** 100 000 levels of nesting in the SOAP envelope itself. */
  @Test
  void deeplyNestedSoapEnvelope() throws Exception {
    String deep = "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Header/><S:Body>"
        + "<n>".repeat(100_000) + "</n>".repeat(100_000) + "</S:Body></S:Envelope>";
    logged(1, 1, "deep envelope", () -> assertTrue(post(SOAP, deep.getBytes(StandardCharsets.US_ASCII), "").contains(" 400")));
  }

  @Test
  void garbageMime() throws Exception {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    logged(1, 1, "garbage MIME",
        () -> assertTrue(post("multipart/related; boundary=abc; type=\"application/soap+xml\"", junk, "").contains(" 400")));
    byte[] noParts = "--abc\r\nContent-Type: text/plain\r\n\r\nhello\r\n--abc--\r\n".getBytes(StandardCharsets.US_ASCII);
    logged(1, 1, "MIME without SOAP",
        () -> assertTrue(post("multipart/related; boundary=abc; type=\"application/soap+xml\"", noParts, "").contains(" 400")));
  }

  /** The 110-byte SOAP envelope of finding 6: refused with an AS4 error, one line. */
  @Test
  void unsignedSoapEnvelope() throws Exception {
    String env = "<S:Envelope xmlns:S=\"http://www.w3.org/2003/05/soap-envelope\"><S:Header/><S:Body/></S:Envelope>";
    logged(1, 1, "110-byte envelope", () -> {
      String status = post(SOAP, env.getBytes(StandardCharsets.US_ASCII), "");
      assertTrue(status.startsWith("HTTP/1.1 "), status);
    });
  }

  /** A correctly signed message whose SBD nests 100 000 levels deep: refused, one line. */
  @Test
  void deeplyNestedSbdFromAKnownAccessPoint() throws Exception {
    TestSender trusted = fx.trustedSender();
    TestSender.Routing r = GatewayFixture.invoiceRouting();
    String sbd = new String(BackOfficeWatch.invoiceSbd(r), StandardCharsets.UTF_8)
        .replaceFirst("</BusinessScope>", "<Scope><Type>X</Type><InstanceIdentifier>x</InstanceIdentifier>"
            + "<n xmlns=\"urn:deep\">".repeat(100_000) + "</n>".repeat(100_000) + "</Scope></BusinessScope>");
    List<ILoggingEvent> lines = logged(1, 1, "deep SBD", () -> {
      TestSender.Sent sent = trusted.send(r, sbd.getBytes(StandardCharsets.UTF_8));
      assertTrue(sent.answer().allDetails().contains("deeper than 1000 levels"), sent.answer().allDetails());
    });
    assertEquals("WARN", lines.get(0).getLevel().toString());
  }
}
