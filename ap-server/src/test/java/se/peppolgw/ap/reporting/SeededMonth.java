package se.peppolgw.ap.reporting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.InboundOutcome;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.ReportingCapture;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * Seeds February 2026 through the real inbound and outbound store paths with a known mix, and
 * the messages on both sides of the month boundary. Expected numbers are in the constants.
 */
final class SeededMonth {
  static final String OWN_SEAT = "PSE000001";
  static final String AP_DE = "PDE000111";
  static final String AP_FI = "PFI000222";
  static final String SUPPLIER = "0007:5567000001"; // configured SE
  static final String BUYER = "0088:7300000000001"; // configured NO
  static final String INVOICE =
      "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
  static final String ORDER =
      "urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order##urn:fdc:peppol.eu:poacc:trns:order:3::2.1";
  static final String BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  static final String ORDERING = "urn:fdc:peppol.eu:poacc:bis:ordering:3";

  /** Counted in February (UTC): inbound a, b, c; outbound i, k. */
  static final int INCOMING = 3;
  static final int OUTGOING = 2;

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final TransmissionStore store;
  final OutboxStore outbox;

  SeededMonth(Database db) {
    ReportingCapture capture = new ReportingCapture(Map.of(SUPPLIER, "SE", BUYER, "no"));
    store = new TransmissionStore(db, clock, capture);
    outbox = new OutboxStore(db, clock, store.reportingCapture());
  }

  void seed() {
    // a) invoice DE -> our supplier
    inbound("2026-02-10T10:00:00Z", "a@x", AP_DE, "9930:de1", SUPPLIER, INVOICE, BILLING, "DE");
    // b) order FI -> our buyer
    inbound("2026-02-11T09:00:00Z", "b@x", AP_FI, "0216:fi1", BUYER, ORDER, ORDERING, "FI");
    // c) 23:30 UTC on 28 Feb = 00:30 on 1 March in Stockholm: February by the UTC rule
    inbound("2026-02-28T23:30:00Z", "c@x", AP_DE, "9930:de1", SUPPLIER, INVOICE, BILLING, "DE");
    // d) a duplicate of a (same AS4 MessageId from the same AP): not counted
    InboundOutcome dup =
        inbound("2026-02-12T10:00:00Z", "a@x", AP_DE, "9930:de1", SUPPLIER, INVOICE, BILLING, "DE");
    if (!(dup instanceof InboundOutcome.Duplicate)) {
      throw new AssertionError("seed: the repeat was not a duplicate: " + dup);
    }
    // e) a refused message: not counted
    clock.set("2026-02-13T10:00:00Z");
    store.storeRejected(record("e@x", AP_FI, "0216:fi1", BUYER, ORDER, ORDERING, "FI"),
        "PEPPOL:NOT_SERVICED", "refused in the seed");
    // f) 23:30 UTC on 31 January = 00:30 on 1 February in Stockholm: January by the UTC rule
    inbound("2026-01-31T23:30:00Z", "f@x", AP_FI, "0216:fi1", BUYER, ORDER, ORDERING, "FI");
    // g) 1 March 00:10 UTC: March
    inbound("2026-03-01T00:10:00Z", "g@x", AP_FI, "0216:fi1", BUYER, ORDER, ORDERING, "FI");
    // h) a TSR received (a report is never counted)
    inbound("2026-02-14T10:00:00Z", "h@x", AP_FI, "0216:fi1", BUYER,
        ReportKind.TSR.documentTypeValue(), ReportKind.PROCESS.getValue(), "FI");

    // i) invoice sent by our supplier, delivered to the FI AP (C1 from the document: SE)
    outbound("2026-02-15T08:00:00Z", SUPPLIER, "0216:fi9", INVOICE, BILLING, "SE",
        TransmissionState.DELIVERED, AP_FI);
    // j) a send that failed for good: not counted
    outbound("2026-02-16T08:00:00Z", SUPPLIER, "0216:fi9", INVOICE, BILLING, "SE",
        TransmissionState.FAILED, AP_FI);
    // k) an order from our buyer, no C1 in the document (the configured NO is used), retried
    //    once and then delivered: counted once
    String k = outbox.enqueue(newOutbound(BUYER, "9930:de7", ORDER, ORDERING, null));
    clock.set("2026-02-20T08:00:00Z");
    attempt(k, TransmissionState.RETRY_WAIT, AP_DE);
    clock.set("2026-02-20T09:00:00Z");
    attempt(k, TransmissionState.DELIVERED, AP_DE);
  }

  InboundOutcome inbound(String at, String as4Id, String ap, String sender, String receiver,
      String docType, String process, String c1) {
    clock.set(at);
    return store.storeInbound(record(as4Id, ap, sender, receiver, docType, process, c1));
  }

  static InboundRecord record(String as4Id, String ap, String sender, String receiver,
      String docType, String process, String c1) {
    byte[] sbd = ("<sbd id='" + as4Id + "'/>").getBytes(StandardCharsets.UTF_8);
    return new InboundRecord(as4Id, "conv", "sbdh-" + as4Id, sender, receiver, docType, process,
        c1, ap, "127.0.0.1", BusinessFacts.NONE, sbd, "<doc/>".getBytes(StandardCharsets.UTF_8), -1, null);
  }

  String outbound(String at, String sender, String receiver, String docType, String process,
      String c1, TransmissionState end, String ap) {
    clock.set(at);
    String id = outbox.enqueue(newOutbound(sender, receiver, docType, process, c1));
    attempt(id, end, ap);
    return id;
  }

  static OutboxStore.NewOutbound newOutbound(
      String sender, String receiver, String docType, String process, String c1) {
    return new OutboxStore.NewOutbound(sender, receiver, docType, process, c1, "sbdh-" + System.nanoTime(),
        BusinessFacts.NONE, "<sbd/>".getBytes(StandardCharsets.UTF_8),
        "<doc/>".getBytes(StandardCharsets.UTF_8), List.of());
  }

  void attempt(String id, TransmissionState end, String ap) {
    List<OutboxStore.Claim> claims = outbox.claim("seed", Duration.ofMinutes(5), 10);
    OutboxStore.Claim claim =
        claims.stream().filter(c -> c.transmissionId().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("seed: " + id + " not claimable"));
    Instant next = end == TransmissionState.RETRY_WAIT ? clock.instant().plusSeconds(60) : null;
    if (!outbox.recordAttempt(claim, new OutboxStore.AttemptOutcome(end, next, "m-" + id, id, ap,
        end == TransmissionState.DELIVERED ? null : "X", end == TransmissionState.DELIVERED ? null : "seed",
        List.of(), List.of()))) {
      throw new AssertionError("seed: attempt not recorded");
    }
  }
}
