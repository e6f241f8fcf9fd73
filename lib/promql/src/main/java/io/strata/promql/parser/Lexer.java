package io.strata.promql.parser;

/**
 * Splits a query into {@link Token}s. The states mirror Prometheus' lexer (statements, inside braces, a
 * duration expression right after {@code [}) because PromQL tokenises differently in each: keywords are
 * plain identifiers inside braces, and only durations, operators and {@code :} may appear in brackets.
 *
 * <p>On a malformed input the lexer returns one {@link TokenType#ERROR} token whose value is Prometheus'
 * message and whose position is the start of the offending token; it must not be called again afterwards.
 */
final class Lexer extends CharScanner {
  private enum State { STATEMENTS, INSIDE_BRACES, DURATION_EXPR }

  private State state = State.STATEMENTS;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private boolean gotDuration;

  Lexer(String input) {
    super(input);
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

}
