package se.peppolgw.ap.sbd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level half of {@link Utf8Inspection}: one look at every byte of the SBD before Aalto
 * parses it, eight bytes at a time while they are printable ASCII. Kept apart from the parser's
 * driver because it is a different kind of code (bit arithmetic on words, no XML), tested on its
 * own against a strict decoder (Utf8PrescanTest).
 */
final class Utf8Prescan {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Utf8Prescan() {}

  /**
   * One look at every byte before Aalto sees any: whether they are strict UTF-8 (no overlong forms,
   * surrogates or code points above U+10FFFF) of XML 1.0 characters (no C0 controls but tab, line
   * feed and carriage return; no U+FFFE, U+FFFF), with every carriage return followed by a line
   * feed, and no more than {@link Utf8Inspection#MAX_ATTRIBUTES} '=' between one '<' and the next.
   *
   * <p>The last bounds the attributes and namespace declarations of every start tag (a start tag
   * cannot contain a second '<', and each attribute has its '='), which must be known before Aalto
   * reads the tag: its duplicate checks take quadratic time (100 000 attributes on one element kept
   * it busy for 15 s, 50 000 namespace declarations for a minute; the JDK parser refuses either in
   * milliseconds).
   */
  static boolean passes(byte[] b) {
    int n = b.length;
    int i = 0;
    int equalsSinceLt = 0;
    while (i < n) {
      // eight bytes at a time while they are all printable ASCII (0x20..0x7F): subtracting 0x20
      // from each sets a byte's top bit exactly when the first byte below 0x20 is reached
      while (i + 8 <= n) {
        long w = (long) LONGS.get(b, i);
        if (((w | (w - 0x2020202020202020L)) & 0x8080808080808080L) != 0) {
          break;
        }
        // counted per word: the count up to a '<' in it and the count after its last '<' may
        // each include the word's other '=', which can only make the limit bite earlier
        int equals = Long.bitCount(bytesEqualTo(w, 0x3D3D3D3D3D3D3D3DL)); // '='
        equalsSinceLt += equals;
        if (equalsSinceLt > Utf8Inspection.MAX_ATTRIBUTES) {
          return false;
        }
        if (bytesEqualTo(w, 0x3C3C3C3C3C3C3C3CL) != 0) { // '<'
          equalsSinceLt = equals;
        }
        i += 8;
      }
      if (i >= n) {
        break;
      }
      int c = b[i];
      if (c >= 0x20) {
        if (c == '<') {
          equalsSinceLt = 0;
        } else if (c == '=' && ++equalsSinceLt > Utf8Inspection.MAX_ATTRIBUTES) {
          return false;
        }
        i++;
      } else if (c == '\n' || c == '\t') {
        i++;
      } else if (c == '\r') {
        if (i + 1 >= n || b[i + 1] != '\n') {
          return false;
        }
        i += 2;
      } else if (c >= 0) {
        return false; // other C0 control
      } else { // bytes 0x80..0xFF are negative
        int width = utf8Width(b, i);
        if (width == 0) {
          return false;
        }
        i += width;
      }
    }
    return true;
  }

  /** The top bit of each byte of w that equals the byte repeated in pattern; all else zero. */
  private static long bytesEqualTo(long w, long pattern) {
    long v = w ^ pattern; // zero bytes where equal
    // a byte's top bit ends up set exactly when the byte is non-zero, without carries between bytes
    long nonZero = ((v & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | v;
    return ~nonZero & 0x8080808080808080L;
  }

  /** The length of the strict UTF-8 sequence of an XML character at b[i] (not ASCII); 0 if none. */
  private static int utf8Width(byte[] b, int i) {
    int n = b.length;
    int lead = b[i] & 0xFF;
    if (lead < 0xC2 || lead > 0xF4) {
      return 0; // continuation byte, overlong two-byte form, or beyond U+10FFFF
    }
    if (lead < 0xE0) {
      return i + 1 < n && continuation(b[i + 1]) ? 2 : 0;
    }
    if (lead < 0xF0) {
      if (i + 2 >= n || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
        return 0;
      }
      int b1 = b[i + 1] & 0xFF;
      int b2 = b[i + 2] & 0xFF;
      boolean bad =
          (lead == 0xE0 && b1 < 0xA0) // overlong
              || (lead == 0xED && b1 >= 0xA0) // surrogate
              || (lead == 0xEF && b1 == 0xBF && b2 >= 0xBE); // U+FFFE, U+FFFF
      return bad ? 0 : 3;
    }
    if (i + 3 >= n || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
      return 0;
    }
    int b1 = b[i + 1] & 0xFF;
    return (lead == 0xF0 && b1 < 0x90) || (lead == 0xF4 && b1 >= 0x90) ? 0 : 4;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
