package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Work the gateway does itself with an inbound message instead of handing it to the back office
 * (a Message Level Status answering one of our transmissions). It runs in the transaction that
 * stores the message, so the message is never seen half-processed: it is stored {@link
 * TransmissionState#CONSUMED} together with what the consumer recorded, or not at all.
 */
@FunctionalInterface
public interface InboundConsumer {
  void consume(Connection c, String transmissionId, Instant now) throws SQLException;
}
