package se.peppolgw.punchout.support;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;

/** HTML escaping for the stand-in buyer page ({@link ReturnEndpoint}); the gateway's own pages are jte templates. */
public final class Html {
  private Html() {
  }

  public static String esc(String s) {
    return esc(s, null);
  }

  /**
   * Escapes markup characters; with a charset, characters it cannot encode become numeric character
   * references (so an ISO-8859-1 page still shows an emoji rather than '?').
   */
  public static String esc(String s, Charset charset) {
    if (s == null) {
      return "";
    }
    CharsetEncoder encoder = charset == null ? null : charset.newEncoder();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (encoder != null && cp > 127 && !encoder.canEncode(s.substring(i, i + len))) {
            out.append("&#").append(cp).append(';');
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
      i += len;
    }
    return out.toString();
  }
}
