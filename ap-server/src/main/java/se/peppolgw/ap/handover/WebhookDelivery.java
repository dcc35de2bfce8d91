package se.peppolgw.ap.handover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * POSTs an inbound document to the back office's webhook: the body is the business document
 * (application/xml, byte for byte), the metadata travels in headers, and {@code
 * X-Gateway-Signature: sha256=<hex>} is an HMAC-SHA256 over {@code "<timestamp>.<body>"} with the
 * shared secret ({@link WebhookSigner}), so the receiver can check origin and freshness. Delivery
 * is at least once: the receiver should treat {@code X-Gateway-Transmission-Id} as an idempotency
 * key.
 */
public final class WebhookDelivery {
  public static final String SIGNATURE_HEADER = WebhookSigner.SIGNATURE_HEADER;
  public static final String TIMESTAMP_HEADER = WebhookSigner.TIMESTAMP_HEADER;
  public static final String ID_HEADER = "X-Gateway-Transmission-Id";
  public static final String METADATA_HEADER = "X-Gateway-Metadata";

  private final URI url;
  private final WebhookSigner signer;
  private final HttpClient http;

  public WebhookDelivery(URI url, String secret, Clock clock) {
    this(url, secret, clock, OutboundTls.jdkDefault());
  }

  /** @param tls how an https webhook's certificate is verified (host name checked, TLS 1.2+) */
  public WebhookDelivery(URI url, String secret, Clock clock, OutboundTls tls) {
    this.url = url;
    this.signer = new WebhookSigner(secret, clock);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(tls.sslContext())
            .sslParameters(tls.sslParameters())
            .build();
  }

  public URI url() {
    return url;
  }

  /** Delivers or throws with a reason an operator can act on. */
  public void deliver(String transmissionId, byte[] document, byte[] metadataJson) throws IOException {
    WebhookSigner.Signed signed = signer.sign(document);
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/xml")
            .header(ID_HEADER, transmissionId)
            .header(TIMESTAMP_HEADER, signed.timestamp())
            .header(METADATA_HEADER, Base64.getUrlEncoder().withoutPadding().encodeToString(metadataJson))
            .header(SIGNATURE_HEADER, signed.signature())
            .POST(HttpRequest.BodyPublishers.ofByteArray(document))
            .build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling the webhook", e);
    }
    if (resp.statusCode() / 100 != 2) {
      String body = resp.body() == null ? "" : resp.body();
      throw new IOException(
          "webhook " + url + " answered HTTP " + resp.statusCode()
              + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
    }
  }

  /** The signature a receiver recomputes (see {@link WebhookSigner#hmacHex}). */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    return WebhookSigner.hmacHex(secret, timestamp, body);
  }
}
