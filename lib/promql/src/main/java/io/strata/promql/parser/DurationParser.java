package io.strata.promql.parser;

import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.DurationOp;
import io.strata.promql.ast.Durations;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.PositionRange;

/**
 * Parses what may follow {@code [}, {@code :} and {@code offset}: a number or duration literal, or (with
 * duration expressions enabled) arithmetic over them, {@code step()}, {@code range()}, {@code min_of}
 * and {@code max_of}. A plain literal stays a {@link NumberLiteral}; anything else is a {@link DurationExpr}.
 */
final class DurationParser {
  static final String RANGE_CONTEXT = "subquery or range selector";
  static final String RANGE_EXPECTED = "number, duration, step(), or range()";

  private final TokenCursor in;
  private final String context;
  private final String expected;

  DurationParser(TokenCursor in, String context, String expected) {
    this.in = in;
    this.context = context;
    this.expected = expected;
  }

  static boolean startsDuration(TokenType t) {
    return switch (t) {
      case NUMBER, DURATION, ADD, SUB, LEFT_PAREN, STEP, RANGE, MIN_OF, MAX_OF -> true;
      default -> false;
    };
  }

  /** A duration that must be positive, as in a range or a subquery step. */
  Expr positive() {
    Expr d = expression(0);
    if (d instanceof NumberLiteral n && n.value() <= 0) {
      throw in.error(n.positionRange(), "duration must be greater than 0");
    }
    return d;
  }

  /** A (possibly negative) offset: a signed literal, {@code step()}, {@code range()}, or parentheses. */
  Expr offset() {
    Token t = in.token();
    switch (t.type()) {
      case NUMBER, DURATION -> {
        return literal();
      }
      case ADD, SUB -> {
        Token op = in.advance();
        boolean negate = op.type() == TokenType.SUB;
        switch (in.type()) {
          case NUMBER, DURATION -> {
            NumberLiteral lit = literalUnchecked();
            double v = negate ? -lit.value() : lit.value();
            if (Numbers.durationOutOfRange(v)) {
              throw in.error(op.range(), "duration out of range");
            }
            return new NumberLiteral(v, lit.duration(), new PositionRange(op.pos(), lit.positionRange().end()));
          }
          case STEP, RANGE, MIN_OF, MAX_OF -> {
            Expr inner = primary();
            DurationExpr d = new DurationExpr(negate ? DurationOp.SUB : DurationOp.ADD, null, inner, false,
                op.pos(), 0);
            experimental(d);
            return d;
          }
          case LEFT_PAREN -> {
            Expr inner = primary();
            return applyUnary(op, inner);
          }
          default -> throw in.unexpected(context, expected);
        }
      }
      case STEP, RANGE, MIN_OF, MAX_OF, LEFT_PAREN -> {
        return primary();
      }
      default -> throw in.unexpected(context, expected);
    }
  }

  /** A timestamp for {@code @}: a signed number or duration literal, in seconds. */
  static double atTimestamp(TokenCursor in) {
    boolean negate = false;
    if (in.is(TokenType.ADD) || in.is(TokenType.SUB)) {
      negate = in.advance().type() == TokenType.SUB;
    }
    if (!in.is(TokenType.NUMBER) && !in.is(TokenType.DURATION)) {
      throw in.unexpected("@", "timestamp");
    }
    Token t = in.advance();
    double v = t.type() == TokenType.NUMBER ? number(in, t) : durationSeconds(in, t);
    return negate ? -v : v;
  }

  static double number(TokenCursor in, Token t) {
    try {
      return Numbers.parse(t.val());
    } catch (IllegalArgumentException e) {
      throw in.error(t.range(), "error parsing number: " + e.getMessage());
    }
  }

  /** A duration token in seconds, computed like Go's {@code time.Duration.Seconds()}. */
  static double durationSeconds(TokenCursor in, Token t) {
    long ms;
    try {
      ms = Durations.parseMillis(t.val());
    } catch (IllegalArgumentException e) {
      throw in.error(t.range(), e.getMessage());
    }
    return (double) (ms / 1000) + (double) ((ms % 1000) * 1_000_000L) / 1e9;
  }

