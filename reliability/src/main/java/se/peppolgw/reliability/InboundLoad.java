package se.peppolgw.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several senders pushing a stream of invoices over AS4. Each message has its own SBDH
 * InstanceIdentifier and is sent until it gets a signed receipt: a failed attempt is resent first
 * with the same AS4 MessageId (phase4's own retry), then with new MessageIds and the same SBD (a
 * sender resending the document). What every attempt got is kept.
 */
public final class InboundLoad {
  /** One message and what its attempts got. */
  public static final class Message {
    public final String instanceId;
    public final byte[] sbd;
    public volatile boolean acked;
    public final AtomicInteger attempts = new AtomicInteger();
    /** Errors the sender got, e.g. "EBMS:0004/503", "connection", "no receipt". */
    public final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    Message(String instanceId, byte[] sbd) {
      this.instanceId = instanceId;
      this.sbd = sbd;
    }
  }

  private final As4Client client;
  private final byte[] invoice;
  private final int senders;
  private final int minMessages;
  private final Duration pace;
  private final Duration giveUpAfter;
  private final Map<String, Message> messages = new ConcurrentSkipListMap<>();
  private final Map<String, AtomicInteger> failureKinds = new ConcurrentHashMap<>();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicInteger produced = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  public InboundLoad(As4Client client, byte[] invoice, int senders, int minMessages, Duration pace, Duration giveUpAfter) {
    this.client = client;
    this.invoice = invoice;
    this.senders = senders;
    this.minMessages = minMessages;
    this.pace = pace;
    this.giveUpAfter = giveUpAfter;
  }

  public InboundLoad start() {
    for (int i = 0; i < senders; i++) {
      Thread t = new Thread(this::senderLoop, "sender-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** New messages are made until this is called and at least minMessages exist. */
  public void stopProducing() {
    producing.set(false);
  }

  public int produced() {
    return produced.get();
  }

  public int ackedCount() {
    return (int) messages.values().stream().filter(m -> m.acked).count();
  }

  /** Waits until at least n messages got a receipt (or the timeout passes). */
  public void awaitAcked(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ackedCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  public void awaitDone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      t.join(left);
    }
    for (Thread t : threads) {
      if (t.isAlive()) {
        throw new IllegalStateException(
            "senders still busy after " + timeout + ": " + (produced() - ackedCount())
                + " messages without receipt; failures so far " + failureKinds + "; last failures "
                + messages.values().stream().filter(m -> !m.acked)
                    .map(m -> m.instanceId + " " + lastOf(m.failures)).toList());
      }
    }
  }

  public Map<String, Message> messages() {
    return messages;
  }

  public Map<String, AtomicInteger> failureKinds() {
    return failureKinds;
  }

  private static String lastOf(List<String> l) {
    synchronized (l) {
      return l.isEmpty() ? "(first attempt)" : l.subList(Math.max(0, l.size() - 3), l.size()).toString();
    }
  }

  private void senderLoop() {
    while (true) {
      int n = produced.incrementAndGet();
      if (n > minMessages && !producing.get()) {
        produced.decrementAndGet();
        return;
      }
      String instanceId = UUID.randomUUID().toString();
      Message m = new Message(instanceId, As4Client.invoiceSbd(instanceId, invoice));
      messages.put(instanceId, m);
      deliver(m);
      sleep(pace.toMillis());
    }
  }

  private void deliver(Message m) {
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    String messageId = UUID.randomUUID() + "@reliability.peppolgw";
    while (System.nanoTime() < deadline) {
      int attempt = m.attempts.incrementAndGet();
      if (attempt > 2) {
        messageId = UUID.randomUUID() + "@reliability.peppolgw";
      }
      As4Client.Outcome o = client.send(messageId, m.sbd);
      if (o.acked()) {
        m.acked = true;
        return;
      }
      String kind =
          o.answer().firstCode() != null
              ? o.answer().firstCode() + "/" + o.httpStatus()
              : o.httpStatus() > 0 ? "HTTP " + o.httpStatus() : "no answer (connection)";
      m.failures.add(kind + (o.answer().errorDetails().isEmpty() ? " " + o.failure() : " " + o.answer().errorDetails()));
      failureKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      sleep(Math.min(2000, 100L * attempt));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
