package io.strata.promql.parser;

import com.google.re2j.PatternSyntaxException;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.AggregateOp;
import io.strata.promql.ast.AtModifier;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.BinaryOp;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.FunctionSignature;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.PositionRange;
import io.strata.promql.ast.StringLiteral;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.VectorMatching;
import io.strata.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * PromQL parser: precedence climbing over Prometheus' operator table ({@code or} < {@code and unless} <
 * comparisons < {@code + -} < {@code * / % atan2} < {@code ^}, right-associative), unary {@code +}/{@code -}
 * at the precedence of {@code *}, and the postfix modifiers {@code [range]}, {@code [range:step]},
 * {@code offset} and {@code @} binding tighter than any operator. The first error ends parsing, which is also
 * the only error Prometheus reports.
 */
public final class Parser {
  private final TokenCursor in;
  private final ParserOptions options;
  private final ModifierParser modifiers;
  private int depth;

  private Parser(String input, ParserOptions options) {
    if (input.length() > options.maxLength()) {
      throw new ParseException(new PositionRange(0, 0),
          "query too long: " + input.length() + " characters, the limit is " + options.maxLength(), input);
    }
    this.options = options;
    this.in = new TokenCursor(input, options);
    this.modifiers = new ModifierParser(in, options);
  }

  /** Parses and type-checks an expression with the default (stable PromQL) options. */
  public static Expr parse(String query) {
    return parse(query, ParserOptions.defaults());
  }

  /**
   * Parses and type-checks an expression.
   *
   * @throws ParseException on any syntax or type error, or when the query exceeds the configured limits
   */
  public static Expr parse(String query, ParserOptions options) {
    Parser p = new Parser(query, options);
    if (p.in.is(TokenType.EOF)) {
      throw new ParseException(new PositionRange(0, 0), "no expression found in input", query);
    }
    Expr e = p.binary(0);
    if (!p.in.is(TokenType.EOF)) {
      throw p.in.unexpected("", "");
    }
    TypeChecker.checkDepth(e, options.maxDepth(), query);
    new TypeChecker(query).check(e);
    return e;
  }

  /** Parses a series selector such as {@code up{job="x"}} into its matchers (as for {@code match[]}). */
  public static List<LabelMatcher> parseSelector(String selector) {
    Parser p = new Parser(selector, ParserOptions.defaults());
    Expr e = p.primaryForSelector();
    if (!p.in.is(TokenType.EOF)) {
      throw p.in.unexpected("", "");
    }
    // Like Prometheus's ParseMetricSelector: no AST checks, so {__name__=~".*"} is accepted here;
    // callers that need a non-empty matcher (the HTTP API's match[]) check it themselves.
    return ((VectorSelector) e).matchers();
  }

  /** Parses a metric such as {@code up{job="x"}} into a label set (as in series descriptions). */
  public static Labels parseMetric(String metric) {
    Parser p = new Parser(metric, ParserOptions.defaults());
    Labels.Builder b = Labels.builder();
    if (p.in.type().canBeMetricName()) {
      b.set(Labels.METRIC_NAME, p.in.advance().val());
    }
    if (p.in.is(TokenType.LEFT_BRACE)) {
      p.in.advance();
      while (!p.in.is(TokenType.RIGHT_BRACE)) {
        String name;
        if (p.in.is(TokenType.IDENTIFIER)) {
          name = p.in.advance().val();
        } else if (p.in.is(TokenType.STRING)) {
          name = p.unquote(p.in.advance());
          if (!p.in.is(TokenType.EQL)) {
            b.set(Labels.METRIC_NAME, name);
            name = null;
          }
        } else {
          throw p.in.unexpected("label set", "identifier or \"}\"");
        }
        if (name != null) {
          p.in.expect(TokenType.EQL, "label set", "\"=\"");
          if (!p.in.is(TokenType.STRING)) {
            throw p.in.unexpected("label set", "string");
          }
          b.set(name, p.unquote(p.in.advance()));
        }
        if (p.in.is(TokenType.COMMA)) {
          p.in.advance();
        } else if (!p.in.is(TokenType.RIGHT_BRACE)) {
          throw p.in.unexpected("label set", "\",\" or \"}\"");
        }
      }
      p.in.advance();
    }
    if (!p.in.is(TokenType.EOF)) {
      throw p.in.unexpected("", "");
    }
    return b.build();
  }

