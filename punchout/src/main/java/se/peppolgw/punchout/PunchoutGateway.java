package se.peppolgw.punchout;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.buyer.BuyerDirectory;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueCheck;
import se.peppolgw.punchout.cxml.CxmlCartRenderer;
import se.peppolgw.punchout.cxml.CxmlDocuments;
import se.peppolgw.punchout.cxml.CxmlSetupHandler;
import se.peppolgw.punchout.json.PunchoutJson;
import se.peppolgw.punchout.oci.OciCartRenderer;
import se.peppolgw.punchout.oci.OciSetup;
import se.peppolgw.punchout.peppol.PeppolCartDocument;
import se.peppolgw.punchout.peppol.PeppolCartRenderer;
import se.peppolgw.punchout.peppol.PeppolSetup;
import se.peppolgw.punchout.security.CredentialCheck;
import se.peppolgw.punchout.security.LoginThrottle;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.transfer.CartTransferService;
import se.peppolgw.punchout.web.PunchoutServlet;
import se.peppolgw.punchout.web.ShopServlet;

/**
 * The punch-out gateway as the server mounts it: build one from {@link PunchoutSettings} and a
 * {@link PunchoutEventLog}, then register every {@link #servlets()} entry under its path spec
 * ({@code /punchout/*} and {@code /shop/*}). Reads {@code buyers/*.json}, {@code catalogue.json} and
 * {@code supplier.json} from the settings' config directory once, at construction (the catalogue's
 * content can be replaced later, see {@link Catalogue#replaceWith}).
 */
public final class PunchoutGateway {
  public static final String PUNCHOUT_PATH_SPEC = "/punchout/*";
  public static final String SHOP_PATH_SPEC = "/shop/*";

  private final PunchoutSettings settings;
  private final BuyerDirectory buyers;
  private final Catalogue catalogue;
  private final SessionRegistry sessions;
  private final PunchoutServlet punchoutServlet;
  private final ShopServlet shopServlet;

  /** A gateway that keeps sessions and failed logins in this node's memory. */
  public PunchoutGateway(PunchoutSettings settings, PunchoutEventLog eventLog) {
    this(settings, eventLog, PunchoutStores.inMemory());
  }

  /** A gateway that keeps sessions and failed logins in {@code stores} (shared by every node). */
  public PunchoutGateway(PunchoutSettings settings, PunchoutEventLog eventLog, PunchoutStores stores) {
    this(settings, eventLog, stores, Catalogue.load(settings.configDir().resolve("catalogue.json"), PunchoutJson.mapper()));
  }

  /**
   * As above, serving {@code catalogue}: the caller may {@link Catalogue#replaceWith replace} its
   * content later (a published catalogue) and the shop serves the new one from the next request.
   */
  public PunchoutGateway(PunchoutSettings settings, PunchoutEventLog eventLog, PunchoutStores stores, Catalogue catalogue) {
    this.settings = settings;
    ObjectMapper json = PunchoutJson.mapper();
    Path dir = settings.configDir();
    this.buyers = BuyerDirectory.load(dir.resolve("buyers"), json);
    this.catalogue = catalogue;
    SupplierIdentity supplier = loadSupplier(dir.resolve("supplier.json"), json);
    String base = settings.publicBaseUrl().toString();

    this.sessions = new SessionRegistry(settings.clock(), settings.startUrlTtl(), settings.sessionIdleTtl(), eventLog,
        stores.sessions(), buyers::byId);
    CredentialCheck credentials = new CredentialCheck(new LoginThrottle(settings.clock(), settings.maxFailedLogins(),
        settings.failedLoginWindow(), stores.loginFailures()));
    CxmlDocuments cxmlDocuments = new CxmlDocuments(settings.clock(), settings.publicBaseUrl().getHost());
    CartTransferService transfers = new CartTransferService(sessions, eventLog, Map.of(
        Protocol.OCI, new OciCartRenderer(),
        Protocol.CXML, new CxmlCartRenderer(cxmlDocuments, supplier),
        Protocol.PEPPOL, new PeppolCartRenderer(new PeppolCartDocument(settings.clock()), supplier)),
        new CatalogueCheck(catalogue));
    CxmlSetupHandler cxml = new CxmlSetupHandler(buyers, sessions, credentials, eventLog, cxmlDocuments,
        token -> base + "/punchout/start/" + token,
        (buyer, article) -> new BuyerCatalogue(catalogue, buyer).item(article));
    this.punchoutServlet = new PunchoutServlet(buyers, catalogue, sessions, new OciSetup(sessions, credentials, eventLog),
        new PeppolSetup(sessions, credentials, eventLog), cxml, transfers, json, base);
    this.shopServlet = new ShopServlet(catalogue, sessions, transfers, base);
  }

  private static SupplierIdentity loadSupplier(Path file, ObjectMapper json) {
    if (!Files.isRegularFile(file)) {
      return new SupplierIdentity(null, null, null, null, null, null);
    }
    try {
      return json.readValue(file.toFile(), SupplierIdentity.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The servlets to register, with their path specs. */
  public List<ServletMount> servlets() {
    return List.of(new ServletMount(PUNCHOUT_PATH_SPEC, punchoutServlet), new ServletMount(SHOP_PATH_SPEC, shopServlet));
  }

  public PunchoutSettings settings() {
    return settings;
  }

  public BuyerDirectory buyers() {
    return buyers;
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  public SessionRegistry sessions() {
    return sessions;
  }
}
