package io.strata.promql.parser;

import io.strata.promql.ast.AtModifier;
import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.PositionRange;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.VectorSelector;

/**
 * The postfix modifiers of an expression, which bind tighter than any operator: {@code [range]},
 * {@code [range:step]}, {@code offset d}, {@code @ t} / {@code @ start()} / {@code @ end()} and the
 * experimental {@code anchored}/{@code smoothed}, with Prometheus' checks of where each may appear.
 */
final class ModifierParser {
  private final TokenCursor in;
  private final ParserOptions options;

  ModifierParser(TokenCursor in, ParserOptions options) {
    this.in = in;
    this.options = options;
  }

  /** Applies the modifiers following {@code e}, in order. */
  Expr apply(Expr e) {
    while (true) {
      switch (in.type()) {
        case LEFT_BRACKET -> e = rangeOrSubquery(e);
        case OFFSET -> e = offset(e);
        case AT -> e = at(e);
        case ANCHORED, SMOOTHED -> e = extended(e);
        default -> {
          return e;
        }
      }
    }
  }

  private Expr rangeOrSubquery(Expr e) {
    Token open = in.advance();
    if (!DurationParser.startsDuration(in.type())) {
      throw in.unexpected(DurationParser.RANGE_CONTEXT, DurationParser.RANGE_EXPECTED);
    }
    DurationParser durations = new DurationParser(in, DurationParser.RANGE_CONTEXT, DurationParser.RANGE_EXPECTED);
    Expr range = durations.positive();
    if (in.is(TokenType.RIGHT_BRACKET)) {
      Token close = in.advance();
      PositionRange brackets = new PositionRange(open.pos(), close.end());
      if (!(e instanceof VectorSelector vs)) {
        throw in.error(brackets, "ranges only allowed for vector selectors");
      }
      if (vs.hasOffset()) {
        throw in.error(brackets, "no offset modifiers allowed before range");
      }
      if (vs.hasAt()) {
        throw in.error(brackets, "no @ modifiers allowed before range");
      }
      return new MatrixSelector(vs, millis(range), range instanceof DurationExpr d ? d : null, close.end());
    }
    if (!in.is(TokenType.COLON)) {
      throw in.unexpected("subquery or range", "\":\" or \"]\"");
    }
    in.advance();
    Expr step = null;
    if (!in.is(TokenType.RIGHT_BRACKET)) {
      if (!DurationParser.startsDuration(in.type())) {
        throw in.unexpected("subquery selector", "number, duration, step(), range(), or \"]\"");
      }
      step = new DurationParser(in, "subquery selector", "number, duration, step(), range(), or \"]\"").positive();
      if (!in.is(TokenType.RIGHT_BRACKET)) {
        throw in.unexpected("subquery selector", "\"]\"");
      }
    }
    Token close = in.advance();
    return new SubqueryExpr(e, millis(range), range instanceof DurationExpr d ? d : null, 0, null, null,
        AtModifier.NONE, step == null ? 0 : millis(step), step instanceof DurationExpr d2 ? d2 : null,
        close.end());
  }

  private static long millis(Expr duration) {
    return duration instanceof NumberLiteral n ? Numbers.secondsToMillis(n.value()) : 0;
  }

  private Expr offset(Expr e) {
    in.advance();
    Expr d = new DurationParser(in, "offset", "number, duration, step(), or range()").offset();
    long ms = millis(d);
    DurationExpr de = d instanceof DurationExpr x ? x : null;
    int end = in.lastEnd();
    String multiple = "offset may not be set multiple times";
    switch (e) {
      case VectorSelector vs -> {
        if (vs.hasOffset()) {
          throw in.error(e.positionRange(), multiple);
        }
        return vs.withOffset(ms, de, end);
      }
      case MatrixSelector ms2 -> {
        if (ms2.selector().hasOffset()) {
          throw in.error(e.positionRange(), multiple);
        }
        return ms2.withSelector(ms2.selector().withOffset(ms, de, ms2.selector().positionRange().end()), end);
      }
      case SubqueryExpr sq -> {
        if (sq.hasOffset()) {
          throw in.error(e.positionRange(), multiple);
        }
        return sq.withOffset(ms, de, end);
      }
      default -> throw in.error(e.positionRange(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
  }

  private Expr at(Expr e) {
    in.advance();
    Long ts = null;
    AtModifier modifier = AtModifier.NONE;
    if (in.is(TokenType.START) || in.is(TokenType.END)) {
      modifier = in.advance().type() == TokenType.START ? AtModifier.START : AtModifier.END;
      in.expect(TokenType.LEFT_PAREN, "@", "timestamp");
      in.expect(TokenType.RIGHT_PAREN, "@", "timestamp");
    } else {
      double seconds = DurationParser.atTimestamp(in);
      if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds >= 9.223372036854775807e18
          || seconds <= -9.223372036854775808e18) {
        throw in.error(e.positionRange(), "timestamp out of bounds for @ modifier: " + goPercentF(seconds));
      }
      ts = (long) Numbers.goRound(seconds * 1000);
    }
    int end = in.lastEnd();
    String multiple = "@ <timestamp> may not be set multiple times";
    switch (e) {
      case VectorSelector vs -> {
        if (vs.hasAt()) {
          throw in.error(e.positionRange(), multiple);
        }
        return vs.withAt(ts, modifier, end);
      }
      case MatrixSelector ms -> {
        if (ms.selector().hasAt()) {
          throw in.error(e.positionRange(), multiple);
        }
        return ms.withSelector(ms.selector().withAt(ts, modifier, ms.selector().positionRange().end()), end);
      }
      case SubqueryExpr sq -> {
        if (sq.hasAt()) {
          throw in.error(e.positionRange(), multiple);
        }
        return sq.withAt(ts, modifier, end);
      }
      default -> throw in.error(e.positionRange(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
  }

  private static String goPercentF(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  private Expr extended(Expr e) {
    boolean anchored = in.advance().type() == TokenType.ANCHORED;
    String name = anchored ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      throw in.error(e.positionRange(), name + " modifier is experimental and not enabled");
    }
    int end = in.lastEnd();
    VectorSelector vs;
    if (e instanceof VectorSelector v) {
      vs = v;
    } else if (e instanceof MatrixSelector ms) {
      vs = ms.selector();
    } else if (e instanceof SubqueryExpr) {
      throw in.error(e.positionRange(), name + " modifier is not supported for subqueries");
    } else {
      throw in.error(e.positionRange(), name + " modifier not implemented");
    }
    if ((anchored && vs.smoothed()) || (!anchored && vs.anchored())) {
      throw in.error(e.positionRange(), "anchored and smoothed modifiers cannot be used together");
    }
    VectorSelector updated = vs.withExtended(anchored || vs.anchored(), !anchored || vs.smoothed(),
        e instanceof VectorSelector ? end : vs.positionRange().end());
    if (e instanceof MatrixSelector ms) {
      return ms.withSelector(updated, end);
    }
    return updated;
  }
}
