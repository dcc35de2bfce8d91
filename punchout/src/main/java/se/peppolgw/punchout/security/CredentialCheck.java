package se.peppolgw.punchout.security;

import java.time.Duration;
import se.peppolgw.punchout.buyer.BuyerProfile;

/**
 * Login check shared by all protocols. Unknown buyer and wrong secret take the same path and the same time
 * (a dummy hash is verified for unknown buyers), so the answer never reveals which one it was.
 */
public final class CredentialCheck {
  public enum Result { OK, REFUSED, THROTTLED }

  private final LoginThrottle throttle;

  public CredentialCheck(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  /**
   * @param buyer    the profile the request matched, or null when the claimed identity matched none
   * @param protocol oci, peppol or cxml (keeps unmatched claims of different protocols apart)
   * @param claimed  what the caller claimed to be (only used when {@code buyer} is null)
   * @param remote   the client address
   * @param username null when the protocol has no user name (cXML)
   */
  public Result check(BuyerProfile buyer, String protocol, String claimed, String remote, String username, String secret) {
    LoginThrottle.Attempt attempt = LoginThrottle.Attempt.of(protocol, buyer == null ? null : buyer.id(), claimed, remote);
    if (throttle.isBlocked(attempt)) {
      SecretHasher.verifyDummy(secret);
      return Result.THROTTLED;
    }
    boolean ok;
    if (buyer == null) {
      SecretHasher.verifyDummy(secret);
      ok = false;
    } else {
      boolean userOk = username == null
          || SecretHasher.constantTimeEquals(buyer.username() == null ? "" : buyer.username(), username);
      boolean secretOk = SecretHasher.verify(secret, buyer.secretHash());
      ok = userOk & secretOk;
    }
    if (ok) {
      throttle.recordSuccess(attempt);
      return Result.OK;
    }
    throttle.recordFailure(attempt);
    return Result.REFUSED;
  }

  /** Whole seconds (at least 1) this client must wait before its next login for this buyer is checked. */
  public long retryAfterSeconds(BuyerProfile buyer, String protocol, String claimed, String remote) {
    Duration wait = throttle.retryAfter(LoginThrottle.Attempt.of(protocol, buyer == null ? null : buyer.id(), claimed, remote));
    return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
  }
}
