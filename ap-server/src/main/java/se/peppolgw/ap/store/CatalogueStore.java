package se.peppolgw.ap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Published catalogue versions and the BIS Catalogue sent to each buyer (V70). */
public final class CatalogueStore {
  private final Database db;
  private final Clock clock;

  public CatalogueStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A published version, without its content; its transmissions with their current state. */
  public record Publication(
      int version, String publishedBy, Instant publishedAt, int articleCount, String summary, List<Sent> sent) {}

  /**
   * The BIS Catalogue for one buyer.
   *
   * @param transmissionId null when it was not sent ({@code problem} says why)
   * @param state the transmission's state (null when not sent or purged)
   */
  public record Sent(
      int version, String catalogueId, String buyer, String transmissionId, TransmissionState state, String problem) {}

  /** The newest published version number, 0 before the first publication. */
  public int latestVersion() {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM catalogue_version");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
          }
        });
  }

  /**
   * Stores a new version; fails (a unique violation, as {@link StoreException}) when {@code
   * version} was taken meanwhile.
   */
  public void addVersion(int version, String publishedBy, int articleCount, String summary, String content) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c -> Jdbc.update(c,
            "INSERT INTO catalogue_version (version, published_by, published_at, article_count, summary, content)"
                + " VALUES (?,?,?,?,?,?)",
            version, publishedBy, now, articleCount, summary, content));
  }

  public void addSent(Sent s) {
    Jdbc.inTransaction(
        db,
        c -> Jdbc.update(c,
            "INSERT INTO catalogue_transmission (catalogue_id, version, buyer, transmission_id, problem) VALUES (?,?,?,?,?)",
            s.catalogueId(), s.version(), s.buyer(), s.transmissionId(), s.problem()));
  }

  /** The newest {@code limit} publications, newest first. */
  public List<Publication> publications(int limit) {
    return Jdbc.inTransaction(
        db,
        c -> {
          Map<Integer, Publication> out = new LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT version, published_by, published_at, article_count, summary FROM catalogue_version"
                  + " ORDER BY version DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getInt("version"), new Publication(rs.getInt("version"), rs.getString("published_by"),
                    Jdbc.instant(rs, "published_at"), rs.getInt("article_count"), rs.getString("summary"), new ArrayList<>()));
              }
            }
          }
          if (out.isEmpty()) {
            return List.<Publication>of();
          }
          int oldest = out.keySet().stream().mapToInt(Integer::intValue).min().orElse(0);
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT s.catalogue_id, s.version, s.buyer, s.transmission_id, s.problem, t.state"
                  + " FROM catalogue_transmission s LEFT JOIN transmission t ON t.id = s.transmission_id"
                  + " WHERE s.version >= ? ORDER BY s.version, s.catalogue_id")) {
            Jdbc.bind(ps, oldest);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Publication p = out.get(rs.getInt("version"));
                if (p != null) {
                  String state = rs.getString("state");
                  p.sent().add(new Sent(rs.getInt("version"), rs.getString("catalogue_id"), rs.getString("buyer"), rs.getString("transmission_id"),
                      state == null ? null : TransmissionState.valueOf(state), rs.getString("problem")));
                }
              }
            }
          }
          return out.values().stream()
              .map(p -> new Publication(p.version(), p.publishedBy(), p.publishedAt(), p.articleCount(), p.summary(),
                  List.copyOf(p.sent())))
              .toList();
        });
  }

  /** Which publication sent the BIS Catalogue with this id (a Catalogue Response refers to it). */
  public Optional<Sent> sent(String catalogueId) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT s.catalogue_id, s.version, s.buyer, s.transmission_id, s.problem, t.state FROM catalogue_transmission s"
                  + " LEFT JOIN transmission t ON t.id = s.transmission_id WHERE s.catalogue_id = ?")) {
            Jdbc.bind(ps, catalogueId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Sent>empty();
              }
              String state = rs.getString("state");
              return Optional.of(new Sent(rs.getInt("version"), rs.getString("catalogue_id"), rs.getString("buyer"), rs.getString("transmission_id"),
                  state == null ? null : TransmissionState.valueOf(state), rs.getString("problem")));
            }
          }
        });
  }
}
