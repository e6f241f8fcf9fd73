package io.strata.promql.ast;

import java.util.List;

/** A function call. */
public record Call(FunctionSignature function, List<Expr> args, PositionRange positionRange) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  public String name() {
    return function.name();
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public List<Expr> children() {
    return args;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
