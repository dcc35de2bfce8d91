package se.peppolgw.ap.inbound;

import com.helger.base.state.EChange;
import com.helger.base.state.EContinue;
import com.helger.collection.commons.CommonsArrayList;
import com.helger.collection.commons.ICommonsList;
import com.helger.phase4.duplicate.IAS4DuplicateItem;
import com.helger.phase4.duplicate.IAS4DuplicateManager;
import java.time.OffsetDateTime;

/**
 * Turns phase4's own duplicate check off. phase4 4.4.1 keeps it in memory for minutes and answers
 * with an error before our processor runs; our check lives in the database (shared by all nodes,
 * survives restarts, covers the SBDH InstanceIdentifier too) and is done atomically with storing.
 */
final class NoDuplicateManager implements IAS4DuplicateManager {
  @Override
  public boolean isEmpty() {
    return true;
  }

  @Override
  public int size() {
    return 0;
  }

  @Override
  public IAS4DuplicateItem getItemOfMessageID(String messageId) {
    return null;
  }

  @Override
  public ICommonsList<IAS4DuplicateItem> getAll() {
    return new CommonsArrayList<>();
  }

  @Override
  public EContinue registerAndCheck(String messageId, String profileId, String pmodeId) {
    return EContinue.CONTINUE;
  }

  @Override
  public EChange clearCache() {
    return EChange.UNCHANGED;
  }

  @Override
  public ICommonsList<String> evictAllItemsBefore(OffsetDateTime refDt) {
    return new CommonsArrayList<>();
  }
}
