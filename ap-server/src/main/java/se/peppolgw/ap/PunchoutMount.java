package se.peppolgw.ap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.http.JettyServer;
import se.peppolgw.ap.store.PunchoutLoginFailureStore;
import se.peppolgw.ap.store.PunchoutEventStore;
import se.peppolgw.ap.store.PunchoutSessionStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.punchout.PunchoutGateway;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.PunchoutSettings;
import se.peppolgw.punchout.PunchoutStores;
import se.peppolgw.punchout.ServletMount;

/**
 * Punch-out needs the public URL for its links, so it is mounted once the port is bound (and
 * before anything is served). A configuration error in its files stops the start.
 */
final class PunchoutMount {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private PunchoutMount() {}

  /**
   * Mounts punch-out's servlets when configured; true when mounted. The shop serves {@code catalogue},
   * the instance the desk publishes into.
   */
  static boolean mount(GatewayConfig config, Database db, Clock clock, JettyServer http, Catalogue catalogue) {
    Optional<Path> dir = config.punchoutConfigDir();
    if (dir.isEmpty()) {
      LOG.info("Punch-out is off (gateway.punchout.config-dir not found or set to none)");
      return false;
    }
    URI base = config.http().publicUrl().orElse(http.localUrl());
    // sessions, carts and failed logins in the shared database: any node serves any request
    PunchoutStores stores = new PunchoutStores(new PunchoutSessionStore(db), new PunchoutLoginFailureStore(db));
    PunchoutGateway punchout;
    try {
      punchout =
          new PunchoutGateway(
              PunchoutSettings.of(base, dir.get()).withClock(clock), new PunchoutEventStore(db), stores, catalogue);
    } catch (RuntimeException e) {
      throw PunchoutConfigProblem.describe(dir.get(), e);
    }
    for (ServletMount m : punchout.servlets()) {
      http.addServlet(m.pathSpec(), m.servlet());
    }
    LOG.info("Punch-out mounted at {}/punchout and {}/shop (configuration {})", base, base,
        dir.get());
    return true;
  }
}
