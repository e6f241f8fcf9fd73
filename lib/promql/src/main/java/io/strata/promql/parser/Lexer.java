package io.strata.promql.parser;

import io.strata.promql.ast.GoStrings;

/**
 * Splits a query into {@link Token}s. The states mirror Prometheus' lexer (statements, inside braces, a
 * duration expression right after {@code [}) because PromQL tokenises differently in each: keywords are
 * plain identifiers inside braces, and only durations, operators and {@code :} may appear in brackets.
 *
 * <p>On a malformed input the lexer returns one {@link TokenType#ERROR} token whose value is Prometheus'
 * message and whose position is the start of the offending token; it must not be called again afterwards.
 */
final class Lexer {
  private enum State { STATEMENTS, INSIDE_BRACES, DURATION_EXPR }

  private static final int EOF_CHAR = -1;

  private final String input;
  private int pos;
  private int start;
  private int width;
  private State state = State.STATEMENTS;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private boolean gotDuration;
  private boolean done;

  Lexer(String input) {
    this.input = input;
  }

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF_CHAR;
    }
    int c = input.codePointAt(pos);
    width = Character.charCount(c);
    pos += width;
    return c;
  }

  private int peek() {
    int c = next();
    backup();
    return c;
  }

  private void backup() {
    pos -= width;
  }

  private Token emit(TokenType t) {
    Token tok = new Token(t, start, input.substring(start, pos));
    start = pos;
    return tok;
  }

  private Token error(String message) {
    done = true;
    return new Token(TokenType.ERROR, start, message);
  }

  private boolean accept(String valid) {
    int c = next();
    if (c != EOF_CHAR && valid.indexOf(c) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private boolean is(String valid) {
    int c = peek();
    return c != EOF_CHAR && valid.indexOf(c) >= 0;
  }

  private void acceptRun(String valid) {
    int c;
    do {
      c = next();
    } while (c != EOF_CHAR && valid.indexOf(c) >= 0);
    backup();
  }

  /** The next token; comments are returned as {@link TokenType#COMMENT}. */
  Token nextToken() {
    if (done) {
      return new Token(TokenType.EOF, input.length(), "");
    }
    while (true) {
      Token t = switch (state) {
        case STATEMENTS -> braceOpen ? lexInsideBraces() : lexStatements();
        case INSIDE_BRACES -> lexInsideBraces();
        case DURATION_EXPR -> lexDurationExpr();
      };
      if (t != null) {
        if (t.type() == TokenType.EOF) {
          done = true;
        }
        return t;
      }
    }
  }

  private Token lexStatements() {
    if (input.startsWith("#", pos)) {
      return lexLineComment();
    }
    int r = next();
    if (r == EOF_CHAR) {
      if (parenDepth != 0) {
        return error("unclosed left parenthesis");
      }
      if (bracketOpen) {
        return error("unclosed left bracket");
      }
      return emit(TokenType.EOF);
    }
    switch (r) {
      case ',':
        return emit(TokenType.COMMA);
      case '*':
        return emit(TokenType.MUL);
      case '/':
        return emit(TokenType.DIV);
      case '%':
        return emit(TokenType.MOD);
      case '+':
        return emit(TokenType.ADD);
      case '-':
        return emit(TokenType.SUB);
      case '^':
        return emit(TokenType.POW);
      case '=': {
        int t = peek();
        if (t == '=') {
          next();
          return emit(TokenType.EQLC);
        }
        if (t == '~') {
          return error("unexpected character after '=': " + quoteRune(t));
        }
        return emit(TokenType.EQL);
      }
      case '!': {
        int t = next();
        if (t != '=') {
          return error("unexpected character after '!': " + quoteRune(t));
        }
        return emit(TokenType.NEQ);
      }
      case '<': {
        int t = peek();
        if (t == '=') {
          next();
          return emit(TokenType.LTE);
        }
        if (t == '/') {
          next();
          return emit(TokenType.TRIM_UPPER);
        }
        return emit(TokenType.LSS);
      }
      case '>': {
        int t = peek();
        if (t == '=') {
          next();
          return emit(TokenType.GTE);
        }
        if (t == '/') {
          next();
          return emit(TokenType.TRIM_LOWER);
        }
        return emit(TokenType.GTR);
      }
      case '"', '\'':
        return lexString(r);
      case '`':
        return lexRawString();
      case '(':
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      case ')': {
        Token t = emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right parenthesis " + quoteRune(r));
        }
        return t;
      }
      case '{':
        braceOpen = true;
        state = State.INSIDE_BRACES;
        return emit(TokenType.LEFT_BRACE);
      case '[': {
        if (bracketOpen) {
          return error("unexpected left bracket " + quoteRune(r));
        }
        gotColon = false;
        Token t = emit(TokenType.LEFT_BRACKET);
        skipSpaces();
        bracketOpen = true;
        state = State.DURATION_EXPR;
        return t;
      }
      case ']':
        if (!bracketOpen) {
          return error("unexpected right bracket " + quoteRune(r));
        }
        bracketOpen = false;
        return emit(TokenType.RIGHT_BRACKET);
      case '@':
        return emit(TokenType.AT);
      default:
        break;
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup();
      return lexNumberOrDuration();
    }
    if (isAlpha(r) || r == ':') {
      if (!bracketOpen) {
        backup();
        return lexKeywordOrIdentifier();
      }
      if (r == ':') {
        if (gotColon) {
          return error("unexpected colon " + quoteRune(r));
        }
        gotColon = true;
        return emit(TokenType.COLON);
      }
      if (isDurationKeywordStart(r)) {
        Token t = scanDurationKeyword();
        if (t != null) {
          return t;
        }
      }
      return error("unexpected character: " + quoteRune(r) + ", expected ':'");
    }
    return error("unexpected character: " + quoteRune(r));
  }

  private Token lexInsideBraces() {
    if (input.startsWith("#", pos)) {
      return lexLineComment();
    }
    int r = next();
    if (r == EOF_CHAR) {
      return error("unexpected end of input inside braces");
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    if (isAlpha(r)) {
      backup();
      return lexIdentifier();
    }
    switch (r) {
      case ',':
        return emit(TokenType.COMMA);
      case '"', '\'':
        return lexString(r);
      case '`':
        return lexRawString();
      case '=':
        if (next() == '~') {
          return emit(TokenType.EQL_REGEX);
        }
        backup();
        return emit(TokenType.EQL);
      case '!': {
        int nr = next();
        if (nr == '~') {
          return emit(TokenType.NEQ_REGEX);
        }
        if (nr == '=') {
          return emit(TokenType.NEQ);
        }
        return error("unexpected character after '!' inside braces: " + quoteRune(nr));
      }
      case '{':
        return error("unexpected left brace " + quoteRune(r));
      case '}':
        braceOpen = false;
        state = State.STATEMENTS;
        return emit(TokenType.RIGHT_BRACE);
      default:
        return error("unexpected character inside braces: " + quoteRune(r));
    }
  }

  private Token lexDurationExpr() {
    int r = next();
    if (r == EOF_CHAR) {
      return error("unexpected end of input in duration expression");
    }
    switch (r) {
      case ']':
        bracketOpen = false;
        gotColon = false;
        state = State.STATEMENTS;
        return emit(TokenType.RIGHT_BRACKET);
      case ':': {
        Token t = emit(TokenType.COLON);
        if (!gotDuration) {
          return error("unexpected colon before duration in duration expression");
        }
        if (gotColon) {
          return error("unexpected repeated colon in duration expression");
        }
        gotColon = true;
        return t;
      }
      case '(': {
        parenDepth++;
        return emit(TokenType.LEFT_PAREN);
      }
      case ')': {
        Token t = emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right parenthesis " + quoteRune(r));
        }
        return t;
      }
      case '+':
        return emit(TokenType.ADD);
      case '-':
        return emit(TokenType.SUB);
      case '*':
        return emit(TokenType.MUL);
      case '/':
        return emit(TokenType.DIV);
      case '%':
        return emit(TokenType.MOD);
      case '^':
        return emit(TokenType.POW);
      case ',':
        return emit(TokenType.COMMA);
      default:
        break;
    }
    if (isSpace(r)) {
      skipSpaces();
      return null;
    }
    if (isDurationKeywordStart(r)) {
      Token t = scanDurationKeyword();
      if (t != null) {
        return t;
      }
      return error("unexpected character in duration expression: " + quoteRune(r));
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup();
      gotDuration = true;
      state = State.STATEMENTS;
      return lexNumberOrDuration();
    }
    return error("unexpected character in duration expression: " + quoteRune(r));
  }

  private Token lexLineComment() {
    pos += 1;
    int r;
    do {
      r = next();
    } while (r != EOF_CHAR && r != '\r' && r != '\n');
    backup();
    return emit(TokenType.COMMENT);
  }

  private void skipSpaces() {
    while (isSpace(peek())) {
      next();
    }
    start = pos;
  }

  private Token lexString(int quote) {
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

  private Token lexRawString() {
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
  private String lexEscape(int quote) {
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

  private static int digitVal(int ch) {
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

  private Token lexNumberOrDuration() {
    if (scanNumber()) {
      return emit(TokenType.NUMBER);
    }
    if (acceptRemainingDuration()) {
      backup();
      return emit(TokenType.DURATION);
    }
    return error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
  }

  private boolean acceptRemainingDuration() {
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
  private boolean scanNumber() {
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

  private Token lexIdentifier() {
    int r;
    do {
      r = next();
    } while (isAlphaNumeric(r));
    backup();
    return emit(TokenType.IDENTIFIER);
  }

  private Token lexKeywordOrIdentifier() {
    int r;
    do {
      r = next();
    } while (isAlphaNumeric(r) || r == ':');
    backup();
    String word = input.substring(start, pos);
    TokenType kw = TokenType.keyword(word.toLowerCase(java.util.Locale.ROOT));
    if (kw != null) {
      // fill modifiers are keywords only before '(' so that "fill" stays usable as a metric name.
      if ((kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT)
          && !followedByLeftParen()) {
        return emit(TokenType.IDENTIFIER);
      }
      return emit(kw);
    }
    return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
  }

  private boolean followedByLeftParen() {
    for (int i = pos; i < input.length(); i++) {
      char c = input.charAt(i);
      if (!isSpace(c)) {
        return c == '(';
      }
    }
    return false;
  }

  private static boolean isDurationKeywordStart(int r) {
    int l = Character.toLowerCase(r);
    return l == 's' || l == 'r' || l == 'm';
  }

  /** After the first letter of a possible {@code step}/{@code range}/{@code min_of}/{@code max_of}. */
  private Token scanDurationKeyword() {
    int r;
    do {
      r = next();
    } while (isAlpha(r));
    backup();
    String word = input.substring(start, pos).toLowerCase(java.util.Locale.ROOT);
    TokenType t = switch (word) {
      case "step" -> TokenType.STEP;
      case "range" -> TokenType.RANGE;
      case "max_of" -> TokenType.MAX_OF;
      case "min_of" -> TokenType.MIN_OF;
      default -> null;
    };
    return t == null ? null : emit(t);
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  private static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  private static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  private static boolean isAlphaNumeric(int r) {
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
  private static String formatU(int r) {
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
