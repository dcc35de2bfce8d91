package se.peppolgw.punchout.security;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Return-URL allow-list. The URL is parsed (RFC 3986 syntax, {@link URI}) and compared in its decoded,
 * normalised form: scheme and host case-insensitively, the port with defaults filled in (443 / 80), and the
 * path, percent-decoded once, segment by segment against the allowed prefix's segments. Everything that
 * different parsers (ours, the browser's, the buyer's web server) could read differently is refused rather
 * than guessed:
 * <ul>
 * <li>user info ({@code user@host}), a missing or non-ASCII host, a host ending in a dot, a relative URL;</li>
 * <li>dot segments in any spelling ({@code ..}, {@code %2e%2e}, {@code .%2E}, {@code ..;x}) — browsers
 *     resolve {@code %2e%2e} like {@code ..};</li>
 * <li>percent-encoded {@code /} or {@code \} ({@code %2f}, {@code %5c}), backslashes, control characters,
 *     double encoding ({@code %252e}: a {@code %} left after decoding), malformed escapes or UTF-8;</li>
 * <li>{@code ;} path parameters within the allowed prefix ({@code /return;x/...}); after it they are fine.</li>
 * </ul>
 * The same normalisation is applied to the configured prefixes; a prefix that does not survive it matches
 * nothing. The query and fragment are not compared.
 */
public final class ReturnUrlPolicy {
  private static final String NOT_ALLOWED = "the return URL is not allowed for this buyer";
  private final List<Normalised> allowed;
  private final boolean requireHttps;

  public ReturnUrlPolicy(List<String> allowedPrefixes, boolean requireHttps) {
    List<Normalised> list = new ArrayList<>();
    for (String p : allowedPrefixes == null ? List.<String>of() : allowedPrefixes) {
      normalise(p).ifPresent(list::add);
    }
    this.allowed = List.copyOf(list);
    this.requireHttps = requireHttps;
  }

  /** A URL reduced to what is compared. {@code segments} are decoded; "" entries are empty segments. */
  private record Normalised(String scheme, String host, int port, List<String> segments, boolean trailingSlash) {
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
    Optional<Normalised> n = normalise(uri);
    if (n.isEmpty()) {
      return Optional.of(NOT_ALLOWED);
    }
    for (Normalised prefix : allowed) {
      if (matches(prefix, n.get())) {
        return Optional.empty();
      }
    }
    return Optional.of(NOT_ALLOWED);
  }

  private static Optional<Normalised> normalise(String url) {
    try {
      return normalise(new URI(url.trim()));
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static Optional<Normalised> normalise(URI uri) {
    if (uri.isOpaque() || uri.getScheme() == null || uri.getRawUserInfo() != null || uri.getHost() == null
        || uri.getRawAuthority() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    // the authority must be exactly host[:port] (URI falls back to a registry authority on odd input)
    String authority = uri.getRawAuthority();
    String expectedAuthority = host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    if (!authority.equalsIgnoreCase(expectedAuthority) && !authority.equalsIgnoreCase(host + ":")) {
      return Optional.empty();
    }
    if (host.endsWith(".") || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.empty();
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!rawPath.startsWith("/")) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    // split on the real slashes first: an encoded one (%2F) is refused below, never a boundary
    String[] raw = rawPath.substring(1).split("/", -1);
    for (String r : raw) {
      Optional<String> decoded = decode(r);
      if (decoded.isEmpty()) {
        return Optional.empty();
      }
      String seg = decoded.get();
      if (seg.indexOf('/') >= 0 || seg.indexOf('\\') >= 0 || seg.indexOf('%') >= 0
          || seg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        return Optional.empty(); // encoded slash or backslash, double encoding, control characters
      }
      String name = seg.indexOf(';') >= 0 ? seg.substring(0, seg.indexOf(';')) : seg;
      if (name.equals(".") || name.equals("..")) {
        return Optional.empty(); // dot segment in any spelling: refused, never resolved
      }
      segments.add(seg);
    }
    boolean trailingSlash = segments.get(segments.size() - 1).isEmpty();
    if (trailingSlash) {
      segments.remove(segments.size() - 1);
    }
    return Optional.of(new Normalised(scheme, host.toLowerCase(Locale.ROOT), port, List.copyOf(segments), trailingSlash));
  }

  /** The URL's path must continue the prefix's path at a segment boundary; each prefix segment matches exactly. */
  private static boolean matches(Normalised prefix, Normalised url) {
    if (!prefix.scheme().equals(url.scheme()) || !prefix.host().equals(url.host()) || prefix.port() != url.port()) {
      return false;
    }
    List<String> p = prefix.segments();
    List<String> u = url.segments();
    if (u.size() < p.size()) {
      return false;
    }
    for (int i = 0; i < p.size(); i++) {
      if (!p.get(i).equals(u.get(i))) {
        return false; // also refuses "return;x" against "return": path parameters inside the prefix
      }
    }
    if (prefix.trailingSlash() && !p.isEmpty()) {
      // "/return/" allows "/return/" and below, not "/return" itself
      return u.size() > p.size() || url.trailingSlash();
    }
    return true;
  }

  /** Percent-decodes one segment as UTF-8; empty when an escape is malformed or the bytes are not UTF-8. */
  private static Optional<String> decode(String s) {
    if (s.indexOf('%') < 0) {
      return Optional.of(s);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || s.charAt(i + 1) > 0x7f || s.charAt(i + 2) > 0x7f) {
          return Optional.empty();
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int next = s.indexOf('%', i);
        int end = next < 0 ? s.length() : next;
        bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
