package se.peppolgw.bench.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.security.certificate.TrustedCAChecker;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;

/**
 * phase4's bare Peppol sender in a JVM of its own, so that it runs with its own pinned
 * TransformerFactory (the {@code -Djavax.xml.transform.TransformerFactory} the parent gives it)
 * and its CPU time is measured alone. Each send is what a phase4 user writes: the builder with
 * the invoice as payload (phase4 builds the SBDH), a new HTTP client per message (phase4's
 * default), no retries.
 *
 * <p>Arguments: key store directory, seat id, receiver certificate (PEM), receiver AS4 URL,
 * invoice file. Commands on stdin: {@code RUN n clients} answers {@code @@bench DONE seconds
 * cpuNanos} (CPU of this JVM during the run); {@code QUIT}. Other output is log.
 */
public final class BareSenderProcess {
  static final String REPLY = "@@bench ";

  /** Santuario warns (JUL) on every signed message; the gateway silences it too (GatewayMain). */
  private static final java.util.logging.Logger DSIG_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

  private BareSenderProcess() {}

  public static void main(String[] args) throws Exception {
    DSIG_JUL.setLevel(java.util.logging.Level.SEVERE);
    // phase4 needs a global scope, like any phase4 application (the inbound benchmark does the same)
    As4Runtime.acquire();
    ApKeyMaterial keys = DevPki.loadOrCreate(Path.of(args[0]), args[1]).apKeyMaterial();
    X509Certificate rxCert;
    try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
      rxCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String url = args[3];
    byte[] invoice = Files.readAllBytes(Path.of(args[4]));
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.println(REPLY + "READY tf=" + System.getProperty(OutboundBenchmark.TF));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      if (w[0].equals("RUN")) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try {
          run(keys, rxCert, url, invoice, Integer.parseInt(w[1]), Integer.parseInt(w[2]));
          out.println(REPLY + "DONE " + (System.nanoTime() - t0) / 1e9 + " " + (cpuNanos() - cpu0));
        } catch (Exception e) {
          out.println(REPLY + "ERROR " + e);
        }
      } else if (w[0].equals("QUIT")) {
        out.println(REPLY + "BYE");
        System.exit(0);
      } else {
        out.println(REPLY + "ERROR unknown command " + line);
      }
    }
  }

  static void run(ApKeyMaterial keys, X509Certificate rxCert, String url, byte[] invoice, int n, int threads)
      throws Exception {
    var ids = PeppolIdentifierFactory.INSTANCE;
    TrustedCAChecker ca = ApCertificateVerifier.forKeyMaterial(keys).asTrustedCAChecker();
    var crypto =
        new AS4CryptoFactoryInMemoryKeyStore(keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          while (next.getAndIncrement() < n) {
            EAS4UserMessageSendResult r =
                Phase4PeppolSender.builder()
                    .cryptoFactory(crypto)
                    .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0))
                    .senderParticipantID(ids.createParticipantIdentifierWithDefaultScheme(OutboundBenchmark.SENDER))
                    .receiverParticipantID(ids.createParticipantIdentifierWithDefaultScheme(OutboundBenchmark.RECEIVER))
                    .documentTypeID(ids.createDocumentTypeIdentifierWithDefaultScheme(DocumentTypeAliases.expand("invoice")))
                    .processID(ids.createProcessIdentifierWithDefaultScheme(OutboundBenchmark.BILLING))
                    .countryC1("SE")
                    .senderPartyID(keys.seatId())
                    .receiverEndpointDetails(rxCert, url)
                    .peppolAP_CAChecker(ca)
                    .payload(invoice)
                    .sendMessageAndCheckForReceipt(e -> {});
            if (r != EAS4UserMessageSendResult.SUCCESS) {
              throw new IllegalStateException("bare phase4 send: " + r);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
