package se.peppolgw.smp.trace;

/** Minimal JSON text builder for the trace objects, so this module needs no JSON library. */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder(256);
  private boolean needsComma;

  JsonWriter beginObject() {
    out.append('{');
    needsComma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  JsonWriter field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonWriter field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  JsonWriter field(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /** Appends a value that is already valid JSON (a nested object or array). */
  JsonWriter rawField(String name, String json) {
    name(name);
    out.append(json);
    return this;
  }

  private void name(String name) {
    if (needsComma) {
      out.append(',');
    }
    string(name);
    out.append(':');
    needsComma = true;
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
