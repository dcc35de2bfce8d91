package se.peppolgw.punchout.peppol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.oci.OciSetup;
import se.peppolgw.punchout.security.CredentialCheck;
import se.peppolgw.punchout.security.ReturnUrlPolicy;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SetupOutcome;
import se.peppolgw.punchout.session.SetupParameters;

/**
 * Peppol punch-out login (SFTI practice: credentials and return address posted by the browser). The field
 * names are per buyer profile because the SFTI/Proceedo transmission specification was not available.
 */
public final class PeppolSetup {
  private final SessionRegistry sessions;
  private final CredentialCheck credentials;
  private final PunchoutEventLog events;

  public PeppolSetup(SessionRegistry sessions, CredentialCheck credentials, PunchoutEventLog events) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.events = events;
  }

  public SetupOutcome handle(String claimedBuyerId, BuyerProfile buyer, SetupParameters p, String remote) {
    BuyerProfile profile = buyer != null && buyer.protocol() == Protocol.PEPPOL ? buyer : null;
    BuyerProfile.PeppolOptions o = profile == null ? BuyerProfile.PeppolOptions.DEFAULTS : profile.peppol();
    String returnUrl = p.get(o.returnUrlField());
    String summary = "params=" + p.namesForLog(Set.of(o.passwordField().toLowerCase(Locale.ROOT))) + " returnUrl=" + returnUrl;
    CredentialCheck.Result auth = credentials.check(profile, "peppol", claimedBuyerId, remote,
        p.get(o.usernameField()), p.get(o.passwordField()));
    if (auth == CredentialCheck.Result.THROTTLED) {
      return refuse(claimedBuyerId, profile, 429, "Too many failed logins",
          "Too many failed logins for this buyer. Wait a few minutes and try again.", summary, remote)
          .withRetryAfter(credentials.retryAfterSeconds(profile, "peppol", claimedBuyerId, remote));
    }
    if (auth != CredentialCheck.Result.OK) {
      return refuse(claimedBuyerId, profile, 401, "Login failed",
          "The punch-out login was not accepted (user name or password).", summary, remote);
    }
    Optional<String> urlProblem = new ReturnUrlPolicy(profile.allowedReturnUrls(), profile.requireHttps()).check(returnUrl);
    if (urlProblem.isPresent()) {
      return refuse(claimedBuyerId, profile, 400, "Punch-out cannot start",
          "The punch-out cannot start: " + urlProblem.get() + ".", summary, remote);
    }
    Instant now = sessions.now();
    Set<String> known = Set.of(o.usernameField().toLowerCase(Locale.ROOT), o.passwordField().toLowerCase(Locale.ROOT),
        o.returnUrlField().toLowerCase(Locale.ROOT), o.buyerReferenceField().toLowerCase(Locale.ROOT));
    PunchoutSession session = new PunchoutSession(profile, now, now.plus(sessions.startTtl()), returnUrl.trim(),
        OciSetup.firstSafeTarget(p.get("target")), StandardCharsets.UTF_8, null, p.unknown(known), null,
        p.get(o.buyerReferenceField()));
    sessions.register(session);
    events.setupRequested(new SetupEvent(now, Protocol.PEPPOL.name(), profile.id(), claimedBuyerId, session.id(),
        "login", "ACCEPTED", 303, summary, remote));
    return new SetupOutcome.Started(session);
  }

  private SetupOutcome.Refused refuse(String claimed, BuyerProfile buyer, int status, String title, String message,
      String summary, String remote) {
    events.setupRequested(new SetupEvent(sessions.now(), Protocol.PEPPOL.name(), buyer == null ? null : buyer.id(),
        claimed, null, "login", "REFUSED", status, title + ": " + summary, remote));
    return new SetupOutcome.Refused(status, title, message);
  }
}
