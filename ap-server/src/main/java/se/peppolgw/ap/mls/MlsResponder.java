package se.peppolgw.ap.mls;

import se.peppolgw.ap.config.ServiceProviderIds;

import com.helger.peppol.sbdh.EPeppolMLSType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.Digests;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.MlsDecision.Addressing;
import se.peppolgw.ap.store.MlsDecision.Decision;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.store.ValidationOutcome;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * This gateway as receiving access point (C3): answers each validated business document with a
 * Peppol MLS (docs/mls-receiving.md) and submits it through the outbox like any outbound document
 * (SMP lookup of the MLS receiver, retries, receipt kept).
 *
 * <ul>
 *   <li>AP when the document passed (warnings go along as BW issues), RE with every failed rule
 *       (BV for business rules, SV for schema errors, each with its location), AB when no rule
 *       set applies (or the document could not be judged): received, content not judged.
 *   <li>MLS_TYPE of the received SBDH: FAILURE_ONLY sends only RE; absent means ALWAYS_SEND.
 *   <li>Addressed to MLS_TO of the received SBDH; when it is absent (or not a service provider
 *       id) to the service provider of the sending access point, derived from the seat id of the
 *       certificate that signed the message (the fallback of the MLS specification).
 *   <li>An MLS is never answered with an MLS.
 *   <li>Exactly once per document, across nodes and restarts: the decision is a row keyed by the
 *       inbound transmission, and the submission carries an Idempotency-Key derived from it, so a
 *       crash between submitting and recording resubmits into the same outbound transmission.
 * </ul>
 */
public final class MlsResponder {
  private static final Logger LOG = LoggerFactory.getLogger(MlsResponder.class);
  private static final int BATCH = 50;
  /** An MLS lists at most this many issues (the findings are all in the inbox metadata). */
  static final int MAX_ISSUES = 500;
  private static final String SUBMITTER = "MLS responder";

  private final TransmissionStore store;
  private final InboundValidationStore results;
  private final OutboundService outbound;
  private final String ownServiceProvider;
  private final String defaultCountryC1;
  private final boolean send;
  private final Clock clock;

  /**
   * @param ownServiceProvider this gateway's service provider participant (sender of the MLS), or
   *     null when its seat id gives none (then no MLS is sent, and each document says why)
   * @param defaultCountryC1 the COUNTRY_C1 of the MLS, or null to use the answered document's
   * @param send false: decide and record, but never send ({@code gateway.mls.send=false})
   */
  public MlsResponder(
      TransmissionStore store,
      InboundValidationStore results,
      OutboundService outbound,
      String ownServiceProvider,
      String defaultCountryC1,
      boolean send,
      Clock clock) {
    this.store = store;
    this.results = results;
    this.outbound = outbound;
    this.ownServiceProvider = ownServiceProvider;
    this.defaultCountryC1 = defaultCountryC1;
    this.send = send;
    this.clock = clock;
  }

  /** Answers every validated inbound document that has no MLS decision yet. */
  public void answerPending() {
    List<Transmission> batch;
    do {
      batch = results.awaitingMlsAnswer(BATCH);
      int recorded = 0;
      for (Transmission t : batch) {
        if (answerOrSayWhyNot(t)) {
          recorded++;
        }
      }
      if (recorded == 0) {
        // everything left is waiting for another node or a retry: next run
        return;
      }
    } while (batch.size() == BATCH);
  }

  /**
   * {@link #answer}, except that an unexpected failure with this one document (a bug, a row the
   * code did not foresee) becomes its recorded decision: not sent, with the reason on its
   * timeline. Thrown on, it would stop every answer behind it in the queue on every run. A
   * database outage is not this document's fault and is thrown on: the next run tries again.
   */
  private boolean answerOrSayWhyNot(Transmission t) {
    try {
      return answer(t);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.error("MLS for inbound {} could not be made; recorded as not sent", t.id(), e);
      MlsResponseCode code =
          results.validation(t.id()).map(v -> codeFor(v.outcome())).orElse(MlsResponseCode.AB);
      return notSent(t, code, null, null, "The MLS could not be made: " + e);
    }
  }

