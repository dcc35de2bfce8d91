package se.peppolgw.punchout.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/**
 * Reads a JSON number (or a string holding one) as its text, exactly as written, without converting it: the
 * caller then parses it with {@link se.peppolgw.punchout.cart.BoundedDecimal} and can report a refusal per
 * cart line. The parser's number length limit ({@link PunchoutJson#MAX_NUMBER_LENGTH}) still applies.
 */
public final class NumberText extends JsonDeserializer<String> {
  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    return (String) ctxt.handleUnexpectedToken(String.class, p);
  }
}