  private void enter() {
    if (++depth > options.maxDepth()) {
      throw in.error(in.token().range(),
          "expression nesting too deep: more than " + options.maxDepth() + " levels");
    }
  }

  // ---- binary operators ----

  private Expr binary(int minPrecedence) {
    enter();
    Expr left = unary();
    while (true) {
      BinaryOp op = binaryOp(in.type());
      if (op == null || op.precedence() < minPrecedence) {
        break;
      }
      in.advance();
      boolean returnBool = false;
      if (in.is(TokenType.BOOL)) {
        in.advance();
        returnBool = true;
      }
      VectorMatching matching = matching();
      Expr right = binary(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      if (op.isSetOperator() && matching.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
        matching = matching.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
      }
      BinaryExpr be = new BinaryExpr(op, left, right, matching, returnBool);
      if (!options.fillModifiers() && (matching.fillLeft() != null || matching.fillRight() != null)) {
        throw in.error(be.positionRange(), "binop fill modifiers are experimental and not enabled");
      }
      left = be;
    }
    depth--;
    return left;
  }

  private static BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case LOR -> BinaryOp.OR;
      case LAND -> BinaryOp.AND;
      case LUNLESS -> BinaryOp.UNLESS;
      case EQLC -> BinaryOp.EQLC;
      case NEQ -> BinaryOp.NEQ;
      case LTE -> BinaryOp.LTE;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case GTR -> BinaryOp.GTR;
      case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
      case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case ATAN2 -> BinaryOp.ATAN2;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }

  /** {@code on/ignoring (...)}, {@code group_left/right (...)} and fill modifiers after an operator. */
  private VectorMatching matching() {
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> labels = List.of();
    List<String> include = List.of();
    boolean on = false;
    if (in.is(TokenType.ON) || in.is(TokenType.IGNORING)) {
      on = in.advance().type() == TokenType.ON;
      labels = groupingLabels();
      if (in.is(TokenType.GROUP_LEFT) || in.is(TokenType.GROUP_RIGHT)) {
        card = in.advance().type() == TokenType.GROUP_LEFT
            ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
        if (in.is(TokenType.LEFT_PAREN)) {
          include = groupingLabels();
        }
      }
    }
    Double fillLeft = null;
    Double fillRight = null;
    if (in.is(TokenType.FILL)) {
      in.advance();
      fillLeft = fillValue();
      fillRight = fillLeft;
    } else if (in.is(TokenType.FILL_LEFT)) {
      in.advance();
      fillLeft = fillValue();
      if (in.is(TokenType.FILL_RIGHT)) {
        in.advance();
        fillRight = fillValue();
      }
    } else if (in.is(TokenType.FILL_RIGHT)) {
      in.advance();
      fillRight = fillValue();
      if (in.is(TokenType.FILL_LEFT)) {
        in.advance();
        fillLeft = fillValue();
      }
    }
    return new VectorMatching(card, labels, on, include, fillLeft, fillRight);
  }

  private double fillValue() {
    in.expect(TokenType.LEFT_PAREN, "", "");
    boolean negate = false;
    if (in.is(TokenType.ADD) || in.is(TokenType.SUB)) {
      negate = in.advance().type() == TokenType.SUB;
    }
    double v;
    if (in.is(TokenType.NUMBER)) {
      v = DurationParser.number(in, in.advance());
    } else if (in.is(TokenType.DURATION)) {
      v = DurationParser.durationSeconds(in, in.advance());
    } else {
      throw in.unexpected("", "");
    }
    in.expect(TokenType.RIGHT_PAREN, "", "");
    return negate ? -v : v;
  }

  /** {@code (a, b, "c")}: label names of {@code by}, {@code without}, {@code on}, ... */
  private List<String> groupingLabels() {
    in.expect(TokenType.LEFT_PAREN, "grouping opts", "\"(\"");
    List<String> out = new ArrayList<>();
    if (in.is(TokenType.RIGHT_PAREN)) {
      in.advance();
      return out;
    }
    while (true) {
      Token t = in.token();
      if (t.type().canBeLabelName()) {
        in.advance();
        out.add(t.val());
      } else if (t.type() == TokenType.STRING) {
        in.advance();
        String name = unquote(t);
        if (!GoStrings.isValidLabelName(name)) {
          throw in.error(new PositionRange(t.pos() + 1, t.end()),
              "invalid label name for grouping: " + GoStrings.quote(name));
        }
        out.add(name);
      } else {
        throw in.unexpected("grouping opts", "label");
      }
      if (in.is(TokenType.COMMA)) {
        in.advance();
        if (in.is(TokenType.RIGHT_PAREN)) {
          in.advance();
          return out;
        }
      } else if (in.is(TokenType.RIGHT_PAREN)) {
        in.advance();
        return out;
      } else {
        throw in.unexpected("grouping opts", "\",\" or \")\"");
      }
    }
  }

