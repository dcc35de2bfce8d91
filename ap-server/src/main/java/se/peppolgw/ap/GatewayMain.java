package se.peppolgw.ap;

import java.nio.file.Path;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.xml.SharedSaxonTransformerFactory;

/**
 * {@code java -jar gateway.jar [run] [--config FILE]} starts the gateway; {@code hash-token TOKEN}
 * prints the configuration value for an API token; {@code new-token} makes a token and its hash.
 */
public final class GatewayMain {
  /**
   * Santuario warns through java.util.logging on every signed message about attachment references
   * it cannot resolve itself (phase4 resolves them); kept referenced so the level sticks.
   */
  private static final java.util.logging.Logger DSIG_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

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

  private static void pinUnlessSet(String property, String className) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, className);
    }
  }

  public static void main(String[] args) throws Exception {
    // Unpinned, every SOAP serialisation scans the class path for a TransformerFactory (2-3x
    // slower); plain Saxon builds a new Configuration per message. An operator's -D wins.
    if (System.getProperty("javax.xml.transform.TransformerFactory") == null) {
      System.setProperty(
          "javax.xml.transform.TransformerFactory", SharedSaxonTransformerFactory.class.getName());
    }
    keepJdkStaxFactories();
    // Before anything parses XML: libraries cache parsers, and a parser made before the JDK's
    // element depth limit is set never applies it (see HostileInputLogging). An operator's -D wins.
    pinUnlessSet("jdk.xml.maxElementDepth", Integer.toString(se.peppolgw.ap.sbd.SafeXml.MAX_ELEMENT_DEPTH));
    DSIG_JUL.setLevel(java.util.logging.Level.SEVERE);
    String command = "run";
    boolean debug = "1".equals(System.getenv("GATEWAY_DEBUG"));
    Path configFile = Path.of(System.getenv().getOrDefault("GATEWAY_CONFIG", "config/gateway.properties"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> configFile = Path.of(args[++i]);
        case "--debug" -> debug = true;
        case "run", "version", "new-token" -> command = args[i];
        case "hash-token" -> {
          if (i + 1 >= args.length) {
            usage("hash-token needs the token");
          }
          System.out.println(ApiTokens.hash(args[++i]));
          return;
        }
        case "-h", "--help", "help" -> {
          usage(null);
          return;
        }
        default -> usage("unknown argument: " + args[i]);
      }
    }
    switch (command) {
      case "version" -> System.out.println(Gateway.version());
      case "new-token" -> {
        String t = ApiTokens.newToken();
        System.out.println("token:      " + t);
        System.out.println("config:     gateway.api.token-hashes=" + ApiTokens.hash(t));
      }
      default -> run(configFile, debug);
    }
  }

  /**
   * Starts the gateway, or exits with status 2 and one line on stderr saying what is wrong (the
   * exception's stack trace only with {@code --debug} or {@code GATEWAY_DEBUG=1}). Never runs
   * half-started: {@link Gateway} stops what it had started before it throws.
   */
  private static void run(Path configFile, boolean debug) throws InterruptedException {
    Gateway gateway;
    try {
      gateway = Gateway.builder(new GatewayConfig(ConfigSource.load(configFile))).start();
    } catch (Exception | Error e) {
      System.err.println("Cannot start the gateway: " + describe(e));
      if (debug) {
        e.printStackTrace();
      }
      System.exit(2);
      return;
    }
    // SIGTERM / Ctrl-C: finish in-flight requests, then close the store.
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "shutdown"));
    Thread.currentThread().join();
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

  private static void usage(String error) {
    if (error != null) {
      System.err.println(error);
    }
    System.err.println(
        "usage: gateway [run] [--config FILE] [--debug] | version | new-token | hash-token TOKEN");
    if (error != null) {
      System.exit(64);
    }
  }
}
