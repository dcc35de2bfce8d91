package se.peppolgw.punchout;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the server configures the punch-out gateway.
 *
 * @param publicBaseUrl     the URL buyers reach the server at, without a trailing slash
 *                          (e.g. {@code https://gw.example.se}); start URLs and shop links are built from it
 * @param configDir         {@code config/punchout/}: {@code buyers/*.json}, {@code catalogue.json}, {@code supplier.json}
 * @param clock             time source (tests move it to expire start URLs)
 * @param startUrlTtl       how long a one-time start URL stays valid
 * @param sessionIdleTtl    an active session expires after this long without a request
 * @param maxFailedLogins   failed logins per buyer within {@code failedLoginWindow} before logins are refused
 * @param failedLoginWindow see above
 */
public record PunchoutSettings(
    URI publicBaseUrl,
    Path configDir,
    Clock clock,
    Duration startUrlTtl,
    Duration sessionIdleTtl,
    int maxFailedLogins,
    Duration failedLoginWindow) {

  public PunchoutSettings {
    String base = publicBaseUrl.toString();
    if (base.endsWith("/")) {
      publicBaseUrl = URI.create(base.substring(0, base.length() - 1));
    }
  }

  /** Defaults: start URL 5 minutes, idle expiry 60 minutes, 5 failed logins per 15 minutes. */
  public static PunchoutSettings of(URI publicBaseUrl, Path configDir) {
    return new PunchoutSettings(publicBaseUrl, configDir, Clock.systemUTC(), Duration.ofMinutes(5),
        Duration.ofMinutes(60), 5, Duration.ofMinutes(15));
  }

  public PunchoutSettings withClock(Clock newClock) {
    return new PunchoutSettings(publicBaseUrl, configDir, newClock, startUrlTtl, sessionIdleTtl, maxFailedLogins,
        failedLoginWindow);
  }

  public PunchoutSettings withPublicBaseUrl(URI url) {
    return new PunchoutSettings(url, configDir, clock, startUrlTtl, sessionIdleTtl, maxFailedLogins, failedLoginWindow);
  }
}
