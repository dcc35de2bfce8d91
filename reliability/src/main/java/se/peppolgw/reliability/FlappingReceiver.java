package se.peppolgw.reliability;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A receiving access point that flaps, on loopback, in front of a real one. While flapping, every
 * connection gets the next fault of a fixed rotation (a load balancer's 502 or 504 page, a
 * response that never comes, a TCP reset, 200 with bytes that are not MIME); each fault is
 * recorded with the AS4 MessageId of the request it spoiled, so the sender's timeline can be
 * checked attempt by attempt. After {@link #stopFlapping()} every new connection is forwarded to
 * the real receiver byte for byte.
 */
public final class FlappingReceiver implements AutoCloseable {
  /** The faults, in the order they are handed out. */
  public enum Fault {
    HTTP_502,
    HTTP_504,
    /** The request is read, then nothing is answered until the sender gives up. */
    HANG,
    /** The request is read, then the connection is reset (SO_LINGER 0 and close: a TCP RST). */
    RESET,
    /** 200 with a multipart Content-Type and random bytes that are no MIME message. */
    GARBAGE_MIME,
    /** 200 with random bytes and no Content-Type at all. */
    GARBAGE_BARE
  }

  /** One spoiled request: what was done to it, and the AS4 MessageId it carried (null if none). */
  public record Injected(Fault fault, String as4MessageId) {}

  // eb:MessageId of the UserMessage; the SOAP part of the MIME message is plain XML (only the
  // payload attachment is encrypted). The first match is the UserMessage's own.
  private static final Pattern MESSAGE_ID = Pattern.compile("<(?:[A-Za-z0-9_]+:)?MessageId>([^<]+)</");

  private final ServerSocket server;
  private final int targetPort;
  private final List<Injected> injected = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final Random random = new Random();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile boolean flapping = true;
  private int next;

  /** @param targetPort the real receiver's port on loopback */
  public FlappingReceiver(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    Thread t = new Thread(this::acceptLoop, "flapping-receiver");
    t.setDaemon(true);
    t.start();
  }

  public String as4Url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/as4";
  }

  /** From now on new connections reach the real receiver. */
  public void stopFlapping() {
    flapping = false;
  }

  public synchronized List<Injected> injected() {
    return List.copyOf(injected);
  }

  public synchronized Map<Fault, Integer> injectedPerFault() {
    Map<Fault, Integer> m = new EnumMap<>(Fault.class);
    injected.forEach(i -> m.merge(i.fault(), 1, Integer::sum));
    return m;
  }

  /** Connections forwarded to the real receiver. */
  public long forwarded() {
    return forwarded.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Fault f = null;
      synchronized (this) {
        sockets.add(s);
        if (flapping) {
          f = Fault.values()[next++ % Fault.values().length];
        }
      }
      Fault fault = f;
      Thread t = new Thread(() -> serve(s, fault), "flapping-receiver-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s, Fault fault) {
    try {
      if (fault == null) {
        forwarded.incrementAndGet();
        forward(s);
        return;
      }
      byte[] request = readRequest(s.getInputStream());
      Matcher m = MESSAGE_ID.matcher(new String(request, StandardCharsets.ISO_8859_1));
      synchronized (this) {
        injected.add(new Injected(fault, m.find() ? m.group(1).trim() : null));
      }
      OutputStream out = s.getOutputStream();
      switch (fault) {
        case HTTP_502 -> answer(out, "502 Bad Gateway", "text/html", html(502, "Bad Gateway"));
        case HTTP_504 -> answer(out, "504 Gateway Timeout", "text/html", html(504, "Gateway Timeout"));
        case GARBAGE_MIME -> answer(out, "200 OK", "multipart/related; boundary=\"b1\"; type=\"application/soap+xml\"", noise());
        case GARBAGE_BARE -> answer(out, "200 OK", null, noise());
        case HANG -> {
          // wait for the sender to give up (it closes), but not forever
          s.setSoTimeout(120_000);
          s.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
        case RESET -> s.setSoLinger(true, 0); // close() below then sends RST instead of FIN
      }
      s.close();
    } catch (IOException e) {
      closeQuietly(s);
    }
  }

  private static void answer(OutputStream out, String status, String contentType, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static byte[] html(int code, String text) {
    return ("<html>\r\n<head><title>" + code + " " + text + "</title></head>\r\n<body>\r\n<center><h1>"
        + code + " " + text + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private synchronized byte[] noise() {
    byte[] b = new byte[64 + random.nextInt(512)];
    random.nextBytes(b);
    return b;
  }

  /** The whole request (head and body, Content-Length or chunked), as sent. */
  static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    long length = 0;
    boolean chunked = false;
    for (String line = readLine(in, all); !line.isEmpty(); line = readLine(in, all)) {
      String l = line.toLowerCase(Locale.ROOT);
      if (l.startsWith("content-length:")) {
        length = Long.parseLong(l.substring("content-length:".length()).trim());
      } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      all.write(in.readNBytes((int) length));
      return all.toByteArray();
    }
    while (true) {
      String size = readLine(in, all);
      int semi = size.indexOf(';');
      long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        break;
      }
      all.write(in.readNBytes((int) n));
      readLine(in, all);
    }
    while (!readLine(in, all).isEmpty()) {
      // trailer fields
    }
    return all.toByteArray();
  }

  private static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      copy.write(b);
      if (b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    throw new EOFException("request ended early");
  }

  private void forward(Socket client) throws IOException {
    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    synchronized (this) {
      sockets.add(target);
    }
    Thread up = new Thread(() -> pump(client, target), "flapping-receiver-up");
    up.setDaemon(true);
    up.start();
    pump(target, client);
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    List<Socket> all;
    synchronized (this) {
      all = new ArrayList<>(sockets);
    }
    all.forEach(FlappingReceiver::closeQuietly);
  }

  /** Fault kinds recorded per AS4 MessageId (a request retried inside HTTP would show twice). */
  public synchronized Map<String, List<Fault>> faultsByMessageId() {
    Map<String, List<Fault>> m = new ConcurrentHashMap<>();
    for (Injected i : injected) {
      if (i.as4MessageId() != null) {
        m.computeIfAbsent(i.as4MessageId(), k -> new ArrayList<>()).add(i.fault());
      }
    }
    return m;
  }
}
