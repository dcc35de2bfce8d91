package se.peppolgw.ap.catalogue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.ap.store.CatalogueStore.Sent;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Publishes an uploaded catalogue: checks it against the buyers' catalogue rules, builds a Peppol
 * BIS Catalogue for each configured buyer and checks each as the outbox would (Peppol BIS, the
 * buyer's rules) — all before anything is stored or sent, so a catalogue that fails for one buyer
 * goes to none. Then it stores the new version, submits the catalogues through the outbox, makes
 * the upload the desk's current catalogue and replaces the shop's {@code catalogue.json}
 * atomically. The shop on this node shares the desk's catalogue instance and serves the new one from
 * the next request; other nodes of a cluster read the file at their next start.
 *
 * <p>Publications are made one at a time on this node; across nodes the version number is the
 * primary key, so a second node publishing the same version fails instead of overwriting.
 */
public final class CataloguePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CataloguePublisher.class);
  private static final ObjectMapper FILE_JSON =
      Json.MAPPER.copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL).enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** Shared with the punch-out shop: publishing replaces its content, so the shop serves it at once. */
  private final Catalogue inUse;
  private final CatalogueStore store;
  private final OutboundService outbound;
  private final BisCatalogueBuilder builder = new BisCatalogueBuilder();
  private final CatalogueBuyers buyers;
  private final String seller;
  private final Optional<String> sellerName;
  private final Optional<String> sellerCountry;
  private final Optional<Path> shopFile;
  private final Clock clock;
  private final ZoneId zone;

  /**
   * @param seller the participant the catalogues are sent from (the first one this gateway serves), or null
   * @param sellerCountry the SBDH's sender country (from the supplier's VAT id)
   * @param shopFile the punch-out shop's {@code catalogue.json}, if the gateway has a punch-out configuration
   */
  public CataloguePublisher(
      Catalogue initial, CatalogueStore store, OutboundService outbound, CatalogueBuyers buyers, String seller,
      Optional<String> sellerName, Optional<String> sellerCountry, Optional<Path> shopFile, Clock clock, ZoneId zone) {
    this.inUse = initial;
    this.store = store;
    this.outbound = outbound;
    this.buyers = buyers;
    this.seller = seller;
    this.sellerName = sellerName;
    this.sellerCountry = sellerCountry;
    this.shopFile = shopFile;
    this.clock = clock;
    this.zone = zone;
  }

  /** The catalogue in use (the desk's substitutes and order agreements read it). */
  public Catalogue current() {
    return inUse;
  }

  public Optional<CatalogueItem> item(String articleNumber) {
    return inUse.item(articleNumber);
  }

  public CatalogueBuyers buyers() {
    return buyers;
  }

  /** Whether the shop's file is replaced on publishing (else there is no punch-out configuration). */
  public boolean writesShopFile() {
    return shopFile.isPresent();
  }

  /**
   * An upload compared with the current catalogue, before publishing.
   *
   * @param baseVersion the published version the diff was made against: publishing refuses when
   *     another publication came in between
   */
  public record Review(Catalogue upload, CatalogueDiff diff, List<CatalogueProblem> problems, int baseVersion) {
    public boolean publishable() {
      return problems.isEmpty() && !diff.empty();
    }
  }

  public Review review(Catalogue upload) {
    return new Review(upload, CatalogueDiff.between(inUse, upload), CatalogueCheck.check(upload), store.latestVersion());
  }

  /** What a publication did. */
  public record Published(int version, CatalogueDiff diff, List<Sent> sent, boolean shopFileReplaced) {}

  /**
   * Publishes the upload.
   *
   * @param baseVersion the version the operator saw the differences against (null: do not check)
   */
  public synchronized Published publish(Catalogue upload, Integer baseVersion, String who) throws PublishRefused {
    Review r = review(upload);
    if (baseVersion != null && baseVersion != r.baseVersion()) {
      throw new PublishRefused(409, "version " + r.baseVersion() + " was published since these differences were shown"
          + " (against version " + baseVersion + "); upload again to see the differences to the current catalogue", List.of());
    }
    if (!r.problems().isEmpty()) {
      throw new PublishRefused(422, r.problems().size() + " problem(s) with the buyers' catalogue rules; the buyers"
          + " reject such a catalogue", r.problems().stream().map(CatalogueProblem::message).toList());
    }
    if (r.diff().empty()) {
      throw new PublishRefused(409, "the upload is the same as the current catalogue: nothing to publish", List.of());
    }
    int version = r.baseVersion() + 1;
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    SenderScope scope = SenderScope.of("catalogue:" + who, seller == null ? List.of() : List.of(seller), List.of());
    Map<CatalogueBuyers.Buyer, byte[]> documents = new LinkedHashMap<>();
    if (!buyers.buyers().isEmpty()) {
      if (seller == null || sellerName.isEmpty()) {
        throw new PublishRefused(409, "to send the catalogue, this gateway needs a participant (gateway.participants) and"
            + " the supplier's legal name (gateway.supplier.legal-name)", List.of());
      }
      List<String> failures = new ArrayList<>();
      int n = 0;
      for (CatalogueBuyers.Buyer b : buyers.buyers()) {
        n++;
        byte[] xml = builder.build(upload, catalogueId(today, version, n), version, seller, sellerName.get(),
            b.participant(), b.name(), today);
        try {
          outbound.check(xml, overrides(), scope);
          documents.put(b, xml);
        } catch (OutboundRejection e) {
          failures.add(b.participant() + ": " + e.title() + ": " + e.detail() + findings(e));
        }
      }
      if (!failures.isEmpty()) {
        throw new PublishRefused(422, "the BIS Catalogue fails its checks, so it is sent to no buyer", failures);
      }
    }
    String content = json(upload);
    store.addVersion(version, who, upload.items().size(), r.diff().summary(), content);
    List<Sent> sent = new ArrayList<>();
    int n = 0;
    for (Map.Entry<CatalogueBuyers.Buyer, byte[]> d : documents.entrySet()) {
      n++;
      String id = catalogueId(today, version, n);
      Sent s;
      try {
        OutboundService.Accepted a = outbound.submit(d.getValue(), overrides(), false, "catalogue publication " + version, scope);
        s = new Sent(version, id, d.getKey().participant(), a.transmissionId(), null, null);
      } catch (OutboundRejection e) {
        s = new Sent(version, id, d.getKey().participant(), null, null, shorten(e.title() + ": " + e.detail()));
      }
      store.addSent(s);
      sent.add(s);
    }
    inUse.replaceWith(upload);
    boolean replaced = replaceShopFile(content);
    LOG.info("Catalogue: version {} ({} articles, {}) published by {}; sent to {} buyer(s); shop file {}",
        version, upload.items().size(), r.diff().summary(), who, sent.size(), replaced ? "replaced" : "not replaced");
    return new Published(version, r.diff(), List.copyOf(sent), replaced);
  }

  /** Why a publication was refused; nothing was stored or sent. */
  public static final class PublishRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final List<String> problems;

    PublishRefused(int status, String message, List<String> problems) {
      super(message);
      this.status = status;
      this.problems = List.copyOf(problems);
    }

    public int status() {
      return status;
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** The BIS Catalogue's cbc:ID: unique per publication day, version and buyer. */
  static String catalogueId(LocalDate day, int version, int buyer) {
    return "CAT-" + DAY.format(day) + "-" + version + "-" + buyer;
  }

  private RoutingOverrides overrides() {
    return sellerCountry.map(c -> RoutingOverrides.from(Map.of(RoutingOverrides.COUNTRY_C1, c))).orElse(RoutingOverrides.NONE);
  }

  private static String findings(OutboundRejection e) {
    Object errors = e.extra() == null ? null : e.extra().get("errors");
    Object rules = e.extra() == null ? null : e.extra().get("buyerRules");
    return (errors == null ? "" : " " + errors) + (rules == null ? "" : " " + rules);
  }

  private static String shorten(String s) {
    return s.length() > 2000 ? s.substring(0, 1999) + "…" : s;
  }

  /** The catalogue in the shop's catalogue.json format. */
  public static String json(Catalogue c) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("currency", c.currency());
    file.put("unspscNames", c.unspscNames());
    file.put("items", c.items());
    try {
      return FILE_JSON.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the catalogue as JSON", e);
    }
  }

  /** Written next to the file and moved over it, so the shop never reads half a catalogue. */
  private boolean replaceShopFile(String content) {
    if (shopFile.isEmpty()) {
      return false;
    }
    Path file = shopFile.get();
    Path tmp = file.resolveSibling(file.getFileName() + ".publishing");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      LOG.error("Catalogue: published, but the shop's {} could not be replaced: {}", file, e.toString());
      return false;
    }
  }
}
