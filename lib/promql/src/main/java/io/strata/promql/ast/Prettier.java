package io.strata.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * Prometheus' prettifier ({@code format_query}): an expression longer than 100 characters is split over
 * lines, two spaces of indent per level; selectors and literals are never split.
 */
public final class Prettier {
  private static final int MAX_CHARACTERS_PER_LINE = 100;

  private Prettier() {}

  public static String pretty(Expr e) {
    return pretty(e, 0);
  }

  static String pretty(Expr e, int level) {
    return switch (e) {
      case AggregateExpr a -> {
        if (!needsSplit(a)) {
          yield indent(level) + a;
        }
        StringBuilder s = new StringBuilder(indent(level)).append(Printer.aggregatePrefix(a)).append("(\n");
        if (a.param() != null) {
          s.append(pretty(a.param(), level + 1)).append(",\n");
        }
        yield s.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level)).append(')').toString();
      }
      case BinaryExpr b -> {
        if (!needsSplit(b)) {
          yield indent(level) + b;
        }
        yield pretty(b.lhs(), level + 1) + "\n" + indent(level) + b.op().text() + (b.returnBool() ? " bool" : "")
            + Printer.matchingString(b.matching()) + "\n" + pretty(b.rhs(), level + 1);
      }
      case Call c -> {
        if (!needsSplit(c)) {
          yield indent(level) + c;
        }
        StringBuilder s = new StringBuilder(indent(level)).append(c.name()).append("(\n");
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            s.append(",\n");
          }
          s.append(pretty(c.args().get(i), level + 1));
        }
        yield s.append('\n').append(indent(level)).append(')').toString();
      }
      case ParenExpr p -> {
        if (!needsSplit(p)) {
          yield indent(level) + p;
        }
        yield indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")";
      }
      case SubqueryExpr sq -> {
        if (!needsSplit(sq)) {
          yield sq.toString();
        }
        yield pretty(sq.expr(), level) + Printer.subquerySuffix(sq);
      }
      case UnaryExpr u -> indent(level) + (u.negate() ? "-" : "+") + pretty(u.expr(), level).strip();
      case DurationExpr d -> d.toString();
      default -> indent(level) + e;
    };
  }

  private static boolean needsSplit(Expr e) {
    return e.toString().getBytes(StandardCharsets.UTF_8).length > MAX_CHARACTERS_PER_LINE;
  }

  private static String indent(int n) {
    return "  ".repeat(n);
  }
}