  private Expr expression(int minPrec) {
    Expr left = unary();
    while (true) {
      DurationOp op = binaryOp(in.type());
      if (op == null) {
        return left;
      }
      int prec = precedence(op);
      if (prec < minPrec) {
        return left;
      }
      Token opTok = in.advance();
      Expr right = expression(op == DurationOp.POW ? prec : prec + 1);
      experimental(left);
      if ((op == DurationOp.DIV || op == DurationOp.MOD) && right instanceof NumberLiteral n && n.value() == 0) {
        throw in.error(opTok.range(), op == DurationOp.DIV ? "division by zero" : "modulo by zero");
      }
      left = new DurationExpr(op, left, right, false, 0, 0);
    }
  }

  private Expr unary() {
    if (in.is(TokenType.ADD) || in.is(TokenType.SUB)) {
      Token op = in.advance();
      Expr operand = expression(6);
      return applyUnary(op, operand);
    }
    return primary();
  }

  private Expr applyUnary(Token op, Expr operand) {
    boolean negate = op.type() == TokenType.SUB;
    if (operand instanceof DurationExpr d) {
      return negate ? new DurationExpr(DurationOp.SUB, null, d, false, op.pos(), 0) : d;
    }
    NumberLiteral n = (NumberLiteral) operand;
    double v = negate ? -n.value() : n.value();
    if (Numbers.durationOutOfRange(v)) {
      throw in.error(op.range(), "duration out of range");
    }
    return new NumberLiteral(v, n.duration(), new PositionRange(op.pos(), n.positionRange().end()));
  }

  private Expr primary() {
    switch (in.type()) {
      case NUMBER, DURATION -> {
        return literal();
      }
      case LEFT_PAREN -> {
        Token open = in.advance();
        Expr inner = expression(0);
        Token close = in.expect(TokenType.RIGHT_PAREN, context, expected);
        experimental(inner);
        if (inner instanceof DurationExpr d) {
          return d.wrap();
        }
        return new DurationExpr(DurationOp.ADD, null, inner, true, open.pos(), close.end());
      }
      case STEP, RANGE -> {
        Token t = in.advance();
        in.expect(TokenType.LEFT_PAREN, context, expected);
        Token close = in.expect(TokenType.RIGHT_PAREN, context, expected);
        DurationExpr d = new DurationExpr(t.type() == TokenType.STEP ? DurationOp.STEP : DurationOp.RANGE,
            null, null, false, t.pos(), close.end());
        experimental(d);
        return d;
      }
      case MIN_OF, MAX_OF -> {
        Token t = in.advance();
        in.expect(TokenType.LEFT_PAREN, context, expected);
        Expr a = expression(0);
        in.expect(TokenType.COMMA, context, expected);
        Expr b = expression(0);
        Token close = in.expect(TokenType.RIGHT_PAREN, context, expected);
        DurationExpr d = new DurationExpr(t.type() == TokenType.MIN_OF ? DurationOp.MIN_OF : DurationOp.MAX_OF,
            a, b, false, t.pos(), close.end());
        experimental(d);
        return d;
      }
      default -> throw in.unexpected(context, expected);
    }
  }

  private NumberLiteral literal() {
    NumberLiteral n = literalUnchecked();
    if (Numbers.durationOutOfRange(n.value())) {
      throw in.error(n.positionRange(), "duration out of range");
    }
    return n;
  }

  private NumberLiteral literalUnchecked() {
    Token t = in.advance();
    if (t.type() == TokenType.NUMBER) {
      return new NumberLiteral(number(in, t), false, t.range());
    }
    return new NumberLiteral(durationSeconds(in, t), true, t.range());
  }

  private void experimental(Expr e) {
    if (!in.options.durationExpressions()) {
      throw in.error(e.positionRange(), "experimental duration expression is not enabled");
    }
  }

  private static DurationOp binaryOp(TokenType t) {
    return switch (t) {
      case ADD -> DurationOp.ADD;
      case SUB -> DurationOp.SUB;
      case MUL -> DurationOp.MUL;
      case DIV -> DurationOp.DIV;
      case MOD -> DurationOp.MOD;
      case POW -> DurationOp.POW;
      default -> null;
    };
  }

  private static int precedence(DurationOp op) {
    return switch (op) {
      case ADD, SUB -> 4;
      case POW -> 6;
      default -> 5;
    };
  }
}
