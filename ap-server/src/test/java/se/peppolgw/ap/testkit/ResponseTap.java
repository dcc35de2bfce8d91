package se.peppolgw.ap.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * A TCP relay on loopback between a sender and a gateway that notes, for every connection, the
 * moment the gateway's answer started to come back (a number from the caller's event sequence)
 * and the answer's bytes. Lets a test order events inside the gateway against "the receipt left".
 */
public final class ResponseTap implements AutoCloseable {
  /** One answer: when its first byte arrived from the gateway, and all its bytes. */
  public record Answer(long startedAt, String text) {}

  private final ServerSocket server;
  private final int targetPort;
  private final LongSupplier clock;
  private final ExecutorService pumps = Executors.newCachedThreadPool();
  private final List<Flow> flows = new ArrayList<>();

  public ResponseTap(int targetPort, LongSupplier eventClock) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.clock = eventClock;
    pumps.execute(this::acceptLoop);
  }

  /** The URL to send to instead of {@code target}: same path, this relay's port. */
  public String url(URI target) {
    return "http://127.0.0.1:" + server.getLocalPort() + target.getRawPath();
  }

  /** The answer whose bytes contain {@code text} (e.g. a RefToMessageId), or null. */
  public synchronized Answer answerContaining(String text) {
    for (Flow f : flows) {
      String t = f.bytes.toString(StandardCharsets.ISO_8859_1);
      if (t.contains(text)) {
        return new Answer(f.startedAt, t);
      }
    }
    return null;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket gateway = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        pumps.execute(() -> pump(client, gateway));
        pumps.execute(() -> answer(gateway, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the other side closed
    } finally {
      closeQuietly(to);
    }
  }

  private void answer(Socket gateway, Socket client) {
    Flow flow = null;
    try (InputStream in = gateway.getInputStream(); OutputStream out = client.getOutputStream()) {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (this) {
          if (flow == null) {
            flow = new Flow(clock.getAsLong()); // before the sender can see a single byte
            flows.add(flow);
          }
          flow.bytes.write(buf, 0, n);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side closed
    } finally {
      closeQuietly(client);
    }
  }

  /** The bytes coming back on one connection so far. */
  private static final class Flow {
    final long startedAt;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Flow(long startedAt) {
      this.startedAt = startedAt;
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pumps.shutdownNow();
  }
}
