package se.peppolgw.punchout.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Return-URL allow-list: a URL is accepted only when scheme, host and port equal one allowed prefix and its
 * path starts with the prefix path at a segment boundary. Anything else ({@code javascript:}, user-info
 * tricks, other hosts, {@code http:} when https is required) is refused before any page is shown.
 */
public final class ReturnUrlPolicy {
  private final List<URI> allowed;
  private final boolean requireHttps;

  public ReturnUrlPolicy(List<String> allowedPrefixes, boolean requireHttps) {
    this.allowed = allowedPrefixes == null ? List.of() : allowedPrefixes.stream().map(URI::create).toList();
    this.requireHttps = requireHttps;
  }

  /** @return empty when allowed, else the reason for refusal (safe to show; never echoes the URL). */
  public Optional<String> check(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("no return URL was given");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.of("the return URL is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("the return URL must use https");
    }
    if (requireHttps && !scheme.equals("https")) {
      return Optional.of("the return URL must use https");
    }
    if (uri.getRawUserInfo() != null || uri.getHost() == null) {
      return Optional.of("the return URL is not allowed for this buyer");
    }
    for (URI prefix : allowed) {
      if (matches(prefix, uri, scheme)) {
        return Optional.empty();
      }
    }
    return Optional.of("the return URL is not allowed for this buyer");
  }

  private static boolean matches(URI prefix, URI uri, String scheme) {
    if (prefix.getScheme() == null || prefix.getHost() == null
        || !prefix.getScheme().equalsIgnoreCase(scheme)
        || !prefix.getHost().equalsIgnoreCase(uri.getHost())
        || port(prefix) != port(uri)) {
      return false;
    }
    String prefixPath = prefix.getRawPath() == null || prefix.getRawPath().isEmpty() ? "/" : prefix.getRawPath();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (path.contains("/../") || path.endsWith("/..")) {
      return false;
    }
    if (prefixPath.endsWith("/")) {
      return path.startsWith(prefixPath);
    }
    return path.equals(prefixPath) || path.startsWith(prefixPath + "/");
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
