package io.strata.promql.parser;

import io.strata.promql.ast.GoStrings;

/**
 * Character-level scanning shared by the {@link Lexer}'s states: the cursor over the query, emitting
 * tokens and errors, and the literals whose syntax does not depend on the state (strings with Go escapes,
 * numbers, durations), with Prometheus' error messages.
 */
abstract class CharScanner {
  static final int EOF_CHAR = -1;

  final String input;
  int pos;
  int start;
  int width;
  boolean done;

  CharScanner(String input) {
    this.input = input;
  }

  int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF_CHAR;
    }
    int c = input.codePointAt(pos);
    width = Character.charCount(c);
    pos += width;
    return c;
  }

  int peek() {
    int c = next();
    backup();
    return c;
  }

  void backup() {
    pos -= width;
  }

  Token emit(TokenType t) {
    Token tok = new Token(t, start, input.substring(start, pos));
    start = pos;
    return tok;
  }

  Token error(String message) {
    done = true;
    return new Token(TokenType.ERROR, start, message);
  }

  boolean accept(String valid) {
    int c = next();
    if (c != EOF_CHAR && valid.indexOf(c) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  boolean is(String valid) {
    int c = peek();
    return c != EOF_CHAR && valid.indexOf(c) >= 0;
  }

  void acceptRun(String valid) {
    int c;
    do {
      c = next();
    } while (c != EOF_CHAR && valid.indexOf(c) >= 0);
    backup();
  }

  Token lexString(int quote) {
    while (true) {
      int r = next();
      if (r == '\\') {
        String err = lexEscape(quote);
        if (err != null) {
          return error(err);
        }
        continue;
      }
      if (r == 0xFFFD || (r >= Character.MIN_SURROGATE && r <= Character.MAX_SURROGATE)) {
        return error("invalid UTF-8 rune");
      }
      if (r == EOF_CHAR || r == '\n') {
        return error("unterminated quoted string");
      }
      if (r == quote) {
        return emit(TokenType.STRING);
      }
    }
  }

  Token lexRawString() {
    while (true) {
      int r = next();
      if (r == 0xFFFD || (r >= Character.MIN_SURROGATE && r <= Character.MAX_SURROGATE)) {
        return error("invalid UTF-8 rune");
      }
      if (r == EOF_CHAR) {
        return error("unterminated raw string");
      }
      if (r == '`') {
        return emit(TokenType.STRING);
      }
    }
  }

  /** Checks one escape sequence after a backslash; returns an error message or null. */
  String lexEscape(int quote) {
    int ch = next();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
        return null;
      case '0', '1', '2', '3', '4', '5', '6', '7':
        n = 3;
        base = 8;
        max = 255;
        break;
      case 'x':
        ch = next();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 'u':
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case 'U':
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case EOF_CHAR:
        return "escape sequence not terminated";
      default:
        if (ch == quote) {
          return null;
        }
        return "unknown escape sequence " + formatU(ch);
    }
    long x = 0;
    while (n > 0) {
      int d = digitVal(ch);
      if (d >= base) {
        if (ch == EOF_CHAR) {
          return "escape sequence not terminated";
        }
        return "illegal character " + formatU(ch) + " in escape sequence";
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return "escape sequence is an invalid Unicode code point";
    }
    return null;
  }

  static int digitVal(int ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }

  Token lexNumberOrDuration() {
    if (scanNumber()) {
      return emit(TokenType.NUMBER);
    }
    if (acceptRemainingDuration()) {
      backup();
      return emit(TokenType.DURATION);
    }
    return error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
  }

  boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      while (accept("0123456789")) {
        // consume
      }
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(next());
  }

  /** Scans decimal, hex or float syntax; the scanned text is not necessarily a valid number. */
  boolean scanNumber() {
    int initial = pos;
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      accept("_");
      digits = "0123456789abcdefABCDEF";
    }
    accept(".");
    accept(digits);
    boolean dot = false;
    boolean exponent = false;
    while (is(digits + "._eE")) {
      if (is(".") && dot) {
        accept(".");
        return false;
      }
      if (is("eE") && exponent) {
        accept("eE");
        return false;
      }
      if (accept(".")) {
        dot = true;
        if (accept("_.")) {
          return false;
        }
        if (digits.length() > 10) {
          return false;
        }
        continue;
      }
      if (accept("eE")) {
        exponent = true;
        accept("+-");
        if (accept("._eE") || peek() == EOF_CHAR) {
          return false;
        }
        continue;
      }
      if (accept("_")) {
        if (accept("._eE") || peek() == EOF_CHAR) {
          return false;
        }
        continue;
      }
      acceptRun(digits);
    }
    if (pos == initial) {
      return false;
    }
    return !isAlphaNumeric(peek());
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }

  /** Go's {@code %q} of a rune. */
  static String quoteRune(int r) {
    if (r == EOF_CHAR) {
      return "'\\ufffd'"; // Go prints utf8.RuneError for the eof rune (-1) as an invalid rune.
    }
    StringBuilder b = new StringBuilder("'");
    if (r == '\'') {
      b.append("\\'");
    } else if (r == '"') {
      b.append('"');
    } else {
      String s = new String(Character.toChars(r));
      String q = GoStrings.quote(s);
      b.append(q, 1, q.length() - 1);
    }
    return b.append('\'').toString();
  }

  /** Go's {@code %#U}: {@code U+0063 'c'}. */
  static String formatU(int r) {
    if (r == EOF_CHAR) {
      return "U+FFFFFFFFFFFFFFFF";
    }
    String hex = Integer.toHexString(r).toUpperCase(java.util.Locale.ROOT);
    StringBuilder b = new StringBuilder("U+");
    for (int i = hex.length(); i < 4; i++) {
      b.append('0');
    }
    b.append(hex);
    String s = new String(Character.toChars(r));
    if (GoStrings.quote(s).length() == s.length() + 2) { // printable, unescaped
      b.append(" '").append(s).append('\'');
    }
    return b.toString();
  }
}
