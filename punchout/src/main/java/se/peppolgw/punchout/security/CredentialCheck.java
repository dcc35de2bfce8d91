package se.peppolgw.punchout.security;

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
   * @param buyer       the profile, or null when the claimed identity matched none
   * @param throttleKey the identity the caller claimed (same key whether it exists or not)
   * @param username    null when the protocol has no user name (cXML)
   */
  public Result check(BuyerProfile buyer, String throttleKey, String username, String secret) {
    if (throttle.isBlocked(throttleKey)) {
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
      throttle.recordSuccess(throttleKey);
      return Result.OK;
    }
    throttle.recordFailure(throttleKey);
    return Result.REFUSED;
  }
}
