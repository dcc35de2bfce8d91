package se.peppolgw.ap.mls;

import com.helger.peppol.sbdh.EPeppolMLSType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * What this gateway asks of the receiving access points about Message Level Status, and how long
 * it waits for an answer.
 *
 * @param serviceProviderId our MLS participant ({@code MLS_TO}): {@code 0242:<SPIS id>}
 * @param defaultType MLS_TYPE for every document type without an override
 * @param typeByDocumentType MLS_TYPE overrides, keyed by full document type identifier
 * @param expectedWithin how long after delivery an MLS asked for with ALWAYS_SEND may take before
 *     the transmission is flagged
 */
public record MlsSettings(
    String serviceProviderId,
    EPeppolMLSType defaultType,
    Map<String, EPeppolMLSType> typeByDocumentType,
    Duration expectedWithin) {
  public static final String SERVICE_PROVIDER_ID = "gateway.mls.service-provider-id";
  public static final String TYPE_DEFAULT = "gateway.mls.type.default";
  public static final String TYPE_PREFIX = "gateway.mls.type.";
  public static final String EXPECTED_WITHIN = "gateway.mls.expected-within";
  /** Our default wait for an MLS; configurable because the service level is the network's. */
  public static final Duration DEFAULT_EXPECTED_WITHIN = Duration.ofHours(24);

  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,6})\\s*([mhd])");

  public MlsSettings {
    typeByDocumentType = Map.copyOf(typeByDocumentType);
  }

  /**
   * The MLS_TYPE to write for a document type; empty for an MLS itself, which never asks for an
   * MLS (an MLS is never answered with an MLS, MLS specification chapter 3).
   */
  public Optional<EPeppolMLSType> typeFor(String documentTypeId) {
    if (MlsIds.isMls(documentTypeId)) {
      return Optional.empty();
    }
    return Optional.of(typeByDocumentType.getOrDefault(documentTypeId, defaultType));
  }

  /** Our service provider participant: receives the MLS document type only. */
  public ServedParticipant servedParticipant() {
    return new ServedParticipant("mls-service-provider", serviceProviderId, Set.of(MlsIds.DOCUMENT_TYPE_ID));
  }

  /**
   * The configured participants plus our service provider participant for MLS (unless it is
   * configured itself), so that inbound checks and local routing accept MLS answers to us.
   */
  public List<ServedParticipant> servedWith(List<ServedParticipant> configured) {
    if (configured.stream().anyMatch(p -> p.isParticipant(serviceProviderId))) {
      return configured;
    }
    List<ServedParticipant> all = new ArrayList<>(configured);
    all.add(servedParticipant());
    return List.copyOf(all);
  }

  /** Reads the {@code gateway.mls.*} keys; {@code seatId} is the CN of our AP certificate. */
  public static MlsSettings from(ConfigSource src, String seatId) {
    String spId = src.get(SERVICE_PROVIDER_ID).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
    if (spId == null) {
      try {
        spId = MlsIds.serviceProviderIdOfSeat(seatId);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(SERVICE_PROVIDER_ID + " is not set and cannot be derived: " + e.getMessage());
      }
    } else if (!MlsIds.isServiceProviderId(spId)) {
      throw new ConfigException(
          SERVICE_PROVIDER_ID + " = '" + abbreviate(spId) + "' (" + src.origin(SERVICE_PROVIDER_ID)
              + ") is not a Peppol service provider identifier (0242: and the SPIS id, e.g."
              + " 0242:000123)");
    }
    EPeppolMLSType def = type(src, TYPE_DEFAULT).orElse(EPeppolMLSType.DEFAULT);
    Map<String, EPeppolMLSType> byType = new LinkedHashMap<>();
    for (Map.Entry<String, String> alias : DocumentTypeAliases.all().entrySet()) {
      type(src, TYPE_PREFIX + alias.getKey()).ifPresent(t -> byType.put(alias.getValue(), t));
    }
    return new MlsSettings(spId, def, byType, expectedWithin(src));
  }

  private static Optional<EPeppolMLSType> type(ConfigSource src, String key) {
    Optional<String> v = src.get(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    EPeppolMLSType t = EPeppolMLSType.getFromIDOrNull(v.get().toUpperCase(Locale.ROOT));
    if (t == null) {
      throw new ConfigException(
          key + " = '" + abbreviate(v.get()) + "' (" + src.origin(key) + ") is not an MLS_TYPE:"
              + " ALWAYS_SEND or FAILURE_ONLY");
    }
    return Optional.of(t);
  }

  /** {@code gateway.mls.expected-within}: how long after delivery an MLS may take. */
  public static Duration expectedWithin(ConfigSource src) {
    Optional<String> v = src.get(EXPECTED_WITHIN);
    if (v.isEmpty()) {
      return DEFAULT_EXPECTED_WITHIN;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SHORT_DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(90)) > 0) {
      throw new ConfigException(
          EXPECTED_WITHIN + " = '" + abbreviate(v.get()) + "' (" + src.origin(EXPECTED_WITHIN)
              + ") is not a duration between 1 minute and 90 days (e.g. 24h, 90m, 2d or PT24H)");
    }
    return d;
  }

  private static String abbreviate(String v) {
    return v.length() <= 80 ? v : v.substring(0, 80) + "…";
  }
}
