package se.peppolgw.ap.config;

import java.time.Duration;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;

/**
 * The {@code gateway.inbound.*} settings (what this gateway accepts from other access points),
 * bound once from the configuration (README.md lists every key and default). A wrong value refuses
 * the whole area with one line per problem.
 *
 * @param maxPayloadBytes largest SBD accepted after decompression (gzip bombs stop here)
 * @param duplicateWindow how long a received message id is remembered to recognise a duplicate
 * @param duplicateAnswer what a duplicate gets: {@code receipt} (default) or {@code error}
 * @param validationHandOverFailed whether a received document that failed the validation after
 *     receipt is still handed to the back office (marked {@code validation: failed}); default true:
 *     the AS4 receipt has already accepted it, so the back office decides (docs/mls-receiving.md)
 * @param mlsSend whether a Peppol MLS answers each received business document ({@code
 *     gateway.mls.send}, default true)
 */
public record ReceiveSettings(
    long maxPayloadBytes,
    Duration duplicateWindow,
    DuplicateAnswer duplicateAnswer,
    boolean validationHandOverFailed,
    boolean mlsSend) {

  static ReceiveSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    ReceiveSettings s =
        new ReceiveSettings(
            p.read(() -> c.longValue("gateway.inbound.max-payload-bytes", 100L * 1024 * 1024, 1_024,
                GatewayConfig.MAX_BYTES), 0L),
            p.read(() -> Duration.ofDays(c.intValue("gateway.inbound.duplicate-window-days", 30, 1, 3_650)), null),
            p.read(() -> src.get("gateway.inbound.duplicate-answer")
                .map(DuplicateAnswer::parse)
                .orElse(DuplicateAnswer.RECEIPT), null),
            p.read(() -> c.bool("gateway.inbound.validation.hand-over-failed", true), true),
            p.read(() -> c.bool("gateway.mls.send", true), true));
    p.throwIfAny();
    return s;
  }
}
