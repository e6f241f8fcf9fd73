package io.strata.promql.parser;

import io.strata.promql.ast.FunctionSignature;
import io.strata.promql.engine.Functions;
import java.util.function.Function;

/**
 * Parser settings. The defaults accept stable PromQL only, like Prometheus without feature flags;
 * {@link #allExperimental()} is what Prometheus' own test files assume.
 *
 * @param experimentalFunctions functions and aggregations marked experimental ({@code limitk},
 *     {@code sort_by_label}, {@code mad_over_time}, {@code start()}, ...)
 * @param durationExpressions arithmetic in ranges and offsets ({@code foo[5m+1m]}, {@code offset step()})
 * @param extendedRangeSelectors {@code anchored} and {@code smoothed}
 * @param fillModifiers {@code fill()}, {@code fill_left()}, {@code fill_right()} on binary operators
 * @param maxDepth the deepest expression nesting accepted, so that evaluating and printing trees stays
 *     within the stack
 * @param maxLength the longest query accepted, in characters
 * @param functions function signatures by name
 */
public record ParserOptions(
    boolean experimentalFunctions, boolean durationExpressions, boolean extendedRangeSelectors,
    boolean fillModifiers, int maxDepth, int maxLength, Function<String, FunctionSignature> functions) {

  public static final int DEFAULT_MAX_DEPTH = 256;
  public static final int DEFAULT_MAX_LENGTH = 1 << 20;

  static {
    // Initialise the function table with the options, on whatever thread first parses: its many lambdas
    // need some stack, and a class whose initialisation overflows a small stack stays unusable.
    Functions.names();
  }

  public static ParserOptions defaults() {
    return new ParserOptions(false, false, false, false, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH,
        Functions::signature);
  }

  public static ParserOptions allExperimental() {
    return new ParserOptions(true, true, true, true, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH,
        Functions::signature);
  }

  public ParserOptions withMaxDepth(int depth) {
    return new ParserOptions(experimentalFunctions, durationExpressions, extendedRangeSelectors, fillModifiers,
        depth, maxLength, functions);
  }

  public ParserOptions withMaxLength(int length) {
    return new ParserOptions(experimentalFunctions, durationExpressions, extendedRangeSelectors, fillModifiers,
        maxDepth, length, functions);
  }
}
