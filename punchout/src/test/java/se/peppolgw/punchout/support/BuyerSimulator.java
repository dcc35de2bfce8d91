package se.peppolgw.punchout.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A buyer's procurement system and browser, over real HTTP: logs in, follows the start page, shops with the
 * shop's own forms (parsed with jsoup), checks out, and reads the auto-submit page the way a browser would.
 */
public final class BuyerSimulator {
  private final TestGateway gw;
  private final HttpClient http;

  /** A fetched page. */
  public record Page(int status, String url, String contentType, byte[] body, Document doc) {
    public String text() {
      return doc.text();
    }
  }

  /** What the auto-submit page tells the browser to post. */
  public record TransferForm(String action, String target, Charset charset, List<String[]> fields, boolean hasNoscriptButton,
      boolean hasAutoSubmitScript) {
    public String field(String name) {
      return fields.stream().filter(f -> f[0].equals(name)).map(f -> f[1]).findFirst().orElse(null);
    }

    public long count(String prefix) {
      return fields.stream().filter(f -> f[0].startsWith(prefix)).count();
    }
  }

  public BuyerSimulator(TestGateway gw, boolean keepCookies) {
    this.gw = gw;
    HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
    if (keepCookies) {
      b.cookieHandler(new CookieManager());
    }
    this.http = b.build();
  }

