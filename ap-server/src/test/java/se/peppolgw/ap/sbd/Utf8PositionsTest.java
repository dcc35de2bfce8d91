package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8PositionsTest {
  private static final String[] PIECES = {"a", "<", ">", "é", "€", "😀", "\n", "\r", "\r\n", " ", "ß"};

  /** Reference: decode, find the line start as the parser counts lines, encode the prefix. */
  private static int expected(String text, int line, int column) {
    int i = 0;
    for (int l = 1; l < line; l++) {
      while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
        i++;
      }
      if (i >= text.length()) {
        return -1;
      }
      i += text.startsWith("\r\n", i) ? 2 : 1;
    }
    int at = i + column - 1;
    if (at > text.length()) {
      return -1;
    }
    return text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void agreesWithDecodingOnRandomText() {
    Random rnd = new Random(42);
    int checked = 0;
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(40);
      for (int k = 0; k < n; k++) {
        sb.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      for (int line = 1; line <= 4; line++) {
        for (int column = 1; column <= 12; column++) {
          int exp = expected(text, line, column);
          // a column inside a surrogate pair is not a position the parser reports
          boolean splitsPair = exp >= 0 && startOfLine(text, line) + column - 1 > 0
              && Character.isLowSurrogate(charAtOrZero(text, startOfLine(text, line) + column - 1));
          if (!splitsPair) {
            assertEquals(exp, Utf8Positions.byteOffset(bytes, line, column), text + " @" + line + ":" + column);
            checked++;
            // walking on from an earlier known position gives the same offset
            int fromLine = 1 + rnd.nextInt(line);
            int fromColumn = fromLine == line ? 1 + rnd.nextInt(column) : 1 + rnd.nextInt(12);
            int fromByte = Utf8Positions.byteOffset(bytes, fromLine, fromColumn);
            int fromAt = startOfLine(text, fromLine) + fromColumn - 1;
            boolean fromSplits = fromByte >= 0 && Character.isLowSurrogate(charAtOrZero(text, fromAt));
            // a parser only reports columns within their line
            boolean withinLine = fromAt <= text.length()
                && text.substring(Math.min(startOfLine(text, fromLine), text.length()), fromAt).chars()
                    .noneMatch(ch -> ch == '\n' || ch == '\r');
            if (fromByte >= 0 && !fromSplits && withinLine) {
              assertEquals(exp, Utf8Positions.byteOffsetFrom(bytes, line, column, fromLine, fromColumn, fromByte),
                  text + " @" + line + ":" + column + " from " + fromLine + ":" + fromColumn);
            }
          }
        }
      }
    }
    assertEquals(true, checked > 50_000, "checked " + checked);
  }

  @Test
  void aByteOrderMarkIsNotCounted() {
    byte[] b = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n', 'b'};
    assertEquals(3, Utf8Positions.byteOffset(b, 1, 1));
    assertEquals(4, Utf8Positions.byteOffset(b, 1, 2));
    assertEquals(5, Utf8Positions.byteOffset(b, 2, 1));
    assertEquals(-1, Utf8Positions.byteOffset(b, 3, 1));
  }

  private static int startOfLine(String text, int line) {
    int i = 0;
    for (int l = 1; l < line && i <= text.length(); l++) {
      while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
        i++;
      }
      i += text.startsWith("\r\n", i) ? 2 : 1;
    }
    return i;
  }

  private static char charAtOrZero(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : 0;
  }
}
