package se.peppolgw.punchout.cart.field;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The values of a line's (or a catalogue article's) {@link LineField}s, immutable. In JSON they are plain
 * properties beside the typed ones ({@code "gtin": "7310000000011"}), so the catalogue, the cart API and the
 * stored sessions keep the shape they had when every field was a record component.
 */
public final class LineDetails {
  public static final LineDetails NONE = new LineDetails(new EnumMap<>(LineField.class));

  /** What a JSON reader does with a property that is no {@link LineField}. */
  public enum Unknown {
    /** The catalogue and the cart API: a misspelt field is an error, not silently dropped data. */
    REFUSE,
    /** A stored session: a field a newer node wrote is dropped by an older one, like any unknown property. */
    IGNORE
  }

  private final EnumMap<LineField, String> values;

  private LineDetails(EnumMap<LineField, String> values) {
    this.values = values;
  }

  public static LineDetails of(Map<LineField, String> values) {
    EnumMap<LineField, String> copy = new EnumMap<>(LineField.class);
    values.forEach((f, v) -> {
      if (v != null) {
        copy.put(Objects.requireNonNull(f), v);
      }
    });
    return new LineDetails(copy);
  }

  /**
   * From the JSON properties a reader did not bind to a typed component (Jackson's {@code @JsonAnySetter}).
   * A number is taken as its text (as Jackson does for a text property); an object or a list is refused.
   *
   * @throws IllegalArgumentException naming the property that is unknown (when refused) or not text
   */
  public static LineDetails fromJson(Map<String, Object> properties, Unknown unknown) {
    if (properties == null || properties.isEmpty()) {
      return NONE;
    }
    EnumMap<LineField, String> values = new EnumMap<>(LineField.class);
    for (Map.Entry<String, Object> p : properties.entrySet()) {
      LineField field = LineField.byJson(p.getKey()).orElse(null);
      if (field == null) {
        if (unknown == Unknown.REFUSE) {
          throw new IllegalArgumentException("unknown field \"" + p.getKey() + "\" (known besides the fixed ones: "
              + Arrays.stream(LineField.values()).map(LineField::json).collect(Collectors.joining(", ")) + ")");
        }
        continue;
      }
      Object v = p.getValue();
      if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
        throw new IllegalArgumentException("field \"" + p.getKey() + "\" must be text");
      }
      if (v != null) {
        values.put(field, v instanceof BigDecimal d ? d.toPlainString() : v.toString());
      }
    }
    return new LineDetails(values);
  }

  /** The value, or null. */
  public String get(LineField field) {
    return values.get(field);
  }

  /** Every field with a value, in declaration order. */
  public Map<LineField, String> present() {
    return Collections.unmodifiableMap(values);
  }

  /** For a JSON writer ({@code @JsonAnyGetter}): property name to value, in declaration order. */
  public Map<String, String> byJsonName() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((f, v) -> out.put(f.json(), v));
    return out;
  }

  /** Each field's own value, or where it has none the fallback's. */
  public LineDetails orElse(LineDetails fallback) {
    EnumMap<LineField, String> merged = new EnumMap<>(fallback.values);
    merged.putAll(values);
    return new LineDetails(merged);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LineDetails d && values.equals(d.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
