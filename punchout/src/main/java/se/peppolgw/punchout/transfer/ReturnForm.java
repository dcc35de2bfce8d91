package se.peppolgw.punchout.transfer;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A cart rendered for the buyer's protocol: where the browser must post it, in which frame and charset, the
 * fields, and the exact payload for the transfer log.
 */
public record ReturnForm(
    String action,
    String target,
    Charset charset,
    List<FormField> fields,
    String payloadMediaType,
    String payload) {
}
