package se.peppolgw.ap.outbound;

/**
 * When Peppol BIS validation runs. It can only be skipped when the configuration says so, and a
 * skipped validation is always written on the transmission's timeline.
 *
 * @param enabled {@code gateway.outbound.validation.enabled}: validate every document
 * @param allowSkipPerRequest {@code gateway.outbound.validation.allow-skip}: a request may ask
 *     for no validation ({@code validate=false}); otherwise such a request is refused with 400
 */
public record ValidationPolicy(boolean enabled, boolean allowSkipPerRequest) {
  public static final ValidationPolicy STRICT = new ValidationPolicy(true, false);
}
