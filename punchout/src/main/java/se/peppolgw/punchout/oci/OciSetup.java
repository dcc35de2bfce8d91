package se.peppolgw.punchout.oci;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.security.CredentialCheck;
import se.peppolgw.punchout.security.ReturnUrlPolicy;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SetupOutcome;
import se.peppolgw.punchout.session.SetupParameters;

/**
 * OCI call-up (outbound section): credentials in the field names the buyer profile names, HOOK_URL checked
 * against the allow-list, ~OkCode / ~TARGET / ~CALLER kept for the echo, returntarget preferred over
 * ~TARGET, unknown parameters kept. FUNCTION: empty or DETAIL open the shop; VALIDATE and BACKGROUND_SEARCH
 * are answered at once on the same URL (no shop, no redirect) with an auto-submitted cart; SOURCING and
 * anything else is answered "not supported".
 */
public final class OciSetup {
  private static final Set<String> KNOWN = Set.of("hook_url", "~okcode", "~target", "~caller", "returntarget",
      "http_content_charset", "function", "productid", "quantity", "searchstring", "vendor", "oci_version",
      "opi_version");
  private final SessionRegistry sessions;
  private final CredentialCheck credentials;
  private final PunchoutEventLog events;

  public OciSetup(SessionRegistry sessions, CredentialCheck credentials, PunchoutEventLog events) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.events = events;
  }

  public SetupOutcome handle(String claimedBuyerId, BuyerProfile buyer, SetupParameters p, String remote) {
    BuyerProfile profile = buyer != null && buyer.protocol() == Protocol.OCI ? buyer : null;
    String userField = profile == null ? "USERNAME" : profile.oci().usernameField();
    String passField = profile == null ? "PASSWORD" : profile.oci().passwordField();
    Set<String> secretFields = new java.util.HashSet<>(java.util.List.of(passField.toLowerCase(Locale.ROOT), "password", "pass"));
    String function = p.get("FUNCTION");
    String summary = "params=" + p.namesForLog(secretFields) + (function == null ? "" : " FUNCTION=" + function)
        + " HOOK_URL=" + p.get("HOOK_URL");
    CredentialCheck.Result auth = credentials.check(profile, "oci", claimedBuyerId, remote, p.get(userField),
        p.get(passField));
    if (auth == CredentialCheck.Result.THROTTLED) {
      return refuse(claimedBuyerId, profile, function, 429,
          "Too many failed logins", "Too many failed logins for this buyer. Wait a few minutes and try again.",
          summary, remote)
          .withRetryAfter(credentials.retryAfterSeconds(profile, "oci", claimedBuyerId, remote));
    }
    if (auth != CredentialCheck.Result.OK) {
      return refuse(claimedBuyerId, profile, function, 401, "Login failed",
          "The punch-out login was not accepted (user name or password).", summary, remote);
    }
    String hookUrl = p.get("HOOK_URL");
    Optional<String> urlProblem = new ReturnUrlPolicy(profile.allowedReturnUrls(), profile.requireHttps()).check(hookUrl);
    if (urlProblem.isPresent()) {
      return refuse(claimedBuyerId, profile, function, 400, "Punch-out cannot start",
          "The punch-out cannot start: " + urlProblem.get() + ".", summary, remote);
    }
    boolean background = "VALIDATE".equalsIgnoreCase(function) || "BACKGROUND_SEARCH".equalsIgnoreCase(function);
    if (function != null && !function.isBlank() && !function.equalsIgnoreCase("DETAIL") && !background) {
      return refuse(claimedBuyerId, profile, function, 501, "Not supported",
          "OCI FUNCTION=" + function.toUpperCase(Locale.ROOT)
              + " is not supported by this catalogue. Open the catalogue without FUNCTION to shop interactively.",
          summary, remote);
    }
    Map<String, String> echo = new LinkedHashMap<>();
    for (String f : new String[] {"~OkCode", "~TARGET", "~CALLER"}) {
      String v = p.get(f);
      if (v != null) {
        echo.put(p.originalName(f), v);
      }
    }
    String target = firstSafeTarget(p.get("returntarget"), p.get("~TARGET"));
    Charset charset = charset(p.get("http_content_charset"), profile.oci().defaultCharset());
    Instant now = sessions.now();
    Set<String> known = new java.util.HashSet<>(KNOWN);
    known.add(userField.toLowerCase(Locale.ROOT));
    known.add(passField.toLowerCase(Locale.ROOT));
    PunchoutSession session = new PunchoutSession(profile, now, now.plus(sessions.startTtl()), hookUrl.trim(), target,
        charset, echo, p.unknown(known), null, null);
    if ("DETAIL".equalsIgnoreCase(function)) {
      session.setLandingArticle(p.get("PRODUCTID"));
    }
    sessions.register(session);
    events.setupRequested(new SetupEvent(now, Protocol.OCI.name(), profile.id(), claimedBuyerId, session.id(),
        function == null ? "login" : function.toUpperCase(Locale.ROOT), "ACCEPTED", background ? 200 : 303, summary, remote));
    if (background) {
      // the session is used at once by the gateway itself: the start URL is spent here
      PunchoutSession active = sessions.consumeStartToken(session.startToken()).orElseThrow();
      return new SetupOutcome.Background(active, function.toUpperCase(Locale.ROOT), p.get("PRODUCTID"),
          p.get("QUANTITY"), p.get("SEARCHSTRING"));
    }
    return new SetupOutcome.Started(session);
  }

  /** Only frame names, never anything that could become markup or script. */
  public static String firstSafeTarget(String... candidates) {
    for (String c : candidates) {
      if (c != null && c.matches("[A-Za-z0-9_\\-]{1,64}")) {
        return c;
      }
    }
    return "_top";
  }

  static Charset charset(String requested, String fallback) {
    for (String name : new String[] {requested, fallback, "UTF-8"}) {
      try {
        if (name != null && !name.isBlank() && Charset.isSupported(name.trim())) {
          return Charset.forName(name.trim());
        }
      } catch (IllegalArgumentException e) {
        // illegal charset name: try the next
      }
    }
    return Charset.forName("UTF-8");
  }

  private SetupOutcome.Refused refuse(String claimed, BuyerProfile buyer, String function, int status, String title,
      String message, String summary, String remote) {
    events.setupRequested(new SetupEvent(sessions.now(), Protocol.OCI.name(), buyer == null ? null : buyer.id(),
        claimed, null, function == null ? "login" : function, "REFUSED", status, title + ": " + summary, remote));
    return new SetupOutcome.Refused(status, title, message);
  }
}