  /** Decides and (maybe) sends the MLS of one document; false when it must be tried again. */
  boolean answer(Transmission t) {
    InboundValidation v = results.validation(t.id()).orElseThrow();
    MlsResponseCode code = codeFor(v.outcome());
    if (isMls(t)) {
      return notSent(t, code, null, null, "The document is an MLS; an MLS is never answered with an MLS");
    }
    if (!send) {
      return notSent(t, code, null, null, "Sending MLS is switched off (gateway.mls.send=false)");
    }
    if (ownServiceProvider == null) {
      return notSent(t, code, null, null,
          "This access point's seat id gives no service provider id (0242:<6 digits>) to send from");
    }
    SbdhMlsScopes scopes;
    try {
      scopes = SbdhMlsScopes.read(
          store.payload(t.id(), PayloadKind.SBD).orElseThrow(() -> new IllegalStateException("no SBD stored")));
    } catch (XMLStreamException | IllegalStateException e) {
      return notSent(t, code, null, null, "The received SBDH cannot be read again: " + e.getMessage());
    }
    if (code.isPositive() && scopes.effectiveType() == EPeppolMLSType.FAILURE_ONLY) {
      return notSent(t, code, null, null,
          "No positive MLS: the sender asked for MLS_TYPE=FAILURE_ONLY and the document is "
              + v.outcome().word());
    }
    String note = "";
    String receiver;
    Addressing by;
    if (scopes.mlsTo() != null && ServiceProviderIds.isServiceProvider(scopes.mlsTo())) {
      receiver = ServiceProviderIds.value(scopes.mlsTo());
      by = Addressing.MLS_TO;
    } else {
      Optional<String> fallback = ServiceProviderIds.spisParticipantId(t.remoteAp());
      if (fallback.isEmpty()) {
        return notSent(t, code, null, null,
            "No MLS_TO in the received SBDH and the sending access point's seat id '" + t.remoteAp()
                + "' gives no service provider id to fall back to");
      }
      receiver = fallback.get();
      by = Addressing.FALLBACK;
      note = scopes.mlsTo() == null
          ? " (no MLS_TO in the received SBDH: the sending access point's service provider)"
          : " (MLS_TO '" + scopes.mlsTo() + "' is not a service provider id: the sending access"
              + " point's service provider instead)";
    }
    byte[] mls = MlsBuilder.build(content(t, v, code, receiver));
    // the outbox validates the MLS against phive's MLS rules like any document (once: it was
    // validated here too before, which cost as much again on every received document)
    OutboundService.Accepted accepted;
    try {
      accepted =
          outbound.submit(
              mls,
              new RoutingOverrides(
                  ownServiceProvider,
                  receiver,
                  MlsBuilder.DOCUMENT_TYPE_ID,
                  MlsBuilder.PROFILE_ID,
                  defaultCountryC1 != null ? defaultCountryC1 : t.c1Country()),
              false,
              "the MLS responder, answering inbound transmission " + t.id(),
              SenderScope.of(SUBMITTER, List.of(ownServiceProvider), List.of()),
              new OutboundService.Submission(
                  "mls:" + t.id(),
                  Digests.sha256Hex(("mls:" + t.id()).getBytes(StandardCharsets.UTF_8)),
                  true,
                  "/api/outbound/"));
    } catch (OutboundRejection e) {
      if (e.status() == 409) {
        // the same answer is being submitted right now (another node): its record follows
        return false;
      }
      if (e.status() == 422) {
        LOG.error("MLS for inbound {} fails the MLS rules, not sent: {}", t.id(), e.getMessage());
        return notSent(t, code, receiver, by, "The built MLS fails the Peppol MLS rules: " + e.getMessage());
      }
      return notSent(t, code, receiver, by, "The outbox refused the MLS: " + e.getMessage());
    }
    MlsDecision a =
        new MlsDecision(t.id(), Decision.SENT, code.name(), receiver, by, accepted.transmissionId(),
            note.isEmpty() ? null : note.trim(), clock.instant());
    boolean first =
        results.recordMlsAnswer(
            a,
            TimelineEvent.of(
                    EventType.MLS_ANSWER,
                    "MLS " + code + " submitted to " + receiver + note + " as outbound transmission "
                        + accepted.transmissionId())
                .withCode(code.name())
                .withData("{\"outboundId\":\"" + accepted.transmissionId() + "\"}"));
    if (first) {
      LOG.info("MLS {} for inbound {} submitted to {} as {}", code, t.id(), receiver, accepted.transmissionId());
    }
    return true;
  }

  static MlsResponseCode codeFor(ValidationOutcome o) {
    return switch (o) {
      case PASSED, WARNINGS -> MlsResponseCode.AP;
      case FAILED -> MlsResponseCode.RE;
      case NOT_VALIDATED -> MlsResponseCode.AB;
    };
  }

  private static boolean isMls(Transmission t) {
    String doc = t.documentTypeId();
    return (doc != null && doc.contains("##" + MlsBuilder.CUSTOMIZATION_ID + "::"))
        || MlsBuilder.PROFILE_ID.equals(t.processId());
  }

  private MlsBuilder.Content content(
      Transmission t, InboundValidation v, MlsResponseCode code, String receiver) {
    List<MlsBuilder.Issue> issues = new ArrayList<>();
    for (ValidationFinding f : v.findings()) {
      if (issues.size() == MAX_ISSUES) {
        break;
      }
      MlsStatusReason reason =
          !f.isError() ? MlsStatusReason.BW : "XSD".equals(f.ruleId()) ? MlsStatusReason.SV : MlsStatusReason.BV;
      issues.add(new MlsBuilder.Issue(f.location(), "[" + f.ruleId() + "] " + f.message(), reason));
    }
    String description =
        switch (code) {
          case RE -> v.errorCount() + " Peppol rule(s) failed (" + v.ruleSet() + "): "
              + String.join(", ", v.errors().stream().map(ValidationFinding::ruleId).distinct().toList());
          // not "handed over": the MLS may go out before the hand-over, or without one (a damaged row)
          case AB -> "Received; the content was not validated: " + v.reason();
          case AP -> null;
        };
    return new MlsBuilder.Content(
        UUID.randomUUID().toString(), clock.instant(), ownServiceProvider, receiver, code,
        t.sbdhInstanceId(), description, issues);
  }

  private boolean notSent(
      Transmission t, MlsResponseCode code, String receiver, Addressing by, String reason) {
    results.recordMlsAnswer(
        new MlsDecision(t.id(), Decision.NOT_SENT, code.name(), receiver, by, null, reason, clock.instant()),
        TimelineEvent.of(EventType.MLS_ANSWER, "No MLS sent: " + reason).withCode("NOT_SENT"));
    return true;
  }
}
