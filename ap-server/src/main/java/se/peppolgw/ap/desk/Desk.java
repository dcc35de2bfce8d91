package se.peppolgw.ap.desk;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.catalogue.CatalogueCheck;
import se.peppolgw.ap.catalogue.CatalogueApiServlet;
import se.peppolgw.ap.catalogue.CatalogueBuyers;
import se.peppolgw.ap.catalogue.CataloguePublisher;
import se.peppolgw.ap.catalogue.CatalogueResponses;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.desk.web.CataloguePages;
import se.peppolgw.ap.desk.web.DeskPages;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * Starts the desk: its service, its API servlets ({@code /api/orders/*}, {@code
 * /api/order-agreements}, {@code /api/catalogue}) and its pages for clerks and operators ({@code
 * /ops/desk/*}, the catalogue's under {@code /ops/desk/catalogue}).
 */
public final class Desk {
  private final DeskService service;
  private final Map<String, HttpServlet> servlets;
  private final Catalogue catalogue;

  private Desk(DeskService service, Map<String, HttpServlet> servlets, Catalogue catalogue) {
    this.catalogue = catalogue;
    this.service = service;
    this.servlets = Map.copyOf(servlets);
  }

  public static Desk start(
      GatewayConfig config,
      Database db,
      TransmissionStore store,
      OutboundService outbound,
      ApiTokens tokens,
      OpsAuth opsAuth,
      Clock clock) {
    SupplierSettings supplier = SupplierSettings.from(config.source());
    Catalogue catalogue = catalogue(config.punchoutConfigDir());
    // the buyers reject catalogues that break their rules: say so at start-up and on the desk
    CatalogueCheck.checkAndLog(
            catalogue, config.punchoutConfigDir().map(d -> d.resolve("catalogue.json").toString()).orElse("(none)"));
    List<String> ours = config.served().participants().stream().map(ServedParticipant::participantId).toList();
    // the catalogue in use changes when an operator publishes a new one: the desk reads it from here
    CatalogueStore catalogueStore = new CatalogueStore(db, clock);
    CataloguePublisher publisher =
        new CataloguePublisher(catalogue, catalogueStore, outbound, CatalogueBuyers.from(config.source()),
            ours.isEmpty() ? null : ours.get(0), supplier.legalName(),
            supplier.vatId().filter(v -> v.length() >= 2).map(v -> v.substring(0, 2)),
            config.punchoutConfigDir().map(d -> d.resolve("catalogue.json")), clock, supplier.zone());
    DeskService service =
        new DeskService(store, new DeskStore(db, clock), outbound, supplier, publisher::item, clock, supplier.zone());
    Map<String, HttpServlet> s = new LinkedHashMap<>();
    s.put("/api/orders/*", new DeskApiServlet(service, tokens, ours));
    OrderAgreements agreements =
        new OrderAgreements(outbound, new OrderAgreementBuilder(supplier, publisher::item, catalogue.currency()), supplier,
            ours.isEmpty() ? null : ours.get(0), clock);
    CatalogueResponses responses = new CatalogueResponses(new TransmissionQuery(db), store, catalogueStore);
    s.put("/api/catalogue/*", new CatalogueApiServlet(publisher, catalogueStore, responses, tokens));
    s.put("/ops/desk/catalogue/*", new CataloguePages(publisher, catalogueStore, responses, opsAuth, new AuditTrail(db, clock),
        supplier.zone(), config.mode() == Mode.LOCAL));
    s.put("/api/order-agreements/*", new OrderAgreementApiServlet(agreements, tokens, ours));
    // more specific than the operator UI's /ops/*: Jetty picks the longest matching prefix
    s.put(
        "/ops/desk/*",
        new DeskPages(
            service, agreements, new TransmissionQuery(db), publisher::current, opsAuth, new AuditTrail(db, clock),
            ours, supplier.zone(), config.mode() == Mode.LOCAL));
    return new Desk(service, s, catalogue);
  }

  /**
   * The supplier's catalogue (the punch-out's {@code catalogue.json}): substitutes must be in it.
   * Without a punch-out configuration no article can be offered as a substitute.
   */
  static Catalogue catalogue(Optional<Path> punchoutDir) {
    if (punchoutDir.isEmpty()) {
      return new Catalogue("SEK", Map.of(), List.of());
    }
    return Catalogue.load(punchoutDir.get().resolve("catalogue.json"), Json.MAPPER);
  }

  public DeskService service() {
    return service;
  }

  /** The catalogue in use, whose content a publication replaces: the punch-out shop serves it. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** The API and the pages, by path spec. */
  public Map<String, HttpServlet> servlets() {
    return servlets;
  }
}
