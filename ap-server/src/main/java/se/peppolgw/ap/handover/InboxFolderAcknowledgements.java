package se.peppolgw.ap.handover;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.InboxStore;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The folder mode's acknowledgement: a back office takes a document by deleting or moving its
 * {@code <id>.xml} out of the inbox folder. The hand-over worker calls {@link #scan} on every
 * sweep; each handed-over document whose file is gone is recorded ACKNOWLEDGED, with a timeline
 * event saying how.
 */
public final class InboxFolderAcknowledgements {
  private static final Logger LOG = LoggerFactory.getLogger(InboxFolderAcknowledgements.class);
  private static final int BATCH = 500;
  static final String WHO = "back office (removed from the inbox folder)";

  private final TransmissionStore store;
  private final InboxFolderWriter folder;

  public InboxFolderAcknowledgements(TransmissionStore store, InboxFolderWriter folder) {
    this.store = store;
    this.folder = folder;
  }

  /** Returns how many documents were found taken and acknowledged. */
  public int scan() {
    int acknowledged = 0;
    long after = 0;
    List<Transmission> batch;
    do {
      batch = store.inbox().handedOver(after, BATCH);
      for (Transmission t : batch) {
        after = t.seq();
        if (!folder.holds(t.id())
            && store.inbox().acknowledge(t.id(), WHO) == InboxStore.AckResult.ACKNOWLEDGED) {
          acknowledged++;
        }
      }
    } while (batch.size() == BATCH);
    if (acknowledged > 0) {
      LOG.info("Inbox folder: {} document(s) taken by the back office, acknowledged", acknowledged);
    }
    return acknowledged;
  }
}
