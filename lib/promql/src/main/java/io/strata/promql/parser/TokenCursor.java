package io.strata.promql.parser;

import io.strata.promql.ast.PositionRange;

/**
 * The parser's view of the token stream: the current token, one token of extra lookahead, the end of the
 * last consumed token (what Prometheus calls {@code lastClosing}) and error reporting.
 */
final class TokenCursor {
  final String input;
  final ParserOptions options;
  private final Lexer lexer;
  private Token current;
  private Token peeked;
  private int lastEnd;

  TokenCursor(String input, ParserOptions options) {
    this.input = input;
    this.options = options;
    this.lexer = new Lexer(input);
    this.current = fetch();
    failOnLexerError(current);
  }

  private Token fetch() {
    Token t;
    do {
      t = lexer.nextToken();
    } while (t.type() == TokenType.COMMENT);
    return t;
  }

  private void failOnLexerError(Token t) {
    if (t.type() == TokenType.ERROR) {
      throw new ParseException(new PositionRange(t.pos(), input.length()), t.val(), input);
    }
  }

  Token token() {
    return current;
  }

  TokenType type() {
    return current.type();
  }

  boolean is(TokenType t) {
    return current.type() == t;
  }

  /** The token after the current one, without consuming anything. */
  TokenType peekType() {
    if (peeked == null) {
      peeked = fetch();
    }
    return peeked.type();
  }

  /** Consumes the current token and returns it. */
  Token advance() {
    Token t = current;
    lastEnd = t.end();
    current = peeked != null ? peeked : fetch();
    peeked = null;
    failOnLexerError(current);
    return t;
  }

  /** Consumes a token of the given type or fails with "unexpected ..." in the given context. */
  Token expect(TokenType t, String context, String expected) {
    if (current.type() != t) {
      throw unexpected(context, expected);
    }
    return advance();
  }

  /** End index of the last consumed token. */
  int lastEnd() {
    return lastEnd;
  }

  /** Prometheus' {@code unexpected(context, expected)} about the current token. */
  ParseException unexpected(String context, String expected) {
    StringBuilder msg = new StringBuilder("unexpected ").append(current.describe());
    if (context != null && !context.isEmpty()) {
      msg.append(" in ").append(context);
    }
    if (expected != null && !expected.isEmpty()) {
      msg.append(", expected ").append(expected);
    }
    return new ParseException(current.range(), msg.toString(), input);
  }

  ParseException error(PositionRange range, String message) {
    return new ParseException(range, message, input);
  }
}