  // ---- unary and primary expressions ----

  private Expr unary() {
    if (in.is(TokenType.ADD) || in.is(TokenType.SUB)) {
      Token op = in.advance();
      // Unary operators bind like '*': only '^' and the postfix modifiers bind tighter.
      Expr operand = binary(BinaryOp.POW.precedence());
      boolean negate = op.type() == TokenType.SUB;
      if (operand instanceof NumberLiteral n) {
        return new NumberLiteral(negate ? -n.value() : n.value(), n.duration(),
            new PositionRange(op.pos(), n.positionRange().end()));
      }
      return new UnaryExpr(negate, operand, op.pos());
    }
    return postfix(primary());
  }

  private Expr primary() {
    Token t = in.token();
    switch (t.type()) {
      case NUMBER -> {
        in.advance();
        return new NumberLiteral(DurationParser.number(in, t), false, t.range());
      }
      case DURATION -> {
        in.advance();
        return new NumberLiteral(DurationParser.durationSeconds(in, t), true, t.range());
      }
      case STRING -> {
        in.advance();
        return new StringLiteral(unquote(t), t.range());
      }
      case LEFT_PAREN -> {
        in.advance();
        Expr inner = binary(0);
        Token close = in.expect(TokenType.RIGHT_PAREN, "", "");
        return new ParenExpr(inner, new PositionRange(t.pos(), close.end()));
      }
      case LEFT_BRACE, METRIC_IDENTIFIER -> {
        return selector();
      }
      case IDENTIFIER -> {
        return in.peekType() == TokenType.LEFT_PAREN ? call() : selector();
      }
      case START, END, STEP, RANGE, MAX_OF, MIN_OF -> {
        return in.peekType() == TokenType.LEFT_PAREN ? call() : selector();
      }
      default -> {
        if (t.type().kind == TokenType.Kind.AGGREGATOR) {
          TokenType next = in.peekType();
          if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
            return aggregation();
          }
        }
        if (t.type().canBeMetricName()) {
          return selector();
        }
        throw in.unexpected("", "");
      }
    }
  }

  private Expr primaryForSelector() {
    if (in.is(TokenType.LEFT_BRACE) || in.type().canBeMetricName()) {
      return selector();
    }
    throw in.unexpected("", "");
  }

  private VectorSelector selector() {
    String name = "";
    int start = in.token().pos();
    List<LabelMatcher> matchers = new ArrayList<>();
    if (!in.is(TokenType.LEFT_BRACE)) {
      name = in.advance().val();
    }
    if (in.is(TokenType.LEFT_BRACE)) {
      labelMatchers(matchers);
    }
    if (!name.isEmpty()) {
      matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, name));
    }
    return new VectorSelector(name, matchers, 0, null, null, AtModifier.NONE, false, false,
        new PositionRange(start, in.lastEnd()));
  }

  private void labelMatchers(List<LabelMatcher> out) {
    in.advance();
    if (in.is(TokenType.RIGHT_BRACE)) {
      in.advance();
      return;
    }
    while (true) {
      Token name = in.token();
      if (name.type() == TokenType.IDENTIFIER) {
        in.advance();
        if (!isMatchOp(in.type())) {
          throw in.unexpected("label matching", "label matching operator");
        }
        out.add(matcher(name, name.val()));
      } else if (name.type() == TokenType.STRING) {
        in.advance();
        String n = unquote(name);
        if (isMatchOp(in.type())) {
          out.add(matcher(name, n));
        } else {
          out.add(LabelMatcher.equal(Labels.METRIC_NAME, n));
        }
      } else {
        throw in.unexpected("label matching", "identifier or \"}\"");
      }
      if (in.is(TokenType.COMMA)) {
        in.advance();
        if (in.is(TokenType.RIGHT_BRACE)) {
          in.advance();
          return;
        }
      } else if (in.is(TokenType.RIGHT_BRACE)) {
        in.advance();
        return;
      } else {
        throw in.unexpected("label matching", "\",\" or \"}\"");
      }
    }
  }

  private static boolean isMatchOp(TokenType t) {
    return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX || t == TokenType.NEQ_REGEX;
  }

  private LabelMatcher matcher(Token nameTok, String name) {
    LabelMatcher.Type type = switch (in.advance().type()) {
      case EQL -> LabelMatcher.Type.EQ;
      case NEQ -> LabelMatcher.Type.NEQ;
      case EQL_REGEX -> LabelMatcher.Type.RE;
      default -> LabelMatcher.Type.NRE;
    };
    if (!in.is(TokenType.STRING)) {
      throw in.unexpected("label matching", "string");
    }
    Token value = in.advance();
    try {
      return LabelMatcher.of(type, name, unquote(value));
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      if (e.getCause() instanceof PatternSyntaxException pse) {
        msg = "error parsing regexp: " + pse.getDescription() + ": `" + pse.getPattern() + "`";
      }
      throw in.error(new PositionRange(nameTok.pos(), value.end()), msg);
    }
  }

  private Call call() {
    Token name = in.advance();
    List<Expr> args = callBody();
    FunctionSignature fn = options.functions().apply(name.val());
    if (fn == null) {
      throw in.error(name.range(), "unknown function with name " + GoStrings.quote(name.val()));
    }
    if (fn.experimental() && !options.experimentalFunctions()) {
      throw in.error(name.range(), "function " + GoStrings.quote(name.val()) + " is not enabled");
    }
    return new Call(fn, args, new PositionRange(name.pos(), in.lastEnd()));
  }

  /** {@code (arg, arg, ...)} of a function call or aggregation. */
  private List<Expr> callBody() {
    in.expect(TokenType.LEFT_PAREN, "", "");
    List<Expr> args = new ArrayList<>();
    if (in.is(TokenType.RIGHT_PAREN)) {
      in.advance();
      return args;
    }
    while (true) {
      args.add(binary(0));
      if (in.is(TokenType.COMMA)) {
        Token comma = in.advance();
        if (in.is(TokenType.RIGHT_PAREN)) {
          throw in.error(comma.range(), "trailing commas not allowed in function call args");
        }
      } else if (in.is(TokenType.RIGHT_PAREN)) {
        in.advance();
        return args;
      } else {
        throw in.unexpected("", "");
      }
    }
  }

  private AggregateExpr aggregation() {
    Token opTok = in.advance();
    AggregateOp op = AggregateOp.valueOf(opTok.type().name());
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    if (in.is(TokenType.BY) || in.is(TokenType.WITHOUT)) {
      without = in.advance().type() == TokenType.WITHOUT;
      grouping = groupingLabels();
      modifierSeen = true;
    }
    if (!in.is(TokenType.LEFT_PAREN)) {
      throw in.unexpected("aggregation", "");
    }
    List<Expr> args = callBody();
    if (!modifierSeen && (in.is(TokenType.BY) || in.is(TokenType.WITHOUT))) {
      without = in.advance().type() == TokenType.WITHOUT;
      grouping = groupingLabels();
    }
    PositionRange pos = new PositionRange(opTok.pos(), in.lastEnd());
    if (args.isEmpty()) {
      throw in.error(pos, "no arguments for aggregate expression provided");
    }
    int desired = 1;
    Expr param = null;
    if (op.hasParam()) {
      if (op.isExperimental() && !options.experimentalFunctions()) {
        throw in.error(pos, op.text()
            + "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
      }
      desired = 2;
      param = args.get(0);
    }
    if (args.size() != desired) {
      throw in.error(pos, "wrong number of arguments for aggregate expression provided, expected " + desired
          + ", got " + args.size());
    }
    return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, pos);
  }

  // ---- postfix modifiers: [range], [range:step], offset, @, anchored, smoothed ----

  private Expr postfix(Expr e) {
    return modifiers.apply(e);
  }

  private String unquote(Token t) {
    try {
      return GoStrings.unquote(t.val());
    } catch (IllegalArgumentException e) {
      throw in.error(t.range(), "error unquoting string " + GoStrings.quote(t.val()) + ": " + e.getMessage());
    }
  }
}
