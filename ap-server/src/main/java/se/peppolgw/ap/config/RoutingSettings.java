package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * The {@code gateway.routing.*} settings (how a receiver's access point is found), bound once
 * from the configuration (README.md lists every key and default). A wrong value refuses the whole
 * area with one line per problem.
 *
 * @param localLoopback local mode: documents for this gateway's own participants go to its own AS4
 *     endpoint (ignored in test and production mode)
 * @param mode {@code static} (default in local mode), {@code sml} (default otherwise) or {@code
 *     fixed-smp}
 * @param smlZone the SML DNS zone (mode sml); default: the OpenPeppol zone of the gateway mode
 * @param smpUrl the one SMP asked for every participant (mode fixed-smp)
 * @param dnsServer DNS server for the NAPTR lookup ("host[:port]"); default: the system resolver
 * @param smpTruststorePath trust store of SMP signing CAs; default: the Peppol SMP CAs of the network
 * @param verifySmpSignature verify SMP response signatures (only ever false against a test SMP)
 * @param staticTable a static routing table file in smp-lookup's format (mode static)
 * @param staticRoutes the routes given in the configuration (mode static)
 */
public record RoutingSettings(
    boolean localLoopback,
    String mode,
    Optional<String> smlZone,
    Optional<URI> smpUrl,
    Optional<String> dnsServer,
    Optional<Path> smpTruststorePath,
    String smpTruststorePassword,
    boolean verifySmpSignature,
    Duration cacheTtl,
    Duration negativeCacheTtl,
    Optional<Path> staticTable,
    List<StaticRouteConfig> staticRoutes) {

  static final List<String> MODES = List.of("static", "sml", "fixed-smp");

  /** One configured static route (identifier values without scheme). */
  public record StaticRouteConfig(
      String name,
      String participant,
      List<String> documentTypes,
      String process,
      String url,
      Path certificate) {}

  static RoutingSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    String mode =
        p.read(() -> src.get("gateway.routing.mode")
            .map(v -> v.trim().toLowerCase(Locale.ROOT))
            .orElse(c.mode() == Mode.LOCAL ? "static" : "sml"), "static");
    if (!MODES.contains(mode)) {
      p.add("gateway.routing.mode = '" + GatewayConfig.abbreviate(mode) + "' ("
          + src.origin("gateway.routing.mode") + ") is not one of static, sml, fixed-smp");
    }
    RoutingSettings s =
        new RoutingSettings(
            p.read(() -> c.bool("gateway.routing.local-loopback", true), true),
            mode,
            src.get("gateway.routing.sml-zone"),
            p.read(() -> src.get("gateway.routing.smp-url").map(v -> c.uri("gateway.routing.smp-url", v)),
                Optional.empty()),
            src.get("gateway.routing.dns-server"),
            src.get("gateway.routing.smp-truststore.path").map(Path::of),
            src.get("gateway.routing.smp-truststore.password").orElse(""),
            p.read(() -> c.bool("gateway.routing.verify-smp-signature", true), true),
            p.read(() -> Duration.ofSeconds(
                c.longValue("gateway.routing.cache-ttl-seconds", 900, 0, GatewayConfig.WEEK_SECONDS)), null),
            p.read(() -> Duration.ofSeconds(
                c.longValue("gateway.routing.negative-cache-ttl-seconds", 60, 0, GatewayConfig.WEEK_SECONDS)),
                null),
            src.get("gateway.routing.static-table").map(Path::of),
            p.read(() -> staticRoutes(c), List.of()));
    p.throwIfAny();
    return s;
  }

  /**
   * {@code gateway.routing.static-routes=supplier} then per name {@code .participant}, {@code
   * .document-types} (aliases or identifiers), optional {@code .process}, {@code .url} and {@code
   * .certificate} (PEM file of the receiving AP).
   */
  private static List<StaticRouteConfig> staticRoutes(GatewayConfig c) {
    List<StaticRouteConfig> out = new ArrayList<>();
    Problems problems = new Problems();
    for (String name : c.list("gateway.routing.static-routes")) {
      String p = "gateway.routing.static." + name + ".";
      // every missing or wrong part of every route is its own line
      String participant = problems.read(() -> c.required(p + "participant"), null);
      List<String> docTypes = c.list(p + "document-types").stream().map(DocumentTypeAliases::expand).toList();
      if (docTypes.isEmpty()) {
        problems.add(p + "document-types is missing (e.g. order,invoice)");
      }
      String process = c.source().get(p + "process").orElse(null);
      URI url = problems.read(() -> c.uri(p + "url", c.required(p + "url")), null);
      String certificate = problems.read(() -> c.required(p + "certificate"), null);
      if (participant != null && !docTypes.isEmpty() && url != null && certificate != null) {
        out.add(new StaticRouteConfig(name, participant, docTypes, process, url.toString(), Path.of(certificate)));
      }
    }
    problems.throwIfAny();
    return List.copyOf(out);
  }
}
