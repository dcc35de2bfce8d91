package se.peppolgw.punchout;

import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

/**
 * Where the punch-out gateway records what happened, for the operator views. The server implements it on
 * its store; {@link InMemoryPunchoutEventLog} serves tests. Implementations must be thread-safe and should
 * not throw (a failing log must not break a buyer's punch-out; the gateway logs and continues if it does).
 */
public interface PunchoutEventLog {
  void setupRequested(SetupEvent event);

  void sessionChanged(SessionEvent event);

  void cartTransferred(TransferEvent event);
}
