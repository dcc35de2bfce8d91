package se.peppolgw.ap.outbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import se.peppolgw.ap.api.QueryNumbers;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The parameters of {@code GET /api/outbound}, checked: every problem is an {@link
 * IllegalArgumentException} whose message is the 400 detail (a typo in a parameter name must not
 * silently list everything).
 */
record OutboundListQuery(Set<TransmissionState> states, Instant since, long cursor, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  static final Set<TransmissionState> OUTBOUND_STATES =
      EnumSet.of(
          TransmissionState.PENDING,
          TransmissionState.SENDING,
          TransmissionState.RETRY_WAIT,
          TransmissionState.DELIVERED,
          TransmissionState.FAILED,
          TransmissionState.CANCELLED);
  private static final List<String> NAMES = List.of("state", "since", "cursor", "limit");

  static OutboundListQuery parse(Map<String, String[]> params) {
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      if (!NAMES.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "Unknown parameter '" + clip(e.getKey()) + "'; allowed: " + String.join(", ", NAMES));
      }
      if (e.getValue().length != 1) {
        throw new IllegalArgumentException("'" + e.getKey() + "' given more than once");
      }
    }
    return new OutboundListQuery(
        states(one(params, "state")),
        since(one(params, "since")),
        QueryNumbers.bounded("cursor", one(params, "cursor"), 0, 0, Long.MAX_VALUE),
        (int) QueryNumbers.bounded("limit", one(params, "limit"), DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  private static String one(Map<String, String[]> params, String name) {
    String[] v = params.get(name);
    return v == null || v[0].isBlank() ? null : v[0].trim();
  }

  private static Set<TransmissionState> states(String v) {
    Set<TransmissionState> out = EnumSet.noneOf(TransmissionState.class);
    if (v == null) {
      return out;
    }
    String[] parts = v.split(",", -1);
    if (parts.length > OUTBOUND_STATES.size()) {
      throw new IllegalArgumentException("state: at most " + OUTBOUND_STATES.size() + " values");
    }
    for (String part : parts) {
      TransmissionState s =
          OUTBOUND_STATES.stream()
              .filter(x -> x.name().equals(part.trim().toUpperCase(Locale.ROOT)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "state: unknown outbound state '" + clip(part) + "'; one or more of "
                              + OUTBOUND_STATES.stream().map(Enum::name).collect(Collectors.joining(","))));
      out.add(s);
    }
    return out;
  }

  private static Instant since(String v) {
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "since: '" + clip(v) + "' is not an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00Z");
    }
  }

  /** Echoes at most 40 characters of hostile input, without control characters. */
  private static String clip(String s) {
    String c = s.replaceAll("\\p{Cntrl}", "?");
    return c.length() > 40 ? c.substring(0, 40) + "…" : c;
  }
}
