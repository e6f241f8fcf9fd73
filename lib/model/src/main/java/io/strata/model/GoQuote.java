package io.strata.model;

/**
 * Go's {@code strconv.Quote}: how Prometheus prints label values (in {@code promtool tsdb dump}, in
 * {@code Labels.String()} and in PromQL's {@code format_query}). Printable characters stay as they are;
 * control and other non-printable characters become Go escapes. A string decoded from invalid UTF-8 with each bad
 * byte kept as a lone surrogate {@code U+DC80..U+DCFF} (as the PromQL lexer does) prints those bytes as {@code \xNN},
 * like Go; any other lone surrogate prints as {@code \ufffd}.
 */
public final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuote() {}

  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    b.append('"');
    appendEscaped(b, s, '"');
    return b.append('"').toString();
  }

  /** Appends {@code s} with Go escapes, escaping {@code quote} and backslashes. */
  public static void appendEscaped(StringBuilder b, String s, char quote) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0xDC80 && cp <= 0xDCFF) {
        b.append("\\x").append(HEX[(cp >> 4) & 0xF]).append(HEX[cp & 0xF]);
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        b.append("\\ufffd");
      } else if (cp == quote || cp == '\\') {
        b.append('\\').append((char) cp);
      } else if (isPrint(cp)) {
        b.appendCodePoint(cp);
      } else {
        switch (cp) {
          case 0x07 -> b.append("\\a");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case 0x0B -> b.append("\\v");
          default -> {
            if (cp < ' ' || cp == 0x7F) {
              b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
            } else if (cp < 0x10000) {
              b.append("\\u");
              appendHex(b, cp, 4);
            } else {
              b.append("\\U");
              appendHex(b, cp, 8);
            }
          }
        }
      }
    }
  }

  private static void appendHex(StringBuilder b, int v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      b.append(HEX[(v >> shift) & 0xF]);
    }
  }

  /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7F;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }
}
