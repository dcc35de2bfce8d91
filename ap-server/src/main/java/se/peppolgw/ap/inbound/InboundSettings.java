package se.peppolgw.ap.inbound;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * What the inbound Peppol processor needs, gathered once at start-up.
 *
 * @param ownSeatId our seat id (the CN of our AP certificate): the only acceptable To PartyId
 * @param duplicateWindow how long the duplicate register remembers a message; older messages are
 *     refused because a replay of them could no longer be recognised
 * @param clock the gateway's clock (the same the duplicate register uses)
 * @param afterStore called after a message was committed (wakes the hand-over worker)
 * @param observer told how each message was answered (metrics, alerts)
 */
public record InboundSettings(
    TransmissionStore store,
    List<ServedParticipant> participants,
    SigningCertificatePolicy certificatePolicy,
    String ownSeatId,
    long maxPayloadBytes,
    DuplicateAnswer duplicateAnswer,
    Duration duplicateWindow,
    Clock clock,
    Runnable afterStore,
    InboundObserver observer,
    se.peppolgw.ap.mls.MlsAnswerListener mlsAnswers) {}
