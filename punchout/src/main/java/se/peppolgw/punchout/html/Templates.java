package se.peppolgw.punchout.html;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

/**
 * Renders the punch-out pages: jte templates under {@code punchout/src/main/jte}, compiled to Java classes at
 * build time by jte-maven-plugin (content type HTML: every {@code ${...}} is escaped for where it stands).
 * Each template takes one page model record, so the compiler checks both sides.
 */
public final class Templates {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Templates() {
  }

  /** @param template path under src/main/jte, e.g. {@code shop/cart.jte} */
  public static String render(String template, Object model) {
    StringOutput out = new StringOutput(8192);
    ENGINE.render(template, model, out);
    return out.toString();
  }

  /**
   * The page's bytes in {@code charset}; a character the charset cannot hold becomes a numeric character
   * reference (an ISO-8859-1 page still shows an emoji instead of '?'). Safe after escaping: a reference
   * stands for the same character in text and in attribute values.
   */
  public static byte[] encode(String html, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    StringBuilder out = null;
    for (int i = 0; i < html.length(); ) {
      int cp = html.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp > 127 && !encoder.canEncode(html.substring(i, i + len))) {
        if (out == null) {
          out = new StringBuilder(html.length() + 64).append(html, 0, i);
        }
        out.append("&#").append(cp).append(';');
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i += len;
    }
    String text = out == null ? html : out.toString();
    try {
      ByteBuffer bytes = encoder.reset().encode(CharBuffer.wrap(text));
      byte[] result = new byte[bytes.remaining()];
      bytes.get(result);
      return result;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("not encodable in " + charset + " after character references", e);
    }
  }
}
