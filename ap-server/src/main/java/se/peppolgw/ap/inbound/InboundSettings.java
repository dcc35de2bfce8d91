package se.peppolgw.ap.inbound;

import java.util.List;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * What the inbound Peppol processor needs, gathered once at start-up.
 *
 * @param ownSeatId our seat id (the CN of our AP certificate): the only acceptable To PartyId
 * @param afterStore called after a message was committed (wakes the hand-over worker)
 */
public record InboundSettings(
    TransmissionStore store,
    List<ServedParticipant> participants,
    SigningCertificatePolicy certificatePolicy,
    String ownSeatId,
    long maxPayloadBytes,
    DuplicateAnswer duplicateAnswer,
    Runnable afterStore) {}
