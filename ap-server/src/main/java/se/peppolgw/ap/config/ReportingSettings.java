package se.peppolgw.ap.config;

import com.helger.peppol.reporting.api.CPeppolReporting;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Peppol Reporting ({@code gateway.reporting.*}), bound once from the configuration (README.md
 * lists every key and default). A wrong value refuses the whole area with one line per problem.
 *
 * @param dayOfMonth the day of the month the previous month's reports are built and sent (the 15th
 *     is the specification's last day for submitting the previous month)
 * @param hour the hour, in {@code zone}, of the monthly run
 * @param zone the time zone of the schedule (not of the reporting period: that is UTC)
 * @param configuredSenderId {@code gateway.reporting.sender-id}; see {@link #senderId(String)}
 * @param receiverId the receiver of the reports; OpenPeppol's (from the library) unless set, which
 *     is for test networks and tests only
 * @param country our own country (COUNTRY_C1 of the reports we send); falls back to {@code
 *     gateway.outbound.default-country-c1}
 * @param sendInLocalMode local mode only: send the reports through the outbox to the reporting
 *     participant as this local network routes it. Local mode never reaches the real Peppol
 *     network, so nothing goes to OpenPeppol either way.
 * @param scheduleEnabled whether the monthly job runs on this node at all
 */
public record ReportingSettings(
    int dayOfMonth,
    int hour,
    ZoneId zone,
    Optional<String> configuredSenderId,
    String receiverId,
    Optional<String> country,
    boolean sendInLocalMode,
    boolean scheduleEnabled) {
  static final String SENDER_ID = "gateway.reporting.sender-id";

  static ReportingSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    int day = p.read(() -> c.intValue("gateway.reporting.day-of-month", 2, 1, 15), 2);
    int hour = p.read(() -> c.intValue("gateway.reporting.hour", 6, 0, 23), 6);
    ZoneId zone = p.read(() -> zone(src), null);
    Optional<String> country = p.read(() -> c.country("gateway.reporting.country"), Optional.empty());
    Optional<String> senderId = p.read(() -> senderId(src), Optional.empty());
    if (country.isEmpty()) {
      // the outbound area reports its own key's problem
      country = p.read(() -> c.country("gateway.outbound.default-country-c1"), Optional.empty());
    }
    ReportingSettings s =
        new ReportingSettings(
            day,
            hour,
            zone,
            senderId,
            src.get("gateway.reporting.receiver-id").map(String::trim)
                .orElse(CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID),
            country,
            p.read(() -> c.bool("gateway.reporting.send-in-local-mode", false), false),
            p.read(() -> c.bool("gateway.reporting.schedule.enabled", true), true));
    p.throwIfAny();
    return s;
  }

  /**
   * Our participant identifier as the sender of the reports: the configured one, or the OpenPeppol
   * Service Provider Identification Scheme (ICD 0242) with our SPID, the six digits of the seat id
   * ({@code PSE000123} gives {@code 0242:000123}; see {@link ServiceProviderIds}).
   *
   * @throws ConfigException when nothing is configured and the seat id is not of the form PXX000000
   */
  public String senderId(String seatId) {
    return configuredSenderId.orElseGet(() -> ServiceProviderIds.spisParticipantId(seatId).orElseThrow(
        () -> new ConfigException("the seat id '" + GatewayConfig.abbreviate(seatId) + "' (CN of the AP"
            + " certificate) is not of the form PXX000000; set " + SENDER_ID + " to your 0242:<six digits>"
            + " identifier")));
  }

  private static Optional<String> senderId(ConfigSource src) {
    Optional<String> set = src.get(SENDER_ID).map(String::trim);
    if (set.isEmpty()) {
      return set;
    }
    String v = set.get();
    boolean spis = v.startsWith("0242:");
    if (!v.matches("[0-9]{4}:[^\\s]{1,130}") || (spis && !ServiceProviderIds.isValidSpisParticipantId(v))) {
      throw new ConfigException(SENDER_ID + " = '" + GatewayConfig.abbreviate(v) + "' (" + src.origin(SENDER_ID)
          + ") is not a Peppol participant identifier value (e.g. 0242:000123, the six digits of seat id"
          + " PSE000123)");
    }
    return set;
  }

  private static ZoneId zone(ConfigSource src) {
    String key = "gateway.reporting.zone";
    String v = src.get(key).orElse("Europe/Stockholm").trim();
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      throw new ConfigException(
          key + " = '" + GatewayConfig.abbreviate(v) + "' (" + src.origin(key) + ") is not a time zone id"
              + " (e.g. Europe/Stockholm)");
    }
  }
}
