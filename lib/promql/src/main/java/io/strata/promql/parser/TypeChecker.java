package io.strata.promql.parser;

import io.strata.model.LabelMatcher;
import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.AggregateOp;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.FunctionSignature;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.PositionRange;
import io.strata.promql.ast.StringLiteral;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.ValueType;
import io.strata.promql.ast.VectorMatching;
import io.strata.promql.ast.VectorSelector;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The checks Prometheus runs on a syntactically valid tree ({@code checkAST}), in the same order so that
 * the first reported error is the same one.
 */
final class TypeChecker {
  private final String query;

  TypeChecker(String query) {
    this.query = query;
  }

  /** Rejects trees deeper than {@code maxDepth} without recursing, so that later recursion is bounded. */
  static void checkDepth(Expr root, int maxDepth, String query) {
    Deque<Expr> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      Expr e = nodes.pop();
      int d = depths.pop();
      if (d > maxDepth) {
        throw new ParseException(e.positionRange(),
            "expression nesting too deep: more than " + maxDepth + " levels", query);
      }
      for (Expr c : e.children()) {
        nodes.push(c);
        depths.push(d + 1);
      }
    }
  }

  ValueType check(Expr node) {
    switch (node) {
      case AggregateExpr a -> {
        expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
        if (a.op() == AggregateOp.TOPK || a.op() == AggregateOp.BOTTOMK || a.op() == AggregateOp.QUANTILE
            || a.op() == AggregateOp.LIMITK || a.op() == AggregateOp.LIMIT_RATIO) {
          expectType(a.param(), ValueType.SCALAR, "aggregation parameter");
        }
        if (a.op() == AggregateOp.COUNT_VALUES) {
          expectType(a.param(), ValueType.STRING, "aggregation parameter");
        }
      }
      case BinaryExpr b -> checkBinary(b);
      case Call c -> checkCall(c);
      case ParenExpr p -> check(p.expr());
      case UnaryExpr u -> {
        ValueType t = check(u.expr());
        if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
          throw error(u.positionRange(), "unary expression only allowed on expressions of type scalar or instant "
              + "vector, got " + GoStrings.quote(t.documentedName()));
        }
      }
      case SubqueryExpr s -> {
        ValueType t = check(s.expr());
        if (t != ValueType.VECTOR) {
          throw error(s.positionRange(), "subquery is only allowed on instant vector, got " + t.apiName()
              + " instead");
        }
      }
      case MatrixSelector m -> check(m.selector());
      case VectorSelector vs -> checkSelector(vs);
      case NumberLiteral n -> {
        // Always valid.
      }
      case StringLiteral s -> {
        // Always valid.
      }
      case DurationExpr d -> {
        // Validated while parsing.
      }
    }
    return node.type();
  }

  private void expectType(Expr e, ValueType want, String context) {
    ValueType t = check(e);
    if (t != want) {
      throw error(e.positionRange(), "expected type " + want.documentedName() + " in " + context + ", got "
          + t.documentedName());
    }
  }

  private void checkBinary(BinaryExpr n) {
    ValueType lt = check(n.lhs());
    ValueType rt = check(n.rhs());
    VectorMatching vm = n.matching();
    if (n.returnBool() && !n.op().isComparison()) {
      throw error(operatorRange(n), "bool modifier can only be used on comparison operators");
    }
    if (n.op().isComparison() && !n.returnBool() && rt == ValueType.SCALAR && lt == ValueType.SCALAR) {
      throw error(operatorRange(n), "comparisons between scalars must use BOOL modifier");
    }
    if (vm.on()) {
      for (String l1 : vm.matchingLabels()) {
        if (vm.include().contains(l1)) {
          throw error(operatorRange(n), "label " + GoStrings.quote(l1) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      throw error(n.lhs().positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw error(n.rhs().positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!vm.matchingLabels().isEmpty()) {
        throw error(n.positionRange(), "vector matching only allowed between instant vectors");
      }
      if (vm.fillLeft() != null || vm.fillRight() != null) {
        throw error(n.positionRange(), "filling in missing series only allowed between instant vectors");
      }
    } else if (n.op().isSetOperator()) {
      if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY || vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
        throw error(n.positionRange(), "no grouping allowed for " + GoStrings.quote(n.op().text()) + " operation");
      }
      if (vm.fillLeft() != null || vm.fillRight() != null) {
        throw error(n.positionRange(), "filling in missing series not allowed for set operators");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && n.op().isSetOperator()) {
      throw error(n.positionRange(), "set operator " + GoStrings.quote(n.op().text())
          + " not allowed in binary scalar expression");
    }
  }

  /** The operator and its modifiers, between the operands (Prometheus' {@code opRange}). */
  private PositionRange operatorRange(BinaryExpr n) {
    int start = n.lhs().positionRange().end();
    while (start < query.length() && Lexer.isSpace(query.charAt(start))) {
      start++;
    }
    int end = n.rhs().positionRange().start() - 1;
    while (end > start && Lexer.isSpace(query.charAt(end))) {
      end--;
    }
    return new PositionRange(start, end);
  }

  private void checkCall(Call n) {
    FunctionSignature f = n.function();
    int nargs = f.argTypes().size();
    int given = n.args().size();
    if (f.variadic() == 0) {
      if (nargs != given) {
        throw error(n.positionRange(), "expected " + nargs + " argument(s) in call to " + GoStrings.quote(f.name())
            + ", got " + given);
      }
    } else {
      int na = nargs - 1;
      if (na > given) {
        throw error(n.positionRange(), "expected at least " + na + " argument(s) in call to "
            + GoStrings.quote(f.name()) + ", got " + given);
      }
      int max = na + f.variadic();
      if (f.variadic() > 0 && max < given) {
        throw error(n.positionRange(), "expected at most " + max + " argument(s) in call to "
            + GoStrings.quote(f.name()) + ", got " + given);
      }
    }
    if (f.name().equals("info") && given > 1) {
      Expr second = n.args().get(1);
      if (second.type() != ValueType.VECTOR) {
        throw error(n.positionRange(), "expected type instant vector in call to function \"info\", got "
            + second.type().documentedName());
      }
      if (second instanceof VectorSelector vs) {
        if (!vs.name().isEmpty()) {
          throw error(second.positionRange(), "expected label selectors only, got vector selector instead");
        }
      } else {
        throw error(second.positionRange(), "expected label selectors only");
      }
    }
    for (int i = 0; i < given; i++) {
      int k = i;
      if (k >= nargs) {
        if (f.variadic() == 0) {
          break;
        }
        k = nargs - 1;
      }
      Expr arg = n.args().get(i);
      if (f.name().equals("info") && i == 1 && arg instanceof VectorSelector) {
        continue; // info()'s label selector may match the empty string.
      }
      ValueType t = check(arg);
      if (t != f.argTypes().get(k)) {
        throw error(arg.positionRange(), "expected type " + f.argTypes().get(k).documentedName()
            + " in call to function " + GoStrings.quote(f.name()) + ", got " + t.documentedName());
      }
    }
  }

  private void checkSelector(VectorSelector n) {
    if (!n.name().isEmpty()) {
      for (int i = 0; i < n.matchers().size() - 1; i++) {
        LabelMatcher m = n.matchers().get(i);
        if (m.name().equals("__name__")) {
          throw error(n.positionRange(), "metric name must not be set twice: " + GoStrings.quote(n.name()) + " or "
              + GoStrings.quote(m.value()));
        }
      }
      return;
    }
    for (LabelMatcher m : n.matchers()) {
      if (!m.matches("")) {
        return;
      }
    }
    throw error(n.positionRange(), "vector selector must contain at least one non-empty matcher");
  }

  private ParseException error(PositionRange range, String message) {
    return new ParseException(range, message, query);
  }
}
