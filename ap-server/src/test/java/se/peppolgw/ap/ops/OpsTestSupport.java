package se.peppolgw.ap.ops;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.PasswordHashes;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Operators for tests, API and browser-session calls, and direct seeding of the log. */
final class OpsTestSupport {
  static final String VIEWER_TOKEN = "viewer-token-0123456789";
  static final String OPERATOR_TOKEN = "operator-token-0123456789";
  static final String ADMIN_TOKEN = "admin-token-0123456789";
  static final String PASSWORD = "correct horse battery staple";
  private static final String HASH = PasswordHashes.hash(PASSWORD, 4);

  private OpsTestSupport() {}

  /** Three operators, one per role, with password {@link #PASSWORD} and one token each. */
  static GatewayFixture withOperators(GatewayFixture f) {
    f.with("gateway.operators", "vera,olle,ada");
    user(f, "vera", "viewer", VIEWER_TOKEN);
    user(f, "olle", "operator", OPERATOR_TOKEN);
    user(f, "ada", "admin", ADMIN_TOKEN);
    return f;
  }

  private static void user(GatewayFixture f, String name, String role, String token) {
    f.with("gateway.operator." + name + ".role", role);
    f.with("gateway.operator." + name + ".password-hash", HASH);
    f.with("gateway.operator." + name + ".token-hashes", ApiTokens.hash(token));
  }

  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static HttpResponse<String> call(GatewayFixture f, String method, String path, String token, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.url(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(GatewayFixture f, String path, String token) throws Exception {
    return call(f, "GET", path, token, null);
  }

  static HttpResponse<String> post(GatewayFixture f, String path, String token) throws Exception {
    return call(f, "POST", path, token, null);
  }

  /** A logged-in browser: session cookie and the CSRF token from a page. */
  record Browser(GatewayFixture f, String cookie) {
    static Browser login(GatewayFixture f, String user) throws Exception {
      HttpResponse<String> r = loginResponse(f, user, PASSWORD, "/ops/");
      if (r.statusCode() != 302 && r.statusCode() != 303) {
        throw new AssertionError("login failed: " + r.statusCode());
      }
      return new Browser(f, sessionCookie(r));
    }

    /** The session cookie ({@code name=value}) a login response sets. */
    static String sessionCookie(HttpResponse<String> r) {
      String setCookie =
          r.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith(OpsAuth.COOKIE + "="))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no session cookie: " + r.headers()));
      return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /**
     * What a browser does: loads the login form (which may set a pre-session cookie and carry a
     * form token) and posts it back with the same origin.
     */
    static HttpResponse<String> loginResponse(GatewayFixture f, String user, String password, String next)
        throws Exception {
      LoginForm form = LoginForm.load(f);
      return form.post(f, user, password, next, form.sameOrigin(f));
    }

    /** A login from this client address (the gateway must trust X-Forwarded-For). */
    static HttpResponse<String> loginFrom(GatewayFixture f, String address, String user, String password)
        throws Exception {
      LoginForm form = LoginForm.load(f);
      return form.post(f, user, password, "/ops/", form.sameOrigin(f), address);
    }

    HttpResponse<String> get(String path) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(f.url(path)).header("Cookie", cookie).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(f.url(path))
              .header("Cookie", cookie)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    String csrf() throws Exception {
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/ops/").body());
      if (!m.find()) {
        throw new AssertionError("no CSRF token on the dashboard");
      }
      return m.group(1);
    }
  }

  /** The login page as a browser has it: its pre-session cookie and form token, if any. */
  record LoginForm(String cookie, String token) {
    static LoginForm load(GatewayFixture f) throws Exception {
      HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(f.url("/ops/login")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
      String cookie = page.headers().allValues("Set-Cookie").stream().findFirst()
          .map(c -> c.substring(0, c.indexOf(';'))).orElse(null);
      return new LoginForm(cookie, m.find() ? m.group(1) : null);
    }

    String sameOrigin(GatewayFixture f) {
      URI u = f.url("/");
      return u.getScheme() + "://" + u.getAuthority();
    }

    HttpResponse<String> post(GatewayFixture f, String user, String password, String next, String origin)
        throws Exception {
      return post(f, user, password, next, origin, null);
    }

    HttpResponse<String> post(
        GatewayFixture f, String user, String password, String next, String origin, String forwardedFor)
        throws Exception {
      String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
          + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
          + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
          + (token == null ? "" : "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      HttpRequest.Builder b = HttpRequest.newBuilder(f.url("/ops/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      if (origin != null) {
        b.header("Origin", origin);
      }
      if (forwardedFor != null) {
        b.header("X-Forwarded-For", forwardedFor);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A row written directly into the log (tests need exact times, states and identifiers). */
  static final class Row {
    String id = UUID.randomUUID().toString();
    String direction = "IN";
    String state = "HANDED_OVER";
    String doctype = se.peppolgw.ap.peppol.DocumentTypeAliases.expand("order");
    String sender = "0088:7365560000009";
    String receiver = "0007:5567212345";
    String businessId;
    String orderRef;
    String buyerRef;
    String sbdhId = UUID.randomUUID().toString();
    String as4Id = UUID.randomUUID() + "@test";
    String errorCode;
    String errorDetail;
    Instant createdAt = Instant.now();
    byte[] document;
    boolean outbox;
    Instant nextAttempt;

    Row out(String state) {
      direction = "OUT";
      this.state = state;
      String s = sender;
      sender = receiver;
      receiver = s;
      return this;
    }

    Row type(String alias) {
      doctype = se.peppolgw.ap.peppol.DocumentTypeAliases.expand(alias);
      return this;
    }

    String insert(Database db) throws SQLException {
      try (Connection c = db.connection()) {
        exec(c,
            "INSERT INTO transmission (id, direction, state, as4_message_id, sbdh_instance_id, sender_id,"
                + " receiver_id, doctype_id, process_id, business_id, order_ref, buyer_ref, error_code,"
                + " error_detail, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            id, direction, state, as4Id, sbdhId, sender, receiver, doctype, "urn:test:process",
            businessId, orderRef, buyerRef, errorCode, errorDetail, ts(createdAt), ts(createdAt));
        exec(c, "INSERT INTO transmission_event (transmission_id, at, type, message) VALUES (?,?,?,?)",
            id, ts(createdAt), direction.equals("IN") ? "RECEIVED" : "ACCEPTED", "seeded");
        if (direction.equals("IN") && java.util.Set.of("RECEIVED", "HANDED_OVER", "ACKNOWLEDGED").contains(state)) {
          // as the store queues an accepted document for its validation and MLS answer (V72)
          exec(c, "INSERT INTO inbound_followup (transmission_id, step, seq)"
              + " SELECT id, 'VALIDATE', seq FROM transmission WHERE id = ?", id);
        }
        if (document != null) {
          exec(c,
              "INSERT INTO payload (transmission_id, kind, content_type, size, sha256, created_at, content)"
                  + " VALUES (?,?,?,?,?,?,?)",
              id, "DOCUMENT", "application/xml", (long) document.length, "0".repeat(64), ts(createdAt), document);
        }
        if (direction.equals("OUT")) {
          byte[] sbd = document == null ? "<StandardBusinessDocument/>".getBytes(StandardCharsets.UTF_8) : document;
          exec(c,
              "INSERT INTO payload (transmission_id, kind, content_type, size, sha256, created_at, content)"
                  + " VALUES (?,?,?,?,?,?,?)",
              id, "SBD", "application/xml", (long) sbd.length, "0".repeat(64), ts(createdAt), sbd);
        }
        if (outbox) {
          exec(c,
              "INSERT INTO outbox (transmission_id, next_attempt_at, attempts, created_at) VALUES (?,?,1,?)",
              id, ts(nextAttempt == null ? Instant.now().plusSeconds(86_400) : nextAttempt), ts(createdAt));
        }
      }
      return id;
    }

    private static OffsetDateTime ts(Instant i) {
      return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        ps.executeUpdate();
      }
    }
  }

  static URI uri(GatewayFixture f, String path) {
    return f.url(path);
  }
}
