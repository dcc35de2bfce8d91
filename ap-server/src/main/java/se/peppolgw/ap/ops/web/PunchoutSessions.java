package se.peppolgw.ap.ops.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.peppolgw.ap.store.PunchoutEventStore;

/**
 * Punch-out activity grouped by session for the operator page: the newest {@link #SCAN_EVENTS}
 * events, read with PunchoutEventStore's existing queries (no SQL here), grouped, filtered and paged in
 * memory. A search term is looked for in the session id, buyer, operation, detail and return URL,
 * and, for sessions with a cart transfer, in the transferred payload (where cXML's BuyerCookie and
 * payloadID are), so an operator can paste either from a buyer's complaint.
 */
public final class PunchoutSessions {
  static final int SCAN_EVENTS = 5_000;
  static final int PAGE_SIZE = 50;
  /** At most this many payload look-ups per search (one query each). */
  static final int PAYLOAD_SEARCHES = 200;

  /** What the operator asked for; null or blank fields do not filter. */
  record Query(String buyer, String protocol, String state, LocalDate from, LocalDate to, String q, int page) {}

  /** One session (or one event without a session, such as a refused setup). */
  public record Session(
      String sessionId, String buyerId, String protocol, Instant started, Instant last, String state,
      List<PunchoutEventStore.Event> events) {
    public String shortId() {
      return sessionId == null ? "" : sessionId.length() > 12 ? sessionId.substring(0, 12) + "…" : sessionId;
    }

    public boolean transferred() {
      return events.stream().anyMatch(e -> e.kind() == PunchoutEventStore.Kind.TRANSFER);
    }
  }

  /** One page of sessions, the values the filters can take, and whether more pages exist. */
  record Result(List<Session> sessions, boolean more, List<String> buyers, List<String> protocols,
      List<String> states) {}

  private final PunchoutEventStore log;
  private final ZoneId zone;

  PunchoutSessions(PunchoutEventStore log, ZoneId zone) {
    this.log = log;
    this.zone = zone;
  }

  Result find(Query query) {
    List<Session> all = group(scan());
    List<Session> matching = new ArrayList<>();
    int payloadSearches = 0;
    for (Session s : all) {
      if (!matches(s, query)) {
        continue;
      }
      String q = blank(query.q());
      if (q != null && !mentions(s, q)) {
        if (s.sessionId() == null || !s.transferred() || payloadSearches++ >= PAYLOAD_SEARCHES
            || !payloadMentions(s.sessionId(), q)) {
          continue;
        }
      }
      matching.add(s);
    }
    int from = Math.max(0, query.page() - 1) * PAGE_SIZE;
    List<Session> page = from >= matching.size() ? List.of()
        : matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    return new Result(page, matching.size() > from + PAGE_SIZE,
        distinct(all, Session::buyerId), distinct(all, Session::protocol), distinct(all, Session::state));
  }

  /** Every matching session, for the CSV export (no paging). */
  List<Session> all(Query query) {
    List<Session> out = new ArrayList<>();
    for (int p = 1; ; p++) {
      Result r = find(new Query(query.buyer(), query.protocol(), query.state(), query.from(), query.to(), query.q(), p));
      out.addAll(r.sessions());
      if (!r.more()) {
        return out;
      }
    }
  }

  private List<PunchoutEventStore.Event> scan() {
    List<PunchoutEventStore.Event> events = new ArrayList<>();
    long before = 0;
    while (events.size() < SCAN_EVENTS) {
      List<PunchoutEventStore.Event> batch = log.recent(before, 500);
      events.addAll(batch);
      if (batch.size() < 500) {
        break;
      }
      before = batch.get(batch.size() - 1).seq();
    }
    return events;
  }

  /** Newest session first; a session's events oldest first. */
  private static List<Session> group(List<PunchoutEventStore.Event> newestFirst) {
    Map<String, List<PunchoutEventStore.Event>> bySession = new LinkedHashMap<>();
    for (PunchoutEventStore.Event e : newestFirst) {
      String key = e.sessionId() == null ? "#" + e.seq() : e.sessionId();
      bySession.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    List<Session> out = new ArrayList<>();
    for (List<PunchoutEventStore.Event> es : bySession.values()) {
      es.sort(Comparator.comparingLong(PunchoutEventStore.Event::seq));
      PunchoutEventStore.Event first = es.get(0);
      PunchoutEventStore.Event last = es.get(es.size() - 1);
      out.add(new Session(first.sessionId(), firstNonNull(es, PunchoutEventStore.Event::buyerId),
          firstNonNull(es, PunchoutEventStore.Event::protocol), first.at(), last.at(), state(es), List.copyOf(es)));
    }
    return out;
  }

  /** The session's last state change, else the outcome of its last setup or transfer. */
  private static String state(List<PunchoutEventStore.Event> oldestFirst) {
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      PunchoutEventStore.Event e = oldestFirst.get(i);
      if (e.toState() != null) {
        return e.toState();
      }
      if (e.outcome() != null) {
        return e.outcome();
      }
    }
    return "";
  }

  private boolean matches(Session s, Query q) {
    return (blank(q.buyer()) == null || q.buyer().equalsIgnoreCase(nz(s.buyerId())))
        && (blank(q.protocol()) == null || q.protocol().equalsIgnoreCase(nz(s.protocol())))
        && (blank(q.state()) == null || q.state().equalsIgnoreCase(nz(s.state())))
        && (q.from() == null || s.last() == null || !s.last().atZone(zone).toLocalDate().isBefore(q.from()))
        && (q.to() == null || s.started() == null || !s.started().atZone(zone).toLocalDate().isAfter(q.to()));
  }

  private static boolean mentions(Session s, String q) {
    String needle = q.toLowerCase(Locale.ROOT);
    if (contains(s.sessionId(), needle) || contains(s.buyerId(), needle)) {
      return true;
    }
    for (PunchoutEventStore.Event e : s.events()) {
      if (contains(e.detail(), needle) || contains(e.operation(), needle) || contains(e.returnUrl(), needle)) {
        return true;
      }
    }
    return false;
  }

  private boolean payloadMentions(String sessionId, String q) {
    String needle = q.toLowerCase(Locale.ROOT);
    return log.session(sessionId).stream().anyMatch(e -> contains(e.payload(), needle));
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  private static String firstNonNull(List<PunchoutEventStore.Event> es, java.util.function.Function<PunchoutEventStore.Event, String> f) {
    return es.stream().map(f).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
  }

  private static List<String> distinct(List<Session> all, java.util.function.Function<Session, String> f) {
    return all.stream().map(f).filter(v -> v != null && !v.isBlank()).distinct().sorted().toList();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
