package se.peppolgw.ap.desk.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.ops.security.PasswordHashes;
import se.peppolgw.ap.testkit.GatewayFixture;

/** A browser session at the desk: logs in through /ops/login and posts forms with the CSRF token. */
record DeskBrowser(GatewayFixture f, String cookie, String csrf) {
  static final String PASSWORD = "correct horse battery staple";
  static final String ADMIN_TOKEN = "desk-admin-token-0123456789";
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** Operators carla (clerk), vera (viewer), olle (operator) and ada (admin, token {@link #ADMIN_TOKEN}). */
  static GatewayFixture withOperators(GatewayFixture f) {
    String hash = PasswordHashes.hash(PASSWORD, 4);
    f.with("gateway.operators", "carla,vera,olle,ada");
    for (String[] u : new String[][] {{"carla", "clerk"}, {"vera", "viewer"}, {"olle", "operator"}, {"ada", "admin"}}) {
      f.with("gateway.operator." + u[0] + ".role", u[1]);
      f.with("gateway.operator." + u[0] + ".password-hash", hash);
    }
    f.with("gateway.operator.ada.token-hashes", ApiTokens.hash(ADMIN_TOKEN));
    return f;
  }

  static DeskBrowser login(GatewayFixture f, String user) throws Exception {
    HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(f.url("/ops/login")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    String pre = form.headers().allValues("Set-Cookie").stream().findFirst()
        .map(c -> c.substring(0, c.indexOf(';'))).orElse(null);
    String body = "username=" + user + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
        + "&next=%2Fops%2Fdesk%2F" + (m.find() ? "&_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) : "");
    HttpRequest.Builder b = HttpRequest.newBuilder(f.url("/ops/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", origin(f))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (pre != null) {
      b.header("Cookie", pre);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gw_ops="))
        .findFirst().map(c -> c.substring(0, c.indexOf(';')))
        .orElseThrow(() -> new AssertionError("login of " + user + " failed: " + r.statusCode()));
    DeskBrowser nocsrf = new DeskBrowser(f, cookie, null);
    Matcher t = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(nocsrf.get("/ops/").body());
    if (!t.find()) {
      throw new AssertionError("no CSRF token on the dashboard");
    }
    return new DeskBrowser(f, cookie, t.group(1));
  }

  static String origin(GatewayFixture f) {
    URI u = f.url("/");
    return u.getScheme() + "://" + u.getAuthority();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(f.url(path)).header("Cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts the form with this session's CSRF token (unless the fields name their own). */
  HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("_csrf", csrf);
    all.putAll(fields);
    StringBuilder body = new StringBuilder();
    all.forEach((k, v) -> {
      if (v != null) {
        body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return HTTP.send(
        HttpRequest.newBuilder(f.url(path))
            .header("Cookie", cookie)
            .header("Origin", origin(f))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The hidden fields of the preview's confirm form. */
  static Map<String, String> hiddenFields(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
    while (m.find()) {
      out.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    out.remove("_csrf");
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
