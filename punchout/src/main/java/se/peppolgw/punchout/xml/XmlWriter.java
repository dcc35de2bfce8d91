package se.peppolgw.punchout.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming XML writer for the documents we emit (cXML, UBL). Unlike the JDK's StAX writer it can
 * write a DOCTYPE line and can make the output ASCII-only with character references (needed for
 * {@code cxml-urlencoded}). Output is indented so operators can read logged payloads.
 */
public final class XmlWriter {
  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<String> open = new ArrayDeque<>();
  /** Per open element: has it received text? Then it is mixed content and must not be indented. */
  private final Deque<Boolean> mixed = new ArrayDeque<>();
  private final boolean asciiOnly;
  private boolean startTagOpen;

  public XmlWriter(boolean asciiOnly) {
    this.asciiOnly = asciiOnly;
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  public XmlWriter doctype(String root, String systemId) {
    out.append("<!DOCTYPE ").append(root).append(" SYSTEM \"").append(systemId).append("\">\n");
    return this;
  }

  public XmlWriter start(String name) {
    closeStartTag();
    if (!open.isEmpty() && !mixed.peek()) {
      newline();
    }
    out.append('<').append(name);
    open.push(name);
    mixed.push(Boolean.FALSE);
    startTagOpen = true;
    return this;
  }

  public XmlWriter attr(String name, String value) {
    if (value == null) {
      return this;
    }
    if (!startTagOpen) {
      throw new IllegalStateException("attribute outside start tag: " + name);
    }
    out.append(' ').append(name).append("=\"");
    escape(value, true);
    out.append('"');
    return this;
  }

  public XmlWriter text(String value) {
    closeStartTag();
    if (value != null) {
      escape(value, false);
    }
    if (!mixed.isEmpty()) {
      mixed.pop();
      mixed.push(Boolean.TRUE);
    }
    return this;
  }

  public XmlWriter end() {
    String name = open.pop();
    boolean wasMixed = mixed.pop();
    if (startTagOpen) {
      out.append("/>");
      startTagOpen = false;
    } else {
      if (!wasMixed) {
        newline();
      }
      out.append("</").append(name).append('>');
    }
    return this;
  }

  /** {@code <name>text</name>}; nothing at all when text is null. */
  public XmlWriter element(String name, String text) {
    if (text == null) {
      return this;
    }
    return start(name).text(text).end();
  }

  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return out.toString() + "\n";
  }

  private void closeStartTag() {
    if (startTagOpen) {
      out.append('>');
      startTagOpen = false;
    }
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < open.size(); i++) {
      out.append("  ");
    }
  }

  private void escape(String s, boolean attribute) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n', '\r', '\t' -> {
          if (attribute) {
            out.append("&#").append(cp).append(';');
          } else {
            out.appendCodePoint(cp);
          }
        }
        default -> {
          if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
            continue; // not allowed in XML 1.0: dropped rather than producing a document nobody can parse
          }
          if (asciiOnly && cp > 0x7E) {
            out.append("&#x").append(Integer.toHexString(cp).toUpperCase()).append(';');
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    }
  }
}
