package se.peppolgw.ap.inbound;

import com.helger.phase4.duplicate.IAS4DuplicateManager;
import com.helger.phase4.mgr.AS4ManagerFactoryInMemory;

/** phase4's in-memory managers, except that duplicate detection is ours (see NoDuplicateManager). */
final class GatewayManagerFactory extends AS4ManagerFactoryInMemory {
  @Override
  public IAS4DuplicateManager createDuplicateManager() {
    return new NoDuplicateManager();
  }
}
