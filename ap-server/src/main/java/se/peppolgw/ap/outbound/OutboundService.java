package se.peppolgw.ap.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.BusinessIdentity;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.RepeatGuardStore;
import se.peppolgw.ap.store.OutboxStore.NewOutbound;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * Accepting an outbound document: the {@link IntakeChecks} (parse, derive routing, sender,
 * validate), then the repeat guards (Idempotency-Key, duplicate business identity) and storing it
 * with its queue entry in one transaction. Whatever fails before the commit leaves nothing behind; once {@link
 * #submit} returns, the document is durable and will be sent (or end visibly FAILED).
 */
public final class OutboundService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboundService.class);
  private final IntakeChecks checks;
  private final OutboxStore outbox;
  private final Runnable wakeWorker;
  private final Repeats repeats;

  /**
   * How repeated submissions are recognised.
   *
   * @param duplicateWindow how far back the same business identity makes a document a duplicate
   *     (zero: never)
   * @param idempotencyRetention how long an Idempotency-Key keeps its answer
   */
  public record Repeats(Duration duplicateWindow, Duration idempotencyRetention, Clock clock) {}

  /**
   * How one submission asks to be treated.
   *
   * @param idempotencyKey the client's Idempotency-Key, or null
   * @param requestSha256 digest of everything that makes the request (body and parameters), to
   *     tell a retry from a different request under the same key
   * @param allowDuplicate send even when the business identity was accepted within the window
   * @param locationPrefix where the transmission's status resource lives, without the id
   */
  public record Submission(
      String idempotencyKey, String requestSha256, boolean allowDuplicate, String locationPrefix) {
    public static final Submission PLAIN = new Submission(null, null, false, "/api/outbound/");
  }

  public OutboundService(
      OutboundParser parser,
      PeppolBisValidator validator,
      ValidationPolicy policy,
      OutboxStore outbox,
      Runnable wakeWorker,
      Repeats repeats) {
    this(parser, validator, policy, outbox, wakeWorker, repeats, OutboundCheck.NONE);
  }

  /** @param buyerRules the buyers' own rules, checked on every document after Peppol BIS */
  public OutboundService(
      OutboundParser parser,
      PeppolBisValidator validator,
      ValidationPolicy policy,
      OutboxStore outbox,
      Runnable wakeWorker,
      Repeats repeats,
      OutboundCheck buyerRules) {
    this.checks = new IntakeChecks(validator, policy, parser, buyerRules);
    this.repeats = repeats;
    this.outbox = outbox;
    this.wakeWorker = wakeWorker;
  }

  /**
   * What the caller gets back.
   *
   * @param answer the JSON body of the 202 answer: the one stored with an Idempotency-Key, given
   *     again verbatim to every retry
   * @param replayed whether this is the answer to an earlier request with the same key
   */
  public record Accepted(
      String transmissionId,
      String sbdhInstanceId,
      Routing routing,
      List<ValidationFinding> warnings,
      String answer,
      boolean replayed) {}

  /**
   * @param skipValidation the caller asked not to validate (refused unless configuration allows)
   * @param origin where the document came from, for the timeline (e.g. "API", "folder x.xml")
   * @param scope the sender participants this submitter may send for
   * @throws OutboundRejection 400 for unusable input, 403 for a sender outside {@code scope}, 422
   *     for failed validation
   */
  public Accepted submit(
      byte[] body, RoutingOverrides overrides, boolean skipValidation, String origin, SenderScope scope)
      throws OutboundRejection {
    return submit(body, overrides, skipValidation, origin, scope, Submission.PLAIN);
  }

  /**
   * As above, honouring an Idempotency-Key and the duplicate rule.
   *
   * @throws OutboundRejection also 409 when the key was used for another request, or the business
   *     identity was accepted within the window (naming the earlier transmission and its state)
   */
  public Accepted submit(
      byte[] body,
      RoutingOverrides overrides,
      boolean skipValidation,
      String origin,
      SenderScope scope,
      Submission how)
      throws OutboundRejection {
    if (how.idempotencyKey() != null) {
      // a retry is answered before any parsing or validation: it must be quick and identical
      Optional<RepeatGuardStore.Remembered> earlier =
          outbox.remembered(scope.submitter(), how.idempotencyKey(), keyNotBefore());
      if (earlier.isPresent()) {
        return replay(earlier.get(), how, scope);
      }
    }
    IntakeChecks.Passed passed = checks.check(body, overrides, skipValidation, origin, scope);
    ParsedOutbound p = passed.parsed();
    List<ValidationFinding> warnings = passed.warnings();
    List<TimelineEvent> events = passed.events();
    Routing r = p.routing();
    String id = UUID.randomUUID().toString();
    String location = how.locationPrefix() + id;
    String answer = Json.toJson(answer(id, p.sbdhInstanceId(), r, warnings, location));
    RepeatGuardStore.Guards guards =
        new RepeatGuardStore.Guards(
            how.idempotencyKey() == null
                ? null
                : new RepeatGuardStore.IdempotencyClaim(
                    scope.submitter(), how.idempotencyKey(), how.requestSha256(), answer, keyNotBefore()),
            identity(p, how.allowDuplicate()));
    try {
      outbox.enqueue(
          id,
          new NewOutbound(
              r.senderId(),
              r.receiverId(),
              r.documentTypeId(),
              r.processId(),
              r.countryC1(),
              p.sbdhInstanceId(),
              p.facts(),
              p.sbd(),
              p.document(),
              events),
          guards);
    } catch (RepeatGuardStore.KeyTaken e) {
      // the same key, a moment ago, perhaps on another node: that request's answer is ours
      Optional<RepeatGuardStore.Remembered> first =
          outbox.remembered(scope.submitter(), how.idempotencyKey(), keyNotBefore());
      if (first.isEmpty()) {
        // the other request has not committed (or was rolled back): nothing was stored here
        throw new OutboundRejection(
            409,
            "Idempotency-Key in use",
            "Another request with this Idempotency-Key is being processed right now; retry it");
      }
      return replay(first.get(), how, scope);
    } catch (RepeatGuardStore.DuplicateIdentity e) {
      throw duplicate(p, e.earlier(), scope);
    }
    wakeWorker.run();
    return new Accepted(id, p.sbdhInstanceId(), r, warnings, answer, false);
  }

  /**
   * What {@link #submit} checks before it stores (parsing, sender, Peppol BIS, buyer rules) with
   * nothing stored: the supplier's desk previews a document with it. Returns the BIS warnings.
   */
  public List<ValidationFinding> check(byte[] body, RoutingOverrides overrides, SenderScope scope)
      throws OutboundRejection {
    return checks.preview(body, overrides, scope);
  }

  /** The body of a 202: the same for the first answer and every replay of it. */
  public static Map<String, Object> answer(
      String id, String sbdhInstanceId, Routing r, List<ValidationFinding> warnings, String location) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("state", "PENDING");
    m.put("sbdhInstanceIdentifier", sbdhInstanceId);
    m.put("routing", r);
    m.put("warnings", warnings);
    m.put("location", location);
    return m;
  }

  private Instant keyNotBefore() {
    return repeats.clock().instant().minus(repeats.idempotencyRetention());
  }

  private Accepted replay(RepeatGuardStore.Remembered first, Submission how, SenderScope scope)
      throws OutboundRejection {
    if (!first.requestSha256().equals(how.requestSha256())) {
      LOG.warn("Outbound: refused a request from {}: Idempotency-Key reused for another request",
          scope.submitter());
      throw new OutboundRejection(
          409,
          "Idempotency-Key reused",
          "The Idempotency-Key was used at " + first.createdAt() + " for a different request"
              + " (transmission " + first.transmissionId() + "); use a new key for a new document",
          Map.of("transmissionId", first.transmissionId()));
    }
    return new Accepted(first.transmissionId(), null, null, List.of(), first.response(), true);
  }

  /**
   * The business identity: sender, receiver, document type, document number and, for invoices
   * and credit notes, the issue date. Null (no check) when the rule is off or the document has no
   * number.
   */
  private RepeatGuardStore.IdentityClaim identity(ParsedOutbound p, boolean allowDuplicate) {
    if (repeats.duplicateWindow().isZero()) {
      return null;
    }
    Routing r = p.routing();
    return BusinessIdentity.sha256(
            r.senderId(), r.receiverId(), r.documentTypeId(), p.rootLocalName(), p.facts().businessId(), p.issueDate())
        .map(sha -> new RepeatGuardStore.IdentityClaim(
            sha, repeats.clock().instant().minus(repeats.duplicateWindow()), allowDuplicate))
        .orElse(null);
  }

  private OutboundRejection duplicate(ParsedOutbound p, RepeatGuardStore.Earlier e, SenderScope scope) {
    String what =
        p.rootLocalName() + " " + p.facts().businessId()
            + (p.isInvoiceLike() && p.issueDate() != null ? " of " + p.issueDate() : "");
    LOG.warn("Outbound: refused {} from {}: duplicate of transmission {} ({})",
        what, scope.submitter(), e.transmissionId(), e.state());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("duplicateOf", e.transmissionId());
    extra.put("duplicateOfState", e.state());
    extra.put("duplicateOfAcceptedAt", e.acceptedAt().toString());
    return new OutboundRejection(
        409,
        "Duplicate document",
        "The " + what + " from " + p.routing().senderId() + " to " + p.routing().receiverId()
            + " was already accepted at " + e.acceptedAt() + " as transmission " + e.transmissionId()
            + " (state " + e.state() + "); to send it again on purpose, POST it to /api/outbound"
            + " with the query parameter duplicate=allow",
        extra);
  }

  /** Told how long each Peppol BIS validation took (metrics); set once at start-up. */
  public void onValidation(java.util.function.LongConsumer listener) {
    checks.onValidation(listener);
  }
}
