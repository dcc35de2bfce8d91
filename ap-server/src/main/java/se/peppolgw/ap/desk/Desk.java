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
import se.peppolgw.ap.catalogue.CatalogueProblem;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.desk.web.DeskPages;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * Starts the desk: its service, its API servlet ({@code /api/orders/*}) and its pages for clerks
 * and operators ({@code /ops/desk/*}).
 */
public final class Desk {
  private final DeskService service;
  private final Map<String, HttpServlet> servlets;

  private Desk(DeskService service, Map<String, HttpServlet> servlets) {
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
    List<CatalogueProblem> catalogueProblems =
        CatalogueCheck.checkAndLog(
            catalogue, config.punchoutConfigDir().map(d -> d.resolve("catalogue.json").toString()).orElse("(none)"));
    DeskService service =
        new DeskService(store, new DeskStore(db, clock), outbound, supplier, catalogue::item, clock, supplier.zone());
    List<String> ours = config.served().participants().stream().map(ServedParticipant::participantId).toList();
    Map<String, HttpServlet> s = new LinkedHashMap<>();
    s.put("/api/orders/*", new DeskApiServlet(service, tokens, ours));
    OrderAgreements agreements =
        new OrderAgreements(outbound, new OrderAgreementBuilder(supplier, catalogue::item, catalogue.currency()), supplier,
            ours.isEmpty() ? null : ours.get(0), clock);
    s.put("/api/order-agreements/*", new OrderAgreementApiServlet(agreements, tokens, ours));
    // more specific than the operator UI's /ops/*: Jetty picks the longest matching prefix
    s.put(
        "/ops/desk/*",
        new DeskPages(
            service, agreements, new TransmissionQuery(db, clock), catalogue, opsAuth, new AuditTrail(db, clock), ours,
            supplier.zone(), config.mode() == Mode.LOCAL, catalogueProblems));
    return new Desk(service, s);
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

  /** The API and the pages, by path spec. */
  public Map<String, HttpServlet> servlets() {
    return servlets;
  }
}
