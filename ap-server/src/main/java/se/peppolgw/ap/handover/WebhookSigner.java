package se.peppolgw.ap.handover;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature every webhook of the gateway carries (inbound hand-over and outbound status
 * alike), so a back office verifies both with one piece of code: {@code X-Gateway-Timestamp} is
 * the Unix time in seconds, {@code X-Gateway-Signature: sha256=<hex>} an HMAC-SHA256 over {@code
 * "<timestamp>.<body>"} with the shared secret.
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "X-Gateway-Signature";
  public static final String TIMESTAMP_HEADER = "X-Gateway-Timestamp";

  private final byte[] secret;
  private final Clock clock;

  /** The two header values of one request. */
  public record Signed(String timestamp, String signature) {}

  public WebhookSigner(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** Signs a body with the current time. */
  public Signed sign(byte[] body) {
    String ts = Long.toString(clock.instant().getEpochSecond());
    return new Signed(ts, "sha256=" + hmacHex(secret, ts, body));
  }

  /** The signature a receiver recomputes: HMAC-SHA256(secret, timestamp + "." + body), hex. */
  public static String hmacHex(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
