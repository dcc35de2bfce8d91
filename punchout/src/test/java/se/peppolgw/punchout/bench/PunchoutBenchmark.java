package se.peppolgw.punchout.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import se.peppolgw.punchout.security.SecretHasher;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.CartJson;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Prints the punch-out figures for docs/benchmarks.md: setup-to-start-page latency (p50/p99) for OCI and cXML,
 * and the time to render and transfer a 500-line cart. Runs the gateway on Jetty on loopback, over real HTTP,
 * with the production PBKDF2 cost. Run: {@code punchout/bench.sh} (see punchout/README.md).
 */
public final class PunchoutBenchmark {
  private PunchoutBenchmark() {
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int cartRounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (TestGateway gw = new TestGateway(SecretHasher.DEFAULT_ITERATIONS)) {
      BuyerSimulator buyer = new BuyerSimulator(gw, false);
      System.out.printf(Locale.ROOT, "punch-out benchmark: %d setups per protocol, %d 500-line transfers, %d cores, Java %s%n",
          rounds, cartRounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      report("OCI 4.0 setup -> start page (login POST, start URL, shop page)", measure(rounds, () -> () -> ociStart(gw, buyer)));
      report("cXML setup -> start page (PunchOutSetupRequest, start URL, shop page)", measure(rounds, () -> () -> cxmlStart(gw, buyer)));
      report("500-line cart, OCI 4.0: store via cart API + render transfer page", measure(cartRounds, () -> {
        String[] s = ociSession(gw, buyer);
        return () -> transfer500(gw, buyer, s);
      }));
      report("500-line cart, cXML: store via cart API + render transfer page", measure(cartRounds, () -> {
        String[] s = cxmlSession(gw, buyer);
        return () -> transfer500(gw, buyer, s);
      }));
    }
  }

  /** Runs {@code prepare} untimed, then the returned action timed; 10% extra warm-up rounds are discarded. */
  private static List<Long> measure(int rounds, Supplier<Runnable> prepare) {
    int warmup = Math.max(5, rounds / 10);
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < warmup + rounds; i++) {
      Runnable action = prepare.get();
      long t0 = System.nanoTime();
      action.run();
      long t = System.nanoTime() - t0;
      if (i >= warmup) {
        nanos.add(t);
      }
    }
    return nanos;
  }

  private static void report(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%-75s n=%4d  p50=%7.2f ms  p99=%7.2f ms  max=%7.2f ms%n", what, sorted.size(),
        ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(sorted.get(sorted.size() - 1)));
  }

  private static long percentile(List<Long> sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static Map<String, String> ociParams(TestGateway gw) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    p.put("~OkCode", "ADDI");
    return p;
  }

  private static void ociStart(TestGateway gw, BuyerSimulator buyer) {
    Page shop = buyer.ociLogin("t-oci4", ociParams(gw), true);
    check(shop.status() == 200, "OCI start failed: " + shop.status());
  }

  private static String cxmlStartUrl(TestGateway gw, BuyerSimulator buyer) {
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("create", "NetworkID", "buyer-cxml",
        TestGateway.CXML_SECRET, "bench", gw.returnUrl("cxml"), null));
    return CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("URL").item(0).getTextContent();
  }

  private static void cxmlStart(TestGateway gw, BuyerSimulator buyer) {
    Page shop = buyer.get(cxmlStartUrl(gw, buyer));
    check(shop.status() == 200, "cXML start failed: " + shop.status());
  }

  /** The session id the start redirect hands the external shop, and the API secret the shop posts with. */
  private static String[] sessionFromStart(BuyerSimulator buyer, String startUrl) {
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(startUrl)).GET().build());
    String shopUrl = start.headers().firstValue("Location").orElseThrow();
    return new String[] {shopUrl.replaceAll(".*[?&]punchout_session=([0-9a-f]+).*", "$1"), TestGateway.SHOP_API_SECRET,
        java.net.URLDecoder.decode(shopUrl.replaceAll(".*[?&]punchout_transfer=([^&]+).*", "$1"), StandardCharsets.UTF_8)};
  }

  /** OCI 4.0 buyer served by the supplier's own shop (cart API), prices trusted. */
  private static String[] ociSession(TestGateway gw, BuyerSimulator buyer) {
    Map<String, String> p = ociParams(gw);
    p.put("HOOK_URL", gw.returnUrl("shop-trust"));
    HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-shop-trust"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(p.entrySet().stream()
            .map(e -> new String[] {e.getKey(), e.getValue()}).toList(), StandardCharsets.UTF_8))).build());
    return sessionFromStart(buyer, login.headers().firstValue("Location").orElseThrow());
  }

  private static String[] cxmlSession(TestGateway gw, BuyerSimulator buyer) {
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("create", "NetworkID", "buyer-cxml-shop",
        TestGateway.CXML_SECRET, "bench", gw.returnUrl("shop-cxml"), null));
    String startUrl = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("URL").item(0).getTextContent();
    return sessionFromStart(buyer, startUrl);
  }

  private static final String CART_500 = CartJson.lines(500);

  private static void transfer500(TestGateway gw, BuyerSimulator buyer, String[] session) {
    HttpResponse<String> stored = buyer.postJson(gw.base + "/punchout/api/sessions/" + session[0] + "/cart", session[1], CART_500);
    check(stored.statusCode() == 200, "cart API: " + stored.body());
    // the browser follows the transfer link the shop was given at the start (it carries the browser's sid)
    Page page = buyer.get(session[2]);
    check(page.status() == 200 && page.doc().selectFirst("form#punchout-return") != null, "transfer failed");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
