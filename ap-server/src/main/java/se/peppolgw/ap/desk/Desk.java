package se.peppolgw.ap.desk;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/** Starts the desk: its service and its API servlet (mounted at {@code /api/orders/*}). */
public final class Desk {
  private final DeskService service;
  private final DeskApiServlet servlet;

  private Desk(DeskService service, DeskApiServlet servlet) {
    this.service = service;
    this.servlet = servlet;
  }

  public static Desk start(
      GatewayConfig config, Database db, TransmissionStore store, OutboundService outbound, ApiTokens tokens, Clock clock) {
    SupplierSettings supplier = SupplierSettings.from(config.source());
    Function<String, Optional<CatalogueItem>> catalogue = catalogue(config.punchoutConfigDir());
    DeskService service =
        new DeskService(store, new DeskStore(db, clock), outbound, supplier, catalogue, clock, supplier.zone());
    List<String> ours = config.participants().stream().map(ServedParticipant::participantId).toList();
    return new Desk(service, new DeskApiServlet(service, tokens, ours));
  }

  /**
   * The supplier's catalogue (the punch-out's {@code catalogue.json}): substitutes must be in it.
   * Without a punch-out configuration no article can be offered as a substitute.
   */
  static Function<String, Optional<CatalogueItem>> catalogue(Optional<Path> punchoutDir) {
    if (punchoutDir.isEmpty()) {
      return a -> Optional.empty();
    }
    Catalogue c = Catalogue.load(punchoutDir.get().resolve("catalogue.json"), Json.MAPPER);
    return c::item;
  }

  public DeskService service() {
    return service;
  }

  public DeskApiServlet servlet() {
    return servlet;
  }
}
