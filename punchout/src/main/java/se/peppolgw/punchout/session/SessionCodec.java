package se.peppolgw.punchout.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.cart.CartLine;

/**
 * JSON for the parts of a session that are not looked up by: what the setup request said (the context) and
 * the cart lines. Unknown properties are ignored so that a newer node can read what an older one wrote.
 */
final class SessionCodec {
  /** Everything a session needs besides its lookup keys, state and cart. */
  record Context(String csrfToken, String returnUrl, String returnTarget, String charset, Map<String, String> ociEcho,
      Map<String, List<String>> extraParameters, CxmlContext cxml, String buyerReference, String landingArticle) {
  }

  private static final TypeReference<List<CartLine>> LINES = new TypeReference<>() {
  };
  private final ObjectMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  String context(PunchoutSession s) {
    return write(new Context(s.csrfToken(), s.returnUrl(), s.returnTarget(), s.charset().name(), s.ociEcho(),
        s.extraParameters(), s.cxml(), s.buyerReference(), s.landingArticle()));
  }

  Context context(String text) {
    return read(text, Context.class);
  }

  static Charset charset(Context c) {
    return Charset.forName(c.charset());
  }

  String cart(List<CartLine> lines) {
    return write(lines);
  }

  List<CartLine> cart(String text) {
    try {
      return text == null || text.isEmpty() ? List.of() : json.readValue(text, LINES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored cart is not readable: " + e.getOriginalMessage());
    }
  }

  private String write(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write session JSON: " + e.getOriginalMessage());
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored session is not readable: " + e.getOriginalMessage());
    }
  }
}
