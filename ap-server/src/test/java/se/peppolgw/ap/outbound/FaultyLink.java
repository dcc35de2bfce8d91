package se.peppolgw.ap.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A loopback link in front of a receiving access point that spoils the first connections with
 * the faults queued up, one fault per connection, and forwards every later connection to the
 * real receiver byte for byte.
 */
final class FaultyLink implements AutoCloseable {
  enum Fault {
    /** HTTP 200 with bytes that are neither MIME nor SOAP, and no Content-Type. */
    GARBAGE_WITHOUT_CONTENT_TYPE,
    /** Reads the request and answers nothing until the client gives up. */
    HANG,
    /** Holds the request for {@link #SLOW_MILLIS}, then forwards it: a receiver that is slow, not broken. */
    SLOW
  }

  static final long SLOW_MILLIS = 6_000;

  private final ServerSocket server;
  private final int targetPort;
  private final Deque<Fault> faults;
  private final List<Fault> injected = new ArrayList<>();
  private final List<Socket> open = new ArrayList<>();

  FaultyLink(int targetPort, List<Fault> faults) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.faults = new ArrayDeque<>(faults);
    Thread t = new Thread(this::accept, "faulty-link");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/as4";
  }

  synchronized List<Fault> injected() {
    return List.copyOf(injected);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Fault f;
        synchronized (this) {
          open.add(s);
          f = faults.poll();
          if (f != null) {
            injected.add(f);
          }
        }
        Thread t = new Thread(() -> serve(s, f), "faulty-link-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s, Fault f) {
    try {
      if (f == null) {
        forward(s);
        return;
      }
      if (f == Fault.SLOW) {
        Thread.sleep(SLOW_MILLIS);
        forward(s);
        return;
      }
      drainRequest(s.getInputStream());
      if (f == Fault.GARBAGE_WITHOUT_CONTENT_TYPE) {
        byte[] body = "\u0000\u0001not a MIME message at all\r\n".getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        s.close();
      }
      // HANG: keep the socket open; close() ends it
    } catch (IOException e) {
      closeQuietly(s);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(s);
    }
  }

  /** Reads the request head and its body, sent with a Content-Length or chunked. */
  private static void drainRequest(InputStream in) throws IOException {
    long length = 0;
    boolean chunked = false;
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      String l = line.toLowerCase(java.util.Locale.ROOT);
      if (l.startsWith("content-length:")) {
        length = Long.parseLong(l.substring(15).trim());
      } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      in.skipNBytes(length);
      return;
    }
    for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
      in.skipNBytes(size);
      readLine(in);
    }
    while (!readLine(in).isEmpty()) {
      // trailers
    }
  }

  private static long chunkSize(InputStream in) throws IOException {
    String line = readLine(in);
    int semi = line.indexOf(';');
    return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new java.io.EOFException("request ended early");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private void forward(Socket client) throws IOException {
    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    synchronized (this) {
      open.add(target);
    }
    Thread up = new Thread(() -> pump(client, target), "faulty-link-up");
    up.setDaemon(true);
    up.start();
    pump(target, client);
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    open.forEach(FaultyLink::closeQuietly);
  }
}
