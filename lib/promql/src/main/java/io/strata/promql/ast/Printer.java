package io.strata.promql.ast;

import io.strata.model.GoFloat;
import io.strata.model.LabelMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints expressions as canonical PromQL, the same text as Prometheus' {@code Expr.String()}: single spaces
 * around binary operators, {@code by}/{@code without} before the body, sorted label matchers, durations in
 * largest-unit-first form, and {@code @} timestamps with three decimals.
 */
public final class Printer {
  private Printer() {}

  public static String print(Expr e) {
    StringBuilder b = new StringBuilder(64);
    write(b, e);
    return b.toString();
  }

  static void write(StringBuilder b, Expr e) {
    switch (e) {
      case NumberLiteral n -> writeNumber(b, n);
      case StringLiteral s -> b.append(GoStrings.quote(s.value()));
      case ParenExpr p -> {
        b.append('(');
        write(b, p.expr());
        b.append(')');
      }
      case UnaryExpr u -> {
        b.append(u.negate() ? '-' : '+');
        write(b, u.expr());
      }
      case BinaryExpr be -> {
        write(b, be.lhs());
        b.append(' ').append(be.op().text());
        if (be.returnBool()) {
          b.append(" bool");
        }
        b.append(matchingString(be.matching()));
        b.append(' ');
        write(b, be.rhs());
      }
      case AggregateExpr a -> {
        b.append(aggregatePrefix(a)).append('(');
        if (a.param() != null) {
          write(b, a.param());
          b.append(", ");
        }
        write(b, a.expr());
        b.append(')');
      }
      case Call c -> {
        b.append(c.name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            b.append(", ");
          }
          write(b, c.args().get(i));
        }
        b.append(')');
      }
      case VectorSelector vs -> writeSelector(b, vs, true);
      case MatrixSelector ms -> {
        VectorSelector vs = ms.selector();
        writeSelector(b, vs, false);
        b.append('[');
        if (ms.rangeExpr() != null) {
          write(b, ms.rangeExpr());
        } else {
          b.append(Durations.format(ms.rangeMillis()));
        }
        b.append(']');
        if (vs.anchored()) {
          b.append(" anchored");
        } else if (vs.smoothed()) {
          b.append(" smoothed");
        }
        writeAt(b, vs.timestamp(), vs.at());
        writeOffset(b, vs.offsetMillis(), vs.offsetExpr());
      }
      case SubqueryExpr sq -> {
        write(b, sq.expr());
        b.append(subquerySuffix(sq));
      }
      case DurationExpr d -> writeDuration(b, d);
    }
  }

  /** The {@code [range:step] @ t offset d} part of a subquery. */
  static String subquerySuffix(SubqueryExpr sq) {
    StringBuilder b = new StringBuilder();
    b.append('[');
    if (sq.rangeExpr() != null) {
      write(b, sq.rangeExpr());
    } else {
      b.append(Durations.format(sq.rangeMillis()));
    }
    b.append(':');
    if (sq.stepMillis() != 0) {
      b.append(Durations.format(sq.stepMillis()));
    } else if (sq.stepExpr() != null) {
      write(b, sq.stepExpr());
    }
    b.append(']');
    writeAt(b, sq.timestamp(), sq.at());
    writeOffset(b, sq.offsetMillis(), sq.offsetExpr());
    return b.toString();
  }

  /** {@code sum by (a, b) }: the operator and its grouping, as printed before the parenthesised body. */
  static String aggregatePrefix(AggregateExpr a) {
    StringBuilder b = new StringBuilder();
    b.append(a.op().text());
    if (a.without()) {
      b.append(" without (");
      writeLabels(b, a.grouping());
      b.append(") ");
    } else if (!a.grouping().isEmpty()) {
      b.append(" by (");
      writeLabels(b, a.grouping());
      b.append(") ");
    }
    return b.toString();
  }

  /** The {@code bool}-less matching suffix of a binary operator: {@code  on (a) group_left (b)}. */
  static String matchingString(VectorMatching vm) {
    if (vm == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    boolean grouped = vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
        || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY;
    if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
      b.append(vm.on() ? " on (" : " ignoring (");
      writeLabels(b, vm.matchingLabels());
      b.append(')');
    }
    if (grouped) {
      b.append(vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
      writeLabels(b, vm.include());
      b.append(')');
    }
    if (vm.fillLeft() != null || vm.fillRight() != null) {
      if (vm.fillLeft() != null && vm.fillRight() != null && vm.fillLeft().equals(vm.fillRight())) {
        b.append(" fill (").append(GoFloat.formatG(vm.fillLeft())).append(')');
      } else {
        if (vm.fillLeft() != null) {
          b.append(" fill_left (").append(GoFloat.formatG(vm.fillLeft())).append(')');
        }
        if (vm.fillRight() != null) {
          b.append(" fill_right (").append(GoFloat.formatG(vm.fillRight())).append(')');
        }
      }
    }
    return b.toString();
  }

  private static void writeNumber(StringBuilder b, NumberLiteral n) {
    if (n.duration()) {
      double v = n.value();
      if (v < 0) {
        b.append('-').append(Durations.format(((long) (-v * 1e9)) / 1_000_000));
      } else {
        b.append(Durations.format(((long) (v * 1e9)) / 1_000_000));
      }
      return;
    }
    b.append(GoFloat.formatF(n.value()));
  }

  private static void writeSelector(StringBuilder b, VectorSelector vs, boolean withModifiers) {
    List<String> parts = new ArrayList<>(vs.matchers().size());
    for (LabelMatcher m : vs.matchers()) {
      if (m.name().equals("__name__") && m.type() == LabelMatcher.Type.EQ && m.value().equals(vs.name())
          && !m.value().isEmpty()) {
        continue;
      }
      parts.add(matcherString(m));
    }
    b.append(vs.name());
    if (!parts.isEmpty()) {
      Collections.sort(parts);
      b.append('{').append(String.join(",", parts)).append('}');
    }
    if (!withModifiers) {
      return;
    }
    writeAt(b, vs.timestamp(), vs.at());
    if (vs.anchored()) {
      b.append(" anchored");
    } else if (vs.smoothed()) {
      b.append(" smoothed");
    }
    writeOffset(b, vs.offsetMillis(), vs.offsetExpr());
  }

  /** Prometheus' {@code Matcher.String()}: {@code name="value"}, quoting names that need it. */
  public static String matcherString(LabelMatcher m) {
    String name = GoStrings.isLegacyLabelName(m.name()) ? m.name() : GoStrings.quote(m.name());
    return name + m.type().operator() + GoStrings.quote(m.value());
  }

  private static void writeAt(StringBuilder b, Long ts, AtModifier at) {
    if (ts != null) {
      b.append(" @ ").append(formatMillisAsSeconds(ts));
    } else if (at == AtModifier.START) {
      b.append(" @ start()");
    } else if (at == AtModifier.END) {
      b.append(" @ end()");
    }
  }

  /** Exactly Go's {@code %.3f} of {@code ms/1000.0} for integer milliseconds. */
  static String formatMillisAsSeconds(long ms) {
    StringBuilder b = new StringBuilder();
    if (ms < 0) {
      b.append('-');
    }
    long a = Math.abs(ms);
    long rem = a % 1000;
    b.append(a / 1000).append('.');
    if (rem < 100) {
      b.append('0');
    }
    if (rem < 10) {
      b.append('0');
    }
    return b.append(rem).toString();
  }

  private static void writeOffset(StringBuilder b, long millis, DurationExpr expr) {
    if (expr != null) {
      b.append(" offset ");
      write(b, expr);
    } else if (millis > 0) {
      b.append(" offset ").append(Durations.format(millis));
    } else if (millis < 0) {
      b.append(" offset -").append(Durations.format(-millis));
    }
  }

  private static void writeDuration(StringBuilder b, DurationExpr d) {
    if (d.wrapped()) {
      b.append('(');
    }
    switch (d.op()) {
      case STEP -> b.append("step()");
      case RANGE -> b.append("range()");
      case MIN_OF, MAX_OF -> {
        b.append(d.op().text()).append('(');
        write(b, d.lhs());
        b.append(", ");
        write(b, d.rhs());
        b.append(')');
      }
      default -> {
        if (d.lhs() == null) {
          if (d.op() == DurationOp.SUB) {
            b.append('-');
          }
          write(b, d.rhs());
        } else {
          write(b, d.lhs());
          b.append(' ').append(d.op().text()).append(' ');
          write(b, d.rhs());
        }
      }
    }
    if (d.wrapped()) {
      b.append(')');
    }
  }

  static void writeLabels(StringBuilder b, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      String s = names.get(i);
      b.append(GoStrings.isLegacyLabelName(s) ? s : GoStrings.quote(s));
    }
  }
}
