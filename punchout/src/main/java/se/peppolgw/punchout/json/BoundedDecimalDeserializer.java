package se.peppolgw.punchout.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.math.BigDecimal;
import se.peppolgw.punchout.cart.BoundedDecimal;

/**
 * A decimal field of a configuration file (catalogue prices and VAT rates, contracted prices): the number's
 * text goes through {@link BoundedDecimal}; a refusal fails the load with a message naming the field (Jackson
 * adds the path, e.g. {@code items[3]->price}).
 */
public abstract class BoundedDecimalDeserializer extends JsonDeserializer<BigDecimal> {
  private final BoundedDecimal kind;

  protected BoundedDecimalDeserializer(BoundedDecimal kind) {
    this.kind = kind;
  }

  @Override
  public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_STRING) {
      return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
    }
    String text = p.getText();
    String field = p.currentName() == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : p.currentName();
    try {
      return kind.parse(text, field);
    } catch (BoundedDecimal.Refused e) {
      throw InvalidFormatException.from(p, e.getMessage(), text.length() > 40 ? text.substring(0, 40) + "…" : text,
          BigDecimal.class);
    }
  }

  /** Unit prices. */
  public static final class Price extends BoundedDecimalDeserializer {
    public Price() {
      super(BoundedDecimal.PRICE);
    }
  }

  /** VAT rates in percent. */
  public static final class VatRate extends BoundedDecimalDeserializer {
    public VatRate() {
      super(BoundedDecimal.VAT_RATE);
    }
  }
}
