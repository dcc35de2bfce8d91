package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.helger.http.header.HttpHeaderMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections are reused between sends, and a connection the other side has closed meanwhile is
 * replaced before a message goes out on it, not turned into a failed send.
 */
class PooledHttpPosterTest {
  private Server server;
  private PooledHttpPoster poster;

  @AfterEach
  void stop() throws IOException {
    if (poster != null) {
      poster.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void consecutiveSendsShareOneConnection() throws Exception {
    server = new Server(-1);
    poster = new PooledHttpPoster(4, Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      assertEquals("ok " + i, post("m" + i));
    }
    assertEquals(1, server.connections.get());
    assertEquals(1, poster.connectionsOpened());
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), server.bodies);
  }

  @Test
  void aConnectionTheReceiverClosedWhileIdleIsReplaced() throws Exception {
    // the receiver drops every connection 100 ms after answering, without saying so
    server = new Server(100);
    poster = new PooledHttpPoster(4, Duration.ofSeconds(30));
    assertEquals("ok 0", post("first"));
    Thread.sleep(PooledHttpPoster.VALIDATE_AFTER_IDLE.toMilliseconds() + 500);
    assertEquals("ok 1", post("second"));
    assertEquals(2, server.connections.get());
    assertEquals(2, poster.connectionsOpened());
    assertEquals(List.of("first", "second"), server.bodies);
  }

  @Test
  void concurrentSendsGetConnectionsOfTheirOwn() throws Exception {
    server = new Server(-1);
    poster = new PooledHttpPoster(4, Duration.ofSeconds(30));
    server.delayMillis = 300;
    Thread[] ts = new Thread[3];
    AtomicInteger ok = new AtomicInteger();
    for (int i = 0; i < ts.length; i++) {
      int n = i;
      ts[i] = new Thread(() -> {
        try {
          post("c" + n);
          ok.incrementAndGet();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(3, ok.get());
    assertEquals(3, server.connections.get());
  }

  private String post(String body) throws IOException {
    HttpHeaderMap h = new HttpHeaderMap();
    h.addHeader("X-Test", "1");
    return poster.sendGenericMessage(
        "http://127.0.0.1:" + server.port() + "/as4",
        h,
        new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.TEXT_PLAIN),
        r -> EntityUtils.toString(r.getEntity()));
  }

  /** A minimal HTTP/1.1 server that keeps connections open, or drops them after a while. */
  static final class Server implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0);
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final long closeAfterMillis;
    volatile long delayMillis;

    Server(long closeAfterMillis) throws IOException {
      this.closeAfterMillis = closeAfterMillis;
      Thread t = new Thread(this::accept, "test-http-server");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serve(s), "test-http-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        while (true) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
          if (delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          byte[] answer = ("ok " + requests.getAndIncrement()).getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(answer);
          out.flush();
          if (closeAfterMillis >= 0) {
            Thread.sleep(closeAfterMillis);
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // connection gone
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int state = 0;
      for (int c = in.read(); c >= 0; c = in.read()) {
        b.write(c);
        state = (c == '\r' || c == '\n') ? state + 1 : 0;
        if (state == 4) {
          return b.toString(StandardCharsets.US_ASCII);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
