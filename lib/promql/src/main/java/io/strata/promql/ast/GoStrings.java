package io.strata.promql.ast;

import io.strata.model.GoQuote;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go string semantics for PromQL string literals.
 *
 * <p>Go strings are bytes, and PromQL escapes such as {@code "\xff"} can produce bytes that are not UTF-8.
 * Such a byte {@code b} is kept in a Java string as the lone surrogate {@code U+DC00+b} (as Python's
 * "surrogateescape"), so it survives unchanged, can be detected ({@link #isValidUtf8(String)}) and is printed
 * back as {@code \xNN} by {@link #quote(String)}.
 */
public final class GoStrings {
  private GoStrings() {}

  /**
   * Unquotes a lexed string literal (with its quotes): {@code "..."} and {@code '...'} with Go escapes,
   * or a raw {@code `...`} string.
   *
   * @throws IllegalArgumentException on a malformed literal
   */
  public static String unquote(String s) {
    int n = s.length();
    if (n < 2) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = s.charAt(0);
    if (q != s.charAt(n - 1)) {
      throw new IllegalArgumentException("invalid syntax");
    }
    String body = s.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body.replace("\r", "");
    }
    if (q != '"' && q != '\'') {
      throw new IllegalArgumentException("invalid syntax");
    }
    if (body.indexOf('\\') < 0 && body.indexOf(q) < 0 && body.indexOf('\n') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q || c == '\n') {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        writeCodePoint(out, cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(0x07);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0B);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
        }
        case 'x' -> {
          out.write(hex(body, i, 2));
          i += 2;
        }
        case 'u', 'U' -> {
          int len = e == 'u' ? 4 : 8;
          int cp = hex(body, i, len);
          i += len;
          if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp < 0xE000)) {
            throw new IllegalArgumentException("invalid syntax");
          }
          writeCodePoint(out, cp);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            if (i + 2 > body.length()) {
              throw new IllegalArgumentException("invalid syntax");
            }
            int v = 0;
            for (int k = i - 1; k < i + 2; k++) {
              char d = body.charAt(k);
              if (d < '0' || d > '7') {
                throw new IllegalArgumentException("invalid syntax");
              }
              v = v * 8 + (d - '0');
            }
            if (v > 255) {
              throw new IllegalArgumentException("invalid syntax");
            }
            i += 2;
            out.write(v);
          } else {
            throw new IllegalArgumentException("invalid syntax");
          }
        }
      }
    }
    return decode(out.toByteArray());
  }

  private static int hex(String s, int from, int len) {
    if (from + len > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    int v = 0;
    for (int k = from; k < from + len; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static void writeCodePoint(ByteArrayOutputStream out, int cp) {
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      out.write(cp - 0xDC00); // A byte kept from an earlier escape.
      return;
    }
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  /** Decodes UTF-8, keeping each invalid byte {@code b} as the char {@code U+DC00+b}. */
  public static String decode(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return dec.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // Slow path: decode sequence by sequence.
    }
    StringBuilder sb = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b0 = bytes[i] & 0xFF;
      int len = b0 < 0x80 ? 1 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3
          : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
      if (len > 0 && i + len <= bytes.length) {
        try {
          CharBuffer cb = dec.reset().decode(ByteBuffer.wrap(bytes, i, len));
          sb.append(cb);
          i += len;
          continue;
        } catch (CharacterCodingException e) {
          // fall through: invalid sequence
        }
      }
      if (b0 < 0x80) {
        sb.append((char) b0);
      } else {
        sb.append((char) (0xDC00 + b0));
      }
      i++;
    }
    return sb.toString();
  }

  /** Whether the string holds only valid UTF-8 (no kept invalid bytes, no other lone surrogates). */
  public static boolean isValidUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code strconv.Quote}: double quotes, Go escapes, invalid bytes as {@code \xNN}. */
  public static String quote(String s) {
    return GoQuote.quote(s);
  }

  /** Appends {@code s} escaped as inside a Go string quoted with {@code quote}. */
  public static void appendEscaped(StringBuilder b, String s, char quote) {
    GoQuote.appendEscaped(b, s, quote);
  }

  /** Go's {@code %.Nq} of a string: the first {@code n} runes, quoted. */
  public static String quoteTruncated(String s, int n) {
    int end = 0;
    for (int k = 0; k < n && end < s.length(); k++) {
      end += Character.charCount(s.codePointAt(end));
    }
    return quote(s.substring(0, end));
  }

  /** Whether {@code s} is a label name that needs no quotes: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isLegacyLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is a valid metric name without quoting: legacy label name chars plus {@code :}. */
  public static boolean isLegacyMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Prometheus' UTF-8 label name validity: non-empty valid UTF-8. */
  public static boolean isValidLabelName(String s) {
    return !s.isEmpty() && isValidUtf8(s);
  }
}
