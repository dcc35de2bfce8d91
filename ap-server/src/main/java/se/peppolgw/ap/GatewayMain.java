package se.peppolgw.ap;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.cli.GatewayCli;
import se.peppolgw.ap.config.ConfigCheck;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.DatabaseInUse;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.xml.SharedSaxonTransformerFactory;

/**
 * {@code java -jar gateway.jar [run] [--config FILE]} starts the gateway; every other command of
 * {@code ./gateway} is in {@link se.peppolgw.ap.cli.GatewayCommand} ({@code --help} lists them).
 */
public final class GatewayMain {
  /**
   * Santuario warns through java.util.logging on every signed message about attachment references
   * it cannot resolve itself (phase4 resolves them); kept referenced so the level sticks.
   */
  private static final java.util.logging.Logger DSIG_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

  /** The system property that names jakarta.mail's StreamProvider. */
  public static final String MAIL_STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  /** The StreamProvider of Angus Mail, the jakarta.mail implementation phase4 brings. */
  public static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

  private GatewayMain() {}

  /**
   * aalto-xml (the inbound inspector's parser, which it uses directly) registers itself as the
   * JVM's default StAX provider; libraries that ask for "the" StAX factory keep the JDK's.
   */
  static void keepJdkStaxFactories() {
    pinUnlessSet("javax.xml.stream.XMLInputFactory", "com.sun.xml.internal.stream.XMLInputFactoryImpl");
    pinUnlessSet("javax.xml.stream.XMLOutputFactory", "com.sun.xml.internal.stream.XMLOutputFactoryImpl");
    pinUnlessSet("javax.xml.stream.XMLEventFactory", "com.sun.xml.internal.stream.events.XMLEventFactoryImpl");
  }

  /**
   * jakarta.mail finds its StreamProvider with a ServiceLoader over the whole class path for every
   * MIME part phase4 reads: 130-200 us a call with the gateway's ~200 jars, 1.4 us when named.
   */
  static void nameMailStreamProvider() {
    pinUnlessSet(MAIL_STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
  }

  private static void pinUnlessSet(String property, String className) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, className);
    }
  }

  public static void main(String[] args) throws Exception {
    configureJvm();
    System.exit(new GatewayCli(System.out, System.err).run(args));
  }

  /**
   * The JVM-wide settings the gateway runs with, made before anything parses XML; an operator's
   * {@code -D} wins. Public so that a harness that starts {@link Gateway} in its own JVM (the
   * benchmarks) runs it as {@code ./gateway} does.
   */
  public static void configureJvm() {
    // Unpinned, every SOAP serialisation scans the class path for a TransformerFactory (2-3x
    // slower); plain Saxon builds a new Configuration per message. An operator's -D wins.
    if (System.getProperty("javax.xml.transform.TransformerFactory") == null) {
      System.setProperty(
          "javax.xml.transform.TransformerFactory", SharedSaxonTransformerFactory.class.getName());
    }
    keepJdkStaxFactories();
    nameMailStreamProvider();
    // Before anything parses XML: libraries cache parsers, and a parser made before the JDK's
    // element depth limit is set never applies it (see HostileInputLogging). An operator's -D wins.
    pinUnlessSet("jdk.xml.maxElementDepth", Integer.toString(se.peppolgw.ap.sbd.SafeXml.MAX_ELEMENT_DEPTH));
    DSIG_JUL.setLevel(java.util.logging.Level.SEVERE);
  }

  /**
   * Checks the configuration, then starts the gateway and blocks until the JVM ends; returns only
   * when it could not start: exit status 2 with one line per problem on stderr (the exception's
   * stack trace only with {@code --debug} or {@code GATEWAY_DEBUG=1}). Never runs half-started:
   * {@link Gateway} stops what it had started before it throws.
   */
  public static int serve(Path configFile, boolean debug, PrintWriter err) {
    GatewayConfig config;
    List<String> problems = new ArrayList<>();
    try {
      config = new GatewayConfig(ConfigSource.load(configFile));
    } catch (java.io.UncheckedIOException e) {
      return refuse(List.of(describe(e) + ": " + e.getCause().getMessage()), err);
    }
    problems.addAll(ConfigCheck.problems(config));
    if (problems.isEmpty()) {
      DatabaseInUse.check(config).ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      return refuse(problems, err);
    }
    Gateway gateway;
    try {
      gateway = Gateway.builder(config).start();
    } catch (Exception | Error e) {
      err.println("Cannot start the gateway: " + DatabaseInUse.describe(e, config).orElseGet(() -> describe(e)));
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return 2;
    }
    // SIGTERM / Ctrl-C: finish in-flight requests, then close the store.
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "shutdown"));
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** One problem: one line; several: a count, then one line each. */
  private static int refuse(List<String> problems, PrintWriter err) {
    if (problems.size() == 1) {
      err.println("Cannot start the gateway: " + problems.get(0));
    } else {
      err.println("Cannot start the gateway: " + problems.size() + " problems in the configuration:");
      problems.forEach(p -> err.println("  " + p));
    }
    err.flush();
    return 2;
  }

  /** One line: configuration errors carry the file/key in their message; others say their kind. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    String text =
        e instanceof ConfigException || e instanceof se.peppolgw.ap.pki.KeyMaterialException
            ? m
            : (m == null ? e.getClass().getSimpleName() : m);
    return text == null ? "unknown error" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
