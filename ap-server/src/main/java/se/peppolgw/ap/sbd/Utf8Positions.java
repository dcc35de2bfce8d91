package se.peppolgw.ap.sbd;

/**
 * Turns the (line, column) a SAX {@link org.xml.sax.Locator} reports for a UTF-8 document into a
 * byte offset, so a slice can be cut from the bytes without decoding the whole document.
 *
 * <p>Lines end at CR LF, CR or LF, as the XML parser counts them (these bytes never occur inside a
 * multi-byte UTF-8 sequence). Columns count UTF-16 chars from 1, as the JDK's parser does: a
 * character outside the BMP (4 UTF-8 bytes) counts two. A byte order mark is skipped by the parser
 * before it starts counting, so it is skipped here too.
 */
final class Utf8Positions {
  private Utf8Positions() {}

  /** The byte offset of the char at (line, column), both 1-based; -1 when outside the bytes. */
  static int byteOffset(byte[] b, int line, int column) {
    return byteOffsetFrom(b, line, column, 1, 1, hasBom(b) ? 3 : 0);
  }

  /**
   * As {@link #byteOffset(byte[], int, int)}, but starts walking at a known earlier position
   * (fromLine, fromColumn) = byte fromByte, so a second position after a first costs only the
   * bytes between them. (line, column) must not be before the known position.
   */
  static int byteOffsetFrom(byte[] b, int line, int column, int fromLine, int fromColumn, int fromByte) {
    if (line < fromLine || (line == fromLine && column < fromColumn) || column < 1 || fromByte < 0) {
      return -1;
    }
    int i = fromByte;
    int currentLine = fromLine;
    int chars = column - fromColumn;
    if (line > fromLine) {
      while (currentLine < line) {
        if (i >= b.length) {
          return -1;
        }
        byte c = b[i++];
        if (c == '\n') {
          currentLine++;
        } else if (c == '\r') {
          if (i < b.length && b[i] == '\n') {
            i++;
          }
          currentLine++;
        }
      }
      chars = column - 1;
    }
    while (chars > 0) {
      if (i >= b.length) {
        return -1;
      }
      int lead = b[i] & 0xFF;
      int width;
      int units;
      if (lead < 0x80) {
        width = 1;
        units = 1;
      } else if (lead >= 0xF0) {
        width = 4;
        units = 2;
      } else if (lead >= 0xE0) {
        width = 3;
        units = 1;
      } else {
        width = 2;
        units = 1;
      }
      if (units > chars) {
        return -1; // the column points into the middle of a surrogate pair: not a tag boundary
      }
      i += width;
      chars -= units;
    }
    return i <= b.length ? i : -1;
  }

  private static boolean hasBom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }
}
