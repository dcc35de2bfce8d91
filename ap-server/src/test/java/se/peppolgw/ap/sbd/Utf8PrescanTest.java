package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte pre-scan of the UTF-8 fast path (moved here from Utf8InspectionTest with the code). */
class Utf8PrescanTest {
  /** The pre-scan against a plain reference: a strict decoder plus the character rules. */
  @Test
  void prescanAgreesWithAStrictDecoder() {
    Random random = new Random(42);
    int[] interesting = {
      0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x3C, 0x3D, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
      0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x90, 0x8F, 0xBE, 0xBB
    };
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[random.nextInt(24)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : interesting[random.nextInt(interesting.length)]);
      }
      assertEquals(reference(b, Utf8Inspection.MAX_ATTRIBUTES), Utf8Prescan.passes(b), () -> "for " + Arrays.toString(b));
    }
    for (int round = 0; round < 2000; round++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(3000);
      while (s.length() < length) {
        int kind = random.nextInt(20);
        s.append(kind == 0 ? "<" : kind == 1 ? "=" : kind == 2 ? "\r\n" : kind == 3 ? "é" : kind == 4 ? "😀" : "a=<b c=".substring(0, 1 + random.nextInt(6)));
        if (random.nextInt(50) == 0) {
          s.append("=".repeat(random.nextInt(2 * Utf8Inspection.MAX_ATTRIBUTES)));
        }
      }
      byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
      // '=' are counted eight bytes at a time, which may count up to 14 too many for a tag
      boolean prescan = Utf8Prescan.passes(b);
      if (prescan) {
        assertTrue(reference(b, Utf8Inspection.MAX_ATTRIBUTES));
      }
      if (reference(b, Utf8Inspection.MAX_ATTRIBUTES - 16)) {
        assertTrue(prescan);
      }
    }
  }

  private static boolean reference(byte[] b, int maxEquals) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    int equals = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF') {
        return false;
      }
      if (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n')) {
        return false;
      }
      if (c == '<') {
        equals = 0;
      } else if (c == '=' && ++equals > maxEquals) {
        return false;
      }
    }
    return true;
  }
}