  public Page get(String url) {
    return follow(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  public Page postForm(String url, List<String[]> fields, Charset cs) {
    return follow(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields, cs), StandardCharsets.ISO_8859_1)).build());
  }

  public Page postXml(String url, String xml) {
    return follow(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/xml; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build());
  }

  public HttpResponse<String> postJson(String url, String bearer, String json) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Raw response, no redirect following (to look at a 303 itself). */
  public HttpResponse<byte[]> raw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private Page follow(HttpRequest request) {
    HttpResponse<byte[]> r = raw(request);
    for (int i = 0; i < 5 && (r.statusCode() == 303 || r.statusCode() == 302); i++) {
      String location = r.headers().firstValue("Location").orElseThrow();
      r = raw(HttpRequest.newBuilder(r.uri().resolve(location)).GET().build());
    }
    String ct = r.headers().firstValue("Content-Type").orElse("text/html; charset=UTF-8");
    Charset cs = StandardCharsets.UTF_8;
    int idx = ct.toLowerCase().indexOf("charset=");
    if (idx >= 0) {
      cs = Charset.forName(ct.substring(idx + 8).trim());
    }
    Document doc;
    try {
      doc = Jsoup.parse(new ByteArrayInputStream(r.body()), cs.name(), r.uri().toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Page(r.statusCode(), r.uri().toString(), ct, r.body(), doc);
  }

  // ---- protocol steps ----

  /** OCI call-up as a browser form post (or GET) into /punchout/oci/<buyer>; follows to the shop. */
  public Page ociLogin(String buyerId, Map<String, String> params, boolean usePost) {
    List<String[]> fields = params.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList();
    String url = gw.base + "/punchout/oci/" + buyerId;
    if (usePost) {
      return postForm(url, fields, StandardCharsets.UTF_8);
    }
    return get(url + "?" + encode(fields, StandardCharsets.UTF_8));
  }

  public Page peppolLogin(String buyerId, Map<String, String> params) {
    List<String[]> fields = params.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList();
    return postForm(gw.base + "/punchout/peppol/" + buyerId, fields, StandardCharsets.UTF_8);
  }

  /**
   * Adds an article from the page's list (or product page) using the shop's own add form, then opens the cart
   * (the shop itself returns to the page the buyer added from; a refused quantity shows the cart with #error).
   */
  public Page add(Page page, String article, String quantity) {
    Page after = addStaying(page, article, quantity);
    return after.status() == 200 && !after.url().contains("/shop/cart") ? openCart(after) : after;
  }

  /** Adds an article with the shop's own add form and returns the page the shop answers with. */
  public Page addStaying(Page page, String article, String quantity) {
    Element form = page.doc().select("form.add").stream()
        .filter(f -> article.equals(f.select("input[name=article]").val())).findFirst()
        .orElseThrow(() -> new AssertionError("no add form for " + article + " on " + page.url()));
    List<String[]> fields = formFields(form);
    fields.removeIf(f -> f[0].equals("quantity"));
    fields.add(new String[] {"quantity", quantity});
    return postForm(form.absUrl("action"), fields, StandardCharsets.UTF_8);
  }

  public Page search(Page page, String query) {
    Element form = page.doc().selectFirst("header form");
    List<String[]> fields = formFields(form);
    fields.removeIf(f -> f[0].equals("q"));
    fields.add(new String[] {"q", query});
    return get(form.absUrl("action") + "?" + encode(fields, StandardCharsets.UTF_8));
  }

  public Page openCart(Page page) {
    return get(page.doc().selectFirst("#cart-link").absUrl("href"));
  }

  public Page checkout(Page cartPage) {
    Element form = cartPage.doc().selectFirst("form#checkout");
    if (form == null) {
      throw new AssertionError("no checkout form on " + cartPage.url() + ": " + cartPage.text());
    }
    return postForm(form.absUrl("action"), formFields(form), StandardCharsets.UTF_8);
  }

  public static List<String[]> formFields(Element form) {
    List<String[]> fields = new ArrayList<>();
    for (Element input : form.select("input[name]")) {
      fields.add(new String[] {input.attr("name"), input.val()});
    }
    return fields;
  }

  /** Reads the auto-submit page like a browser: the form, its target and charset, every hidden field. */
  public static TransferForm transferForm(Page page) {
    Element form = page.doc().selectFirst("form#punchout-return");
    if (form == null) {
      throw new AssertionError("not a transfer page (" + page.status() + "): " + page.text());
    }
    Element meta = page.doc().selectFirst("meta[charset]");
    Charset cs = Charset.forName(meta.attr("charset"));
    List<String[]> fields = new ArrayList<>();
    for (Element input : form.select("input[type=hidden]")) {
      fields.add(new String[] {input.attr("name"), input.attr("value")});
    }
    // jsoup keeps <noscript> content as raw text, so look at the source
    String source = new String(page.body(), cs);
    boolean noscript = source.matches("(?s).*<noscript>.*<button type=\"submit\">.*</noscript>.*");
    boolean script = page.doc().select("script").html().contains("getElementById('punchout-return').submit()");
    return new TransferForm(form.attr("action"), form.attr("target"), cs, fields, noscript, script);
  }

  /** Posts the transfer form to the buyer's return URL as a browser would (charset of the page). */
  public ReturnEndpoint.Received submit(TransferForm form) {
    int before = gw.returnEndpoint.received().size();
    postForm(form.action(), form.fields(), form.charset());
    List<ReturnEndpoint.Received> all = gw.returnEndpoint.received();
    if (all.size() != before + 1) {
      throw new AssertionError("return endpoint did not receive the post");
    }
    return all.get(all.size() - 1);
  }

  /** application/x-www-form-urlencoded as browsers do it: unencodable characters become &#NNNN;. */
  public static String encode(List<String[]> fields, Charset cs) {
    StringBuilder sb = new StringBuilder();
    for (String[] f : fields) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(browserSafe(f[0], cs), cs)).append('=').append(URLEncoder.encode(browserSafe(f[1], cs), cs));
    }
    return sb.toString();
  }

  private static String browserSafe(String s, Charset cs) {
    CharsetEncoder enc = cs.newEncoder();
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> {
      String ch = new String(Character.toChars(cp));
      if (enc.canEncode(ch)) {
        out.append(ch);
      } else {
        out.append("&#").append(cp).append(';');
      }
    });
    return out.toString();
  }
}
