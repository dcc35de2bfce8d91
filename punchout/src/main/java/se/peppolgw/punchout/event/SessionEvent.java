package se.peppolgw.punchout.event;

import java.time.Instant;

/** A punch-out session changed state (CREATED, ACTIVE, TRANSFERRED, EXPIRED, CANCELLED). */
public record SessionEvent(
    Instant at,
    String sessionId,
    String buyerId,
    String protocol,
    String fromState,
    String toState,
    String reason) {
}
