package se.peppolgw.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Finding 2 of issue #11: a few hundred uploads that send one byte every few seconds, without
 * logging in, made the whole server unresponsive (every worker thread blocked in a body read).
 * All sockets are on 127.0.0.1, bounded in number and time, and closed by the test.
 */
class SlowClientTest {
  static final int SLOW_CLIENTS = 400;

  @TempDir Path dir;

  /**
   * 400 trickling uploads (per-address limit raised so that all of them get in): /health and a
   * real signed + encrypted AS4 exchange still answer, and every slow upload is cut off. On main
   * the /health request times out (the 200 worker threads are all reading slow bodies).
   */
  @Test
  void healthAndAs4AnswerWhileHundredsOfSlowUploadsRun() throws Exception {
    try (GatewayFixture fx =
            new GatewayFixture(dir)
                .with("gateway.http.max-connections-per-client", "1000")
                .with("gateway.http.idle-timeout-seconds", "20")
                .start();
        SlowClients slow = new SlowClients(fx.gateway().port(), SLOW_CLIENTS)) {
      slow.trickle(); // first body byte on every socket
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      for (int round = 0; round < 3; round++) {
        HttpResponse<String> h =
            client.send(
                HttpRequest.newBuilder(fx.url("/health")).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, h.statusCode(), h.body());
        slow.trickle();
      }
      TestSender.Sent sent =
          fx.trustedSender()
              .send(GatewayFixture.invoiceRouting(), BackOfficeWatch.invoiceSbd(GatewayFixture.invoiceRouting()));
      assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
      assertTrue(sent.answer().receipt());
      slow.trickle();
      // below the minimum data rate: every slow upload is answered/closed by the server
      assertEquals(SLOW_CLIENTS, slow.awaitAllCutOff(Duration.ofSeconds(40)));
    }
  }

  /**
   * One address may hold only so many connections: the ones above the limit are closed at once,
   * and a slow upload that got in is cut off by the minimum data rate. On main all twelve stay
   * open and the slow upload is waited for as long as it keeps trickling.
   */
  @Test
  void connectionsPerAddressAreBoundedAndASlowUploadIsCutOff() throws Exception {
    try (GatewayFixture fx =
            new GatewayFixture(dir).with("gateway.http.max-connections-per-client", "4").start();
        SlowClients slow = new SlowClients(fx.gateway().port(), 12)) {
      // 8 of 12 are over the limit and closed without an answer
      assertEquals(8, slow.awaitCutOff(8, Duration.ofSeconds(10)));
      slow.trickle();
      slow.trickle();
      // the 4 admitted ones send 1 byte per trickle: far below 128 bytes/s
      assertEquals(12, slow.awaitAllCutOff(Duration.ofSeconds(30)));
      // their connections are given back (once the server has seen them close): served again
      assertEquals(200, healthWithin(fx, Duration.ofSeconds(10)));
    }
  }

  /**
   * A client that sends half a request head and then nothing (the slow-loris pattern the data rate
   * cannot see: no body has started), and one that keeps an answered connection open and goes
   * quiet: both connections are closed by the server after gateway.http.idle-timeout-seconds.
   */
  @Test
  void silentConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.http.idle-timeout-seconds", "2").start();
        Socket halfHead = new Socket();
        Socket keptAlive = new Socket()) {
      int port = fx.gateway().port();
      halfHead.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      halfHead.getOutputStream().write(
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      keptAlive.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      keptAlive.getOutputStream().write(
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      // the answered one reads its 200 first; then both only see the server's close
      String answer = readUntilClosed(keptAlive, Duration.ofSeconds(15));
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      readUntilClosed(halfHead, Duration.ofSeconds(15));
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertTrue(seconds >= 1, "closed after " + seconds + " s, before the idle timeout");
    }
  }

  /** Everything the server sends until it closes the connection; fails if it is still open at {@code max}. */
  private static String readUntilClosed(Socket s, Duration max) throws IOException {
    s.setSoTimeout((int) max.toMillis());
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[4096];
    InputStream in = s.getInputStream();
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + max + "; read so far: " + got);
    } catch (IOException e) {
      // a reset is a close too
    }
    return got.toString();
  }

  /** Polls /health until it answers (connections refused meanwhile); returns the last status. */
  static int healthWithin(GatewayFixture fx, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    HttpClient client = HttpClient.newHttpClient();
    while (true) {
      try {
        return client
            .send(HttpRequest.newBuilder(fx.url("/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode();
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          return -1;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Raw sockets posting an AS4-sized body one byte at a time. */
  static final class SlowClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final boolean[] cutOff;

    SlowClients(int port, int n) throws IOException {
      cutOff = new boolean[n];
      String head =
          "POST /as4 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml\r\n"
              + "Content-Length: 100000\r\n\r\n";
      for (int i = 0; i < n; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(1);
        try {
          s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          cutOff[i] = true; // already closed by the server
        }
        sockets.add(s);
      }
    }

    /** One more body byte on every socket still open, then a pause of a second. */
    void trickle() throws InterruptedException {
      for (int i = 0; i < sockets.size(); i++) {
        if (!cutOff[i]) {
          try {
            OutputStream out = sockets.get(i).getOutputStream();
            out.write('<');
            out.flush();
          } catch (IOException e) {
            cutOff[i] = true;
            closeQuietly(sockets.get(i));
          }
        }
      }
      Thread.sleep(1000); // the trickle itself: the client's pace, not a wait for server state
    }

    int awaitAllCutOff(Duration within) throws InterruptedException {
      return awaitCutOff(sockets.size(), within);
    }

    /** Polls until at least n sockets were answered or closed by the server; returns how many. */
    int awaitCutOff(int n, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      int count;
      while ((count = poll()) < n && System.nanoTime() < deadline) {
        trickle();
      }
      return count;
    }

    private int poll() {
      int count = 0;
      byte[] buf = new byte[1024];
      for (int i = 0; i < sockets.size(); i++) {
        if (!cutOff[i]) {
          try {
            InputStream in = sockets.get(i).getInputStream();
            if (in.read(buf) != 0) {
              cutOff[i] = true; // an answer (408/400/500) or end of stream
              sockets.get(i).close();
            }
          } catch (SocketTimeoutException e) {
            // still open, nothing said
          } catch (IOException e) {
            cutOff[i] = true; // reset
            closeQuietly(sockets.get(i));
          }
        }
        if (cutOff[i]) {
          count++;
        }
      }
      return count;
    }

    @Override
    public void close() {
      sockets.forEach(SlowClients::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
