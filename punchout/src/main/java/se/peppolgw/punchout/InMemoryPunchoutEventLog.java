package se.peppolgw.punchout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

/** Keeps every event in memory; for tests and for running the module alone. */
public final class InMemoryPunchoutEventLog implements PunchoutEventLog {
  private final List<SetupEvent> setups = new CopyOnWriteArrayList<>();
  private final List<SessionEvent> sessions = new CopyOnWriteArrayList<>();
  private final List<TransferEvent> transfers = new CopyOnWriteArrayList<>();

  @Override
  public void setupRequested(SetupEvent event) {
    setups.add(event);
  }

  @Override
  public void sessionChanged(SessionEvent event) {
    sessions.add(event);
  }

  @Override
  public void cartTransferred(TransferEvent event) {
    transfers.add(event);
  }

  public List<SetupEvent> setups() {
    return List.copyOf(setups);
  }

  public List<SessionEvent> sessionEvents() {
    return List.copyOf(sessions);
  }

  public List<TransferEvent> transfers() {
    return List.copyOf(transfers);
  }
}
