package se.peppolgw.ap.inbound;

import com.helger.phase4.incoming.mgr.AS4ProfileSelector;
import com.helger.phase4.mgr.MetaAS4Manager;
import com.helger.phase4.profile.peppol.AS4PeppolProfileRegistarSPI;
import com.helger.scope.mgr.ScopeManager;

/**
 * phase4's process-wide state: a global scope for its singletons, our manager factory, and the
 * Peppol profile as the default. Reference counted, because phase4 keeps these per JVM and tests
 * may run two gateways in one JVM.
 */
public final class As4Runtime {
  private static int users;

  private As4Runtime() {}

  public static synchronized void acquire() {
    if (users++ > 0) {
      return;
    }
    if (!ScopeManager.isGlobalScopePresent()) {
      ScopeManager.onGlobalBegin("peppol-gateway");
    }
    HostileInputLogging.quietLibraries();
    MetaAS4Manager.setFactory(new GatewayManagerFactory());
    AS4ProfileSelector.setCustomDefaultAS4ProfileID(AS4PeppolProfileRegistarSPI.AS4_PROFILE_ID);
    MetaAS4Manager.getInstance();
  }

  public static synchronized void release() {
    if (users == 0 || --users > 0) {
      return;
    }
    if (ScopeManager.isGlobalScopePresent()) {
      ScopeManager.onGlobalEnd();
    }
  }
}
