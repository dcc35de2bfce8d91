package se.peppolgw.punchout.transfer;

/** One hidden input of the page that posts the cart to the buyer. */
public record FormField(String name, String value) {
}
