package se.peppolgw.punchout.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import se.peppolgw.punchout.InMemoryPunchoutEventLog;
import se.peppolgw.punchout.PunchoutGateway;
import se.peppolgw.punchout.PunchoutSettings;
import se.peppolgw.punchout.PunchoutStores;
import se.peppolgw.punchout.ServletMount;
import se.peppolgw.punchout.security.SecretHasher;

/**
 * The gateway on a real Jetty on a free loopback port, with test buyer profiles whose return URLs point at
 * {@link ReturnEndpoint} ({@code /buyer/return/...}) on the same server, and the sample catalogue plus a few
 * test articles (one without VAT rate, one with a many-decimal price, one with emoji in the name).
 */
public final class TestGateway implements AutoCloseable {
  public static final String OCI3_USER = "oci3user";
  public static final String OCI3_SECRET = "oci3-secret";
  public static final String OCI4_USER = "oci4user";
  public static final String OCI4_SECRET = "oci4-secret";
  public static final String CXML_SECRET = "cxml-secret";
  public static final String PEPPOL_USER = "peppoluser";
  public static final String PEPPOL_SECRET = "peppol-secret";
  /** API secret of the external shop of the buyers {@code t-shop-trust}, {@code t-shop-cat}, {@code t-shop-cxml}. */
  public static final String SHOP_API_SECRET = "shop-api-secret-0123456789";

  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T09:00:00Z"));
  public final InMemoryPunchoutEventLog events = new InMemoryPunchoutEventLog();
  public final ReturnEndpoint returnEndpoint = new ReturnEndpoint();
  /** Sessions and failed logins, open to tests that look at what is stored. */
  public final PunchoutStores stores = PunchoutStores.inMemory();
  public final String base;
  public final String httpBase;
  public final PunchoutGateway gateway;
  private final Server server;
  private final Path configDir;
  private final int hashIterations;

  public TestGateway() {
    this(1000);
  }

  /** @param hashIterations PBKDF2 cost of the test buyers' secrets (production default: 60 000) */
  public TestGateway(int hashIterations) {
    this(hashIterations, false);
  }

  /**
   * @param advertiseHttps publish an https base URL (as behind a TLS proxy) while serving plain http: requests
   *                       must then use {@link #httpBase}
   */
  public TestGateway(int hashIterations, boolean advertiseHttps) {
    this.hashIterations = hashIterations;
    try {
      // bound first, its port read afterwards: a port probed and closed before the bind can be
      // taken by an outgoing connection in between
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      connector.open();
      int port = connector.getLocalPort();
      httpBase = "http://127.0.0.1:" + port;
      base = (advertiseHttps ? "https" : "http") + "://127.0.0.1:" + port;
      configDir = Files.createTempDirectory("punchout-config");
      writeConfig(configDir);
      PunchoutSettings settings = new PunchoutSettings(URI.create(base), configDir, clock, Duration.ofMinutes(5),
          Duration.ofMinutes(60), 5, Duration.ofMinutes(15));
      gateway = new PunchoutGateway(settings, events, stores);
      ServletContextHandler context = new ServletContextHandler("/");
      for (ServletMount m : gateway.servlets()) {
        context.addServlet(new ServletHolder(m.servlet()), m.pathSpec());
      }
      context.addServlet(new ServletHolder(returnEndpoint), "/buyer/return/*");
      server.setHandler(context);
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start test gateway", e);
    }
  }

  public String returnUrl(String name) {
    return base + "/buyer/return/" + name;
  }

  /** The project's config/punchout (sample profiles and catalogue). */
  public static Path sampleConfigDir() {
    Path here = Path.of(System.getProperty("user.dir"));
    Path fromRoot = here.resolve("config/punchout");
    return Files.isDirectory(fromRoot) ? fromRoot : here.resolve("../config/punchout").normalize();
  }

