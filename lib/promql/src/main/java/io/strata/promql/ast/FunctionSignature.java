package io.strata.promql.ast;

import java.util.List;

/**
 * The type signature of a PromQL function, as checked by the parser.
 *
 * @param name the function name
 * @param argTypes argument types; with {@code variadic != 0} the last one repeats
 * @param variadic 0: exactly {@code argTypes.size()} arguments; {@code n > 0}: the last type may be left
 *     out or repeated up to {@code n} times in all (Prometheus counts the optional argument itself);
 *     {@code -1}: the last type may repeat without limit
 * @param returnType the type of a call
 * @param experimental whether the function is only available with experimental functions enabled
 */
public record FunctionSignature(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {

  public FunctionSignature {
    argTypes = List.copyOf(argTypes);
  }
}
