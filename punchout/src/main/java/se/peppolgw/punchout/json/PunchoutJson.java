package se.peppolgw.punchout.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON reader of the punch-out (configuration files and the cart API). Unknown fields are errors,
 * floats are never read as {@code double}, a float is never silently cut to an int, and the parser itself is
 * bounded ({@link StreamReadConstraints}): numbers of at most {@value #MAX_NUMBER_LENGTH} characters (the
 * decimal fields then go through {@link se.peppolgw.punchout.cart.BoundedDecimal}, which allows 32),
 * nesting at most {@value #MAX_NESTING_DEPTH} deep (our documents need 4), strings of at most
 * {@value #MAX_STRING_LENGTH} characters, names of at most {@value #MAX_NAME_LENGTH}. The size of a cart API
 * body is limited by the servlet before it reaches the parser.
 */
public final class PunchoutJson {
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final int MAX_NESTING_DEPTH = 32;
  public static final int MAX_STRING_LENGTH = 100_000;
  public static final int MAX_NAME_LENGTH = 256;

  private PunchoutJson() {
  }

  public static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build())
        .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