  private void writeConfig(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir.resolve("buyers"));
    ObjectNode catalogue = (ObjectNode) json.readTree(sampleConfigDir().resolve("catalogue.json").toFile());
    ArrayNode items = (ArrayNode) catalogue.get("items");
    items.addObject().put("articleNumber", "T-NOVAT").put("name", "Artikel utan momssats").put("price", 10)
        .put("unit", "EA").put("unspsc", "44121704");
    items.addObject().put("articleNumber", "T-DEC").put("name", "Skruv M3, styckpris").put("price", new java.math.BigDecimal("0.123456"))
        .put("unit", "EA").put("vatRate", 25).put("unspsc", "31161500");
    items.addObject().put("articleNumber", "T-EMOJI").put("name", "Smörgåstårta 🎂 ÅÄÖ åäö – ½").put("price", new java.math.BigDecimal("455.00"))
        .put("unit", "EA").put("vatRate", 12).put("unspsc", "50192100").put("longDescription", "Räcker till 12 personer 😀, «beställ» <i>senast</i> & i tid");
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("catalogue.json").toFile(), catalogue);
    Files.copy(sampleConfigDir().resolve("supplier.json"), dir.resolve("supplier.json"));

    ObjectNode oci3 = buyer(json, "t-oci3", "Testregionen OCI 3", "OCI", "3.0", OCI3_USER, OCI3_SECRET, "oci3");
    oci3.putObject("oci").put("defaultCharset", "ISO-8859-1").put("vatRateField", "CUST_FIELD1")
        .put("unspscField", "MATGROUP").put("vendorNumber", "4711");
    write(json, dir, oci3);
    ObjectNode oci4 = buyer(json, "t-oci4", "Testkommunen OCI 4", "OCI", "4.0", OCI4_USER, OCI4_SECRET, "oci4");
    oci4.putObject("oci").put("usernameField", "username").put("passwordField", "password").put("defaultCharset", "UTF-8")
        .put("vatRateField", "TAX_RATE").put("unspscField", "EXT_CATEGORY").put("hookUrlQuery", "AS_HIDDEN_FIELDS");
    oci4.putArray("assortment");
    write(json, dir, oci4);
    // the same OCI 4.0 buyer, shopping in English
    ObjectNode ociEn = buyer(json, "t-oci-en", "County Council EN", "OCI", "4.0", OCI4_USER, OCI4_SECRET, "oci-en");
    ociEn.put("language", "en");
    ociEn.putObject("oci").put("usernameField", "username").put("passwordField", "password").put("defaultCharset", "UTF-8")
        .put("vatRateField", "TAX_RATE");
    write(json, dir, ociEn);
    ObjectNode cx = buyer(json, "t-cxml", "Region cXML", "CXML", "1.2.071", null, CXML_SECRET, "cxml");
    cx.putObject("cxml").put("fromDomain", "NetworkID").put("fromIdentity", "buyer-cxml").put("transport", "BASE64");
    write(json, dir, cx);
    ObjectNode cxu = buyer(json, "t-cxml-url", "Region cXML urlencoded", "CXML", "1.2.069", null, CXML_SECRET, "cxml-url");
    cxu.putObject("cxml").put("fromDomain", "DUNS").put("fromIdentity", "buyer-cxml-url").put("transport", "URLENCODED");
    write(json, dir, cxu);
    ObjectNode pp = buyer(json, "t-peppol", "Region Peppol", "PEPPOL", "3", PEPPOL_USER, PEPPOL_SECRET, "peppol");
    pp.putObject("peppol").put("receiverEndpointScheme", "0007").put("receiverEndpointId", "2321000016")
        .put("receiverName", "Region Peppol");
    write(json, dir, pp);
    // the supplier's own shop (cart API): OCI 4.0 trusting the shop's prices, OCI 4.0 checked against the
    // catalogue with a contract price and a contracted assortment, cXML trusting the shop
    ObjectNode trust = buyer(json, "t-shop-trust", "Extern butik, butikens priser", "OCI", "4.0", OCI4_USER, OCI4_SECRET, "shop-trust");
    trust.putObject("oci").put("usernameField", "username").put("passwordField", "password").put("defaultCharset", "UTF-8")
        .put("vatRateField", "TAX_RATE");
    externalShop(trust, "TRUST_SHOP");
    write(json, dir, trust);
    ObjectNode cat = buyer(json, "t-shop-cat", "Extern butik, katalogpriser", "OCI", "4.0", OCI4_USER, OCI4_SECRET, "shop-cat");
    cat.putObject("oci").put("usernameField", "username").put("passwordField", "password").put("defaultCharset", "UTF-8")
        .put("vatRateField", "TAX_RATE");
    cat.putArray("assortment").add("100-2001").add("100-2002").add("300-4003");
    cat.putObject("prices").put("100-2001", new java.math.BigDecimal("42.50"));
    externalShop(cat, "CATALOGUE");
    write(json, dir, cat);
    ObjectNode cxs = buyer(json, "t-shop-cxml", "Extern butik cXML", "CXML", "1.2.071", null, CXML_SECRET, "shop-cxml");
    cxs.putObject("cxml").put("fromDomain", "NetworkID").put("fromIdentity", "buyer-cxml-shop").put("transport", "BASE64");
    externalShop(cxs, "TRUST_SHOP");
    write(json, dir, cxs);
    ObjectNode https = buyer(json, "t-https", "Strict https buyer", "OCI", "4.0", OCI4_USER, OCI4_SECRET, "https");
    https.put("requireHttps", true);
    https.putArray("allowedReturnUrls").add("https://buyer.example.se/return").add(base + "/buyer/return/https");
    write(json, dir, https);
  }

  /** Where the external shop lives (nothing answers there: tests read the start redirect's Location). */
  public String shopUrl() {
    return base + "/supplier-shop/start";
  }

  private void externalShop(ObjectNode buyer, String priceCheck) {
    buyer.putObject("externalShop").put("url", shopUrl())
        .put("apiSecretHash", SecretHasher.hash(SHOP_API_SECRET, hashIterations)).put("priceCheck", priceCheck);
  }

  private ObjectNode buyer(ObjectMapper json, String id, String name, String protocol, String version, String user,
      String secret, String returnName) {
    ObjectNode b = json.createObjectNode();
    b.put("id", id).put("name", name).put("protocol", protocol).put("protocolVersion", version);
    if (user != null) {
      b.put("username", user);
    }
    b.put("secretHash", SecretHasher.hash(secret, hashIterations));
    b.putArray("allowedReturnUrls").add(returnUrl(returnName));
    b.put("requireHttps", false).put("currency", "SEK").put("language", "sv");
    return b;
  }

  private static void write(ObjectMapper json, Path dir, ObjectNode buyer) throws IOException {
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("buyers").resolve(buyer.get("id").asText() + ".json").toFile(), buyer);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.walk(configDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
