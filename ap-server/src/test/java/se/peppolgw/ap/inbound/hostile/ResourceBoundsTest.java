package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Resource bounds on /as4: an oversized body is refused (413) before it is read, slow clients do
 * not starve the server, and /health keeps answering under a flood of bad requests. No timing
 * assertions: "answers" means an HTTP answer within a generous client timeout.
 */
class ResourceBoundsTest {
  static final long LIMIT = 10L * 1024 * 1024;

  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    // all test clients share 127.0.0.1: the per-address connection limit (SlowClientTest) is raised
    // here so that these tests exercise the other defences
    fx = new GatewayFixture(dir).with("gateway.http.max-request-bytes", Long.toString(LIMIT))
        .with("gateway.http.max-connections-per-client", "1000").start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static int health() throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return c.send(
            HttpRequest.newBuilder(fx.url("/health")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static String statusLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString().trim();
  }

  @Test
  void declared200MbBodyIsRefusedWith413BeforeItIsRead() throws Exception {
    try (Socket s = new Socket("127.0.0.1", fx.gateway().port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /as4 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/soap+xml\r\n"
              + "Content-Length: " + (200L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]); // a first slice only: the answer must come without the rest
      out.flush();
      assertEquals("HTTP/1.1 413 Payload Too Large", statusLine(s.getInputStream()));
    }
    assertEquals(200, health());
  }

  @Test
  void chunked200MbBodyIsCutOffAtTheLimit() throws Exception {
    long sent = 0;
    String status = null;
    try (Socket s = new Socket("127.0.0.1", fx.gateway().port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /as4 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/soap+xml\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        while (sent < 200L * 1024 * 1024) {
          out.write(head);
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent += chunk.length;
          if (s.getInputStream().available() > 0) {
            break;
          }
        }
      } catch (SocketException e) {
        // the server closed the connection on us: that is the point
      }
      try {
        status = statusLine(s.getInputStream());
      } catch (IOException e) {
        status = "closed: " + e.getMessage();
      }
    }
    String st = status;
    long total = sent;
    // The server stops reading at the limit; socket buffers account for the rest.
    assertTrue(total < LIMIT + 32L * 1024 * 1024, () -> "sent " + total + " bytes, answer " + st);
    assertTrue(st.isEmpty() || st.contains("413") || st.contains("400") || st.startsWith("closed"), st);
    assertEquals(200, health());
  }

  @Test
  void slowClientsDoNotStarveTheServer() throws Exception {
    // More slow connections than the server has threads: headers trickle in, bodies never come.
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 250; i++) {
        Socket s = new Socket("127.0.0.1", fx.gateway().port());
        OutputStream out = s.getOutputStream();
        if (i % 2 == 0) {
          out.write("POST /as4 HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(("POST /as4 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/soap+xml\r\n"
              + "Content-Length: 1000000\r\n\r\n<S12:Env").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        slow.add(s);
      }
      for (int round = 0; round < 3; round++) {
        for (Socket s : slow) {
          try {
            s.getOutputStream().write('x');
          } catch (java.io.IOException cutOff) {
            // the server cut this slow client off (minimum body rate, SlowClientTest): intended
          }
        }
        assertEquals(200, health(), "health must answer while " + slow.size() + " clients trickle");
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
    assertEquals(200, health());
  }

  @Test
  void healthAnswersDuringAFloodOfBadRequests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Random random = new Random(42);
    byte[] garbage = new byte[256 * 1024];
    random.nextBytes(garbage);
    List<Future<?>> jobs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int n = i;
      jobs.add(pool.submit(() -> {
        String type = n % 3 == 0 ? "application/soap+xml" : "multipart/related; boundary=x; type=\"application/soap+xml\"";
        int len = 1024 + (n * 613) % garbage.length;
        // one connection per request (the server may close a connection after a refusal)
        try (Socket s = new Socket("127.0.0.1", fx.gateway().port())) {
          s.setSoTimeout(60_000);
          OutputStream out = s.getOutputStream();
          out.write(("POST /as4 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " + type
                  + "\r\nContent-Length: " + len + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(garbage, 0, len);
          out.flush();
          String line = statusLine(s.getInputStream());
          answered.incrementAndGet();
          int status = Integer.parseInt(line.split(" ")[1]);
          if (status >= 400) {
            refused.incrementAndGet();
          }
        }
        return null;
      }));
    }
    int healthy = 0;
    for (int i = 0; i < 10; i++) {
      if (health() == 200) {
        healthy++;
      }
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    pool.shutdown();
    assertEquals(10, healthy);
    assertEquals(400, answered.get());
    assertEquals(400, refused.get(), "every garbage request must be refused");
    assertEquals(0, fx.gateway().store().inbox().inboxPending(0, 1000).size());
  }
}
